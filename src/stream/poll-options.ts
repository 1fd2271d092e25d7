/**
 * REST fallback for watched option contracts. A real chain is far larger than one page: SPY and
 * QQQ list $1 strikes, hundreds of contracts per expiry, and a page holds at most 250
 * (https://massive.com/docs/rest/options/snapshots/option-chain-snapshot.md). So an underlying
 * with a few watched contracts reads each one's own snapshot (one call each, exact), and one with
 * more reads the chain narrowed to its watched contracts' expiries and strike range, following
 * pages up to a cap and stopping as soon as every watched contract has been seen. Pure planning.
 */
import { optionChainPath, optionContractSnapshotPath } from '../massive/endpoints.js';
import { parseOptionTicker } from '../massive/symbology.js';
import type { PollRequest } from './poll-policy.js';

/** Up to this many watched contracts on an underlying, each is read on its own. */
export const CONTRACT_SNAPSHOT_MAX = 3;

/** Most pages one narrowed chain read follows per round (1,000 contracts). */
export const CHAIN_PAGE_CAP = 4;

/**
 * Watched expiries within this many days of a group's first one share a chain read; further
 * out, another read starts, so a 0DTE and a quarterly contract do not drag in every daily expiry
 * between them.
 */
export const EXPIRY_GROUP_DAYS = 7;

/** The chain-snapshot underlying of an option contract (SPXW → I:SPX), or undefined. */
export function optionUnderlying(contract: string): string | undefined {
  const occ = parseOptionTicker(contract);
  if (!occ) return undefined;
  const root = occ.root;
  if (root === 'SPX' || root === 'SPXW') return 'I:SPX';
  if (root === 'NDX' || root === 'NDXP') return 'I:NDX';
  if (root === 'RUT' || root === 'RUTW') return 'I:RUT';
  if (root === 'VIX' || root === 'VIXW') return 'I:VIX';
  // Adjusted roots after corporate actions carry a digit (SPY1); the chain is the plain ticker.
  return root.replace(/\d+$/, '');
}

interface Watched {
  readonly ticker: string;
  readonly expiry: string;
  readonly strike: number;
}

/** The requests that refresh `contracts`: per underlying, contract snapshots or narrowed chain reads. */
export function planOptionRequests(contracts: readonly string[]): PollRequest[] {
  const byUnderlying = new Map<string, Watched[]>();
  for (const ticker of [...new Set(contracts)].sort()) {
    const occ = parseOptionTicker(ticker);
    const u = optionUnderlying(ticker);
    if (!occ || !u) continue;
    (byUnderlying.get(u) ?? byUnderlying.set(u, []).get(u)!).push({ ticker, expiry: occ.expiry, strike: occ.strike });
  }
  const out: PollRequest[] = [];
  for (const [u, watched] of byUnderlying) {
    if (watched.length <= CONTRACT_SNAPSHOT_MAX) out.push(...watched.map((w) => contractRequest(u, w.ticker)));
    else out.push(...expiryGroups(watched).map((group) => chainRequest(u, group)));
  }
  return out;
}

function contractRequest(underlying: string, ticker: string): PollRequest {
  const path = optionContractSnapshotPath(underlying, ticker);
  return {
    key: `contract|${ticker}`,
    kind: 'option-contract',
    asset: 'options',
    family: 'snapshot',
    tickers: [ticker],
    maxPages: 1,
    path: () => path,
  };
}

/** One chain read over a group's expiries and strikes; filters travel as query parameters. */
function chainRequest(underlying: string, group: readonly Watched[]): PollRequest {
  const expiries = group.map((w) => w.expiry).sort();
  const strikes = group.map((w) => w.strike);
  const from = expiries[0]!;
  const to = expiries[expiries.length - 1]!;
  const path = optionChainPath(underlying, {
    expirationDateGte: from,
    expirationDateLte: to,
    strikePriceGte: Math.min(...strikes),
    strikePriceLte: Math.max(...strikes),
    limit: 250,
  });
  return {
    key: `chain|${underlying}|${from}|${to}`,
    kind: 'option-chain',
    asset: 'options',
    family: 'snapshot',
    tickers: group.map((w) => w.ticker).sort(),
    maxPages: CHAIN_PAGE_CAP,
    path: () => path,
  };
}

/** Splits watched contracts into runs of expiries at most EXPIRY_GROUP_DAYS after each run's first. */
function expiryGroups(watched: readonly Watched[]): Watched[][] {
  const sorted = [...watched].sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : 0));
  const groups: Watched[][] = [];
  let start = '';
  for (const w of sorted) {
    const current = groups[groups.length - 1];
    if (current && daysBetween(start, w.expiry) <= EXPIRY_GROUP_DAYS) current.push(w);
    else {
      groups.push([w]);
      start = w.expiry;
    }
  }
  return groups;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
