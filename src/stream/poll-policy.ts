/**
 * What to poll and how often while the stream cannot serve a symbol. Pure: which batched requests
 * cover the symbols in need, their base interval for the session phase and asset class, and how
 * the intervals stretch so the total stays inside the REST budget.
 */
import type { Cluster } from '../massive/events.js';
import { aggsPath, indicesSnapshotPath, optionChainPath, stockSnapshotsPath } from '../massive/endpoints.js';
import { parseOptionTicker } from '../massive/symbology.js';
import type { SessionPhase } from '../market/session.js';

export type PollKind = 'stock-snapshot' | 'index-snapshot' | 'option-chain' | 'ticker-aggs';

/** One REST request that refreshes `tickers`. */
export interface PollRequest {
  /** Stable identity across re-plans, so a request keeps its schedule when the need is unchanged. */
  readonly key: string;
  readonly kind: PollKind;
  readonly asset: Cluster;
  readonly tickers: readonly string[];
  /** Path and query at `nowMs` (aggs windows move with time). */
  path(nowMs: number): string;
}

/** The symbols that need REST now, per cluster. */
export interface PollNeed {
  readonly stocks: readonly string[];
  readonly indices: readonly string[];
  readonly options: readonly string[];
}

export const EMPTY_NEED: PollNeed = { stocks: [], indices: [], options: [] };

/**
 * Base interval per phase and asset. Regular hours match the old 3 s per-symbol policy's
 * freshness, but one batched call covers every symbol; extended hours are thin, so slower; when
 * closed there is no loop at all (one refresh, then idle until the next session).
 */
const BASE_MS: Readonly<Record<SessionPhase, Readonly<Record<Cluster, number>>>> = {
  regular: { stocks: 3_000, indices: 3_000, options: 10_000 },
  pre: { stocks: 10_000, indices: 30_000, options: 60_000 },
  after: { stocks: 10_000, indices: 30_000, options: 60_000 },
  closed: { stocks: Infinity, indices: Infinity, options: Infinity },
};

export function basePollIntervalMs(phase: SessionPhase, asset: Cluster): number {
  return BASE_MS[phase]?.[asset] ?? Infinity;
}

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

/**
 * How far back a latest-bar request looks: half an hour while a session runs (bars come every
 * minute, plus the free plan's 15-minute delay); four days when closed, to span a long weekend.
 * No `limit`: servers differ on whether it applies before or after `sort`.
 */
export function latestBarLookbackMs(phase: SessionPhase): number {
  return phase === 'closed' ? 4 * 86_400_000 : 30 * 60_000;
}

/**
 * The requests that cover `need`. With snapshots entitled: one multi-ticker stock snapshot, one
 * indices snapshot and one chain snapshot per underlying, whatever the number of symbols. Without
 * (the free plan): one latest-minute-bar request per stock or index; options cannot be served.
 */
export function planRequests(need: PollNeed, snapshots: boolean, phase: SessionPhase = 'regular'): PollRequest[] {
  const lookback = latestBarLookbackMs(phase);
  const out: PollRequest[] = [];
  const stocks = [...new Set(need.stocks)].sort();
  const indices = [...new Set(need.indices)].sort();
  if (snapshots) {
    if (stocks.length > 0) out.push({ key: 'stocks', kind: 'stock-snapshot', asset: 'stocks', tickers: stocks, path: () => stockSnapshotsPath(stocks) });
    if (indices.length > 0) out.push({ key: 'indices', kind: 'index-snapshot', asset: 'indices', tickers: indices, path: () => indicesSnapshotPath(indices) });
    const byUnderlying = new Map<string, string[]>();
    for (const c of [...new Set(need.options)].sort()) {
      const u = optionUnderlying(c);
      if (u) (byUnderlying.get(u) ?? byUnderlying.set(u, []).get(u)!).push(c);
    }
    for (const [u, contracts] of byUnderlying) {
      out.push({ key: `chain|${u}`, kind: 'option-chain', asset: 'options', tickers: contracts, path: () => optionChainPath(u, { limit: 250 }) });
    }
    return out;
  }
  for (const [asset, list] of [['stocks', stocks], ['indices', indices]] as const) {
    for (const t of list) {
      out.push({
        key: `aggs|${t}`, kind: 'ticker-aggs', asset, tickers: [t],
        path: (now) => aggsPath(t, 1, 'minute', now - lookback, now, { sort: 'desc' }),
      });
    }
  }
  return out;
}

export interface IntervalInputs {
  readonly phase: SessionPhase;
  /** Requests per ms the poller may spend (its share of the client's REST budget). */
  readonly budgetPerMs: number;
  /** ≥ 1: stretches every interval after 429s; eases back toward 1 on success. */
  readonly slowdown: number;
}

/**
 * Interval per request key: the phase's base interval, stretched evenly when their sum of rates
 * exceeds the budget, then multiplied by the 429 slowdown. Infinity means "refresh once, no loop".
 */
export function pollIntervals(requests: readonly PollRequest[], inputs: IntervalInputs): Map<string, number> {
  const base = requests.map((r) => [r.key, basePollIntervalMs(inputs.phase, r.asset)] as const);
  const rate = base.reduce((sum, [, ms]) => sum + (Number.isFinite(ms) && ms > 0 ? 1 / ms : 0), 0);
  const budget = Math.max(0, inputs.budgetPerMs);
  const stretch = rate > budget ? (budget > 0 ? rate / budget : Infinity) : 1;
  const slowdown = Math.max(1, Number.isFinite(inputs.slowdown) ? inputs.slowdown : 1);
  return new Map(base.map(([key, ms]) => [key, ms * stretch * slowdown]));
}

/** After a 429 the poller slows down by this factor (capped); each success eases 10 % back. */
export function nextSlowdown(current: number, outcome: 'ok' | 'rate-limited'): number {
  const c = Math.max(1, Number.isFinite(current) ? current : 1);
  return outcome === 'rate-limited' ? Math.min(16, c * 2) : Math.max(1, c * 0.9);
}
