/**
 * Options flow by underlying: a documented extension of the Massive protocol, served on the
 * proxy's `/options` endpoint only (see docs/proxy-flow.md).
 *
 * A client subscribes `FLOW.<underlying>` (`FLOW.SPY`, `FLOW.I:SPX`) the way it subscribes any
 * topic; the proxy acks it with `subscribed to: FLOW.SPY` and from then on forwards every options
 * `T` (trade) and `Q` (quote) element it receives for a contract on that underlying, unchanged.
 * Which contracts the proxy receives depends on its flow mode:
 * - `window`: the trades and quotes of a window of contracts around the money (nearest expiries,
 *   nearest strikes), taken from the chain snapshot and re-centred as the underlying moves; the
 *   window shrinks rather than push the connection past Massive's 1,000-contract quote cap;
 * - `firehose`: `T.*` upstream (every options trade), filtered per client: trades only;
 * - `off`: `FLOW.*` subscriptions are refused with an `error` status.
 *
 * This file is the pure part: topic syntax, contract → underlying, window selection, and the
 * underlying's price implied by the chain itself (for keys without a stocks plan).
 */
import { parseOptionTicker, underlyingOfRoot } from '../massive/symbology.js';
import { parseOptionContractItem } from '../massive/rest-parse-options.js';
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import { optionChainPath } from '../massive/endpoints.js';

/** The channel name of the extension; never sent upstream. */
export const FLOW_CHANNEL = 'FLOW';

/** Stock tickers (`SPY`, `BRK.B`) and index tickers (`I:SPX`); `*` is not offered. */
const UNDERLYING = /^(I:)?[A-Z][A-Z0-9.]{0,9}$/;

/** `FLOW.SPY` → `SPY`; undefined for anything that is not a well-formed flow topic. */
export function parseFlowTopic(topic: string): string | undefined {
  if (typeof topic !== 'string' || !topic.startsWith(`${FLOW_CHANNEL}.`)) return undefined;
  const sym = topic.slice(FLOW_CHANNEL.length + 1);
  return UNDERLYING.test(sym) ? sym : undefined;
}

/** True for topics in the extension's namespace, valid or not (so they are never sent upstream). */
export function isFlowTopic(topic: string): boolean {
  return typeof topic === 'string' && topic.startsWith(`${FLOW_CHANNEL}.`);
}

/**
 * The underlying of an options ticker: `O:SPY261218C00650000` → `SPY`, `O:SPXW…` → `I:SPX`,
 * `O:AMC1…` (adjusted after a corporate action) → `AMC`. Undefined when it is not one.
 */
export function underlyingOfContract(sym: string): string | undefined {
  const occ = parseOptionTicker(sym);
  if (!occ) return undefined;
  return underlyingOfRoot(occ.root);
}

/** One contract of a chain snapshot, as far as the window needs it. */
export interface ChainRow {
  readonly ticker: string;
  readonly expiry: string;
  readonly strike: number;
  readonly right?: 'call' | 'put';
  /** The contract's mid (its NBBO), else its last trade, else its day close: for put-call parity. */
  readonly price?: number;
}

export interface ChainPage {
  readonly rows: ChainRow[];
  /** The underlying's price, when the key's plan puts it on the chain (a stocks plan for stocks). */
  readonly spot?: number;
  /** Time of the market data (underlying, else the contracts' own updates). */
  readonly asOfMs?: number;
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * Reads contracts and the underlying's price from a `/v3/snapshot/options/{u}` page with the
 * client's own contract parser (massive/rest-parse-options.ts); an element it cannot read is
 * skipped, so a page of junk is an empty page.
 */
export function parseChainPage(body: unknown): ChainPage {
  const results = (body as { results?: unknown } | undefined)?.results;
  const rows: ChainRow[] = [];
  let spot: number | undefined;
  let asOfMs: number | undefined;
  if (!Array.isArray(results)) return { rows };
  for (const item of results) {
    const c = parseOptionContractItem(item);
    if (typeof c === 'string') continue;
    rows.push(chainRow(c));
    spot ??= c.underlyingPrice;
    // Without a stocks plan the underlying may carry no time either: the contract's own updates do.
    asOfMs ??= c.underlyingUpdatedMs ?? c.updatedMs;
  }
  return { rows, ...(spot === undefined ? {} : { spot }), ...(asOfMs === undefined ? {} : { asOfMs }) };
}

/** A contract as the window needs it; its price is the NBBO mid, else its last trade, else its day close. */
function chainRow(c: OptionContractSnapshot): ChainRow {
  const bid = positive(c.bid);
  const ask = positive(c.ask);
  const mid = bid !== undefined && ask !== undefined && ask >= bid ? (bid + ask) / 2 : positive(c.midpoint);
  const price = mid ?? positive(c.lastPrice) ?? positive(c.close);
  return {
    ticker: c.ticker,
    expiry: c.expiry,
    strike: c.strike,
    ...(c.contractType === 'other' ? {} : { right: c.contractType }),
    ...(price === undefined ? {} : { price }),
  };
}

/**
 * The underlying's price implied by the chain (put-call parity, S ≈ K + C − P, rates and
 * dividends ignored over the nearest expiry's few days): at the strike of the nearest expiry
 * where call and put prices are closest, which is the one nearest the money. For keys whose plan
 * puts no underlying price on the chain and refuses the underlying's snapshot.
 */
export function impliedSpot(rows: readonly ChainRow[]): number | undefined {
  const pairs = new Map<string, Map<number, { call?: number; put?: number }>>();
  for (const r of rows) {
    if (r.price === undefined || r.right === undefined || !(r.strike > 0)) continue;
    const byStrike = pairs.get(r.expiry) ?? pairs.set(r.expiry, new Map()).get(r.expiry)!;
    const pair = byStrike.get(r.strike) ?? byStrike.set(r.strike, {}).get(r.strike)!;
    pair[r.right] = r.price;
  }
  for (const expiry of [...pairs.keys()].sort()) {
    let best: { readonly gap: number; readonly spot: number } | undefined;
    for (const [strike, { call, put }] of pairs.get(expiry)!) {
      if (call === undefined || put === undefined) continue;
      const gap = Math.abs(call - put);
      if (!best || gap < best.gap) best = { gap, spot: strike + call - put };
    }
    if (best && best.spot > 0) return Math.round(best.spot * 100) / 100;
  }
  return undefined;
}

/**
 * Whether rows read in expiry order already hold the `expiries` nearest expiries in full: they
 * do once a later expiry has begun.
 */
export function windowCovered(rows: readonly ChainRow[], expiries: number): boolean {
  return new Set(rows.map((r) => r.expiry)).size > Math.max(0, expiries);
}

export interface WindowShape {
  /** How many of the nearest expiries the window spans. */
  readonly expiries: number;
  /** Most contracts in the window (each costs one `Q` and one `T` subscription). */
  readonly maxContracts: number;
}

/**
 * The contracts nearest the money: only the `expiries` nearest expiry dates, ordered by distance
 * of the strike from `spot` (calls and puts of a strike together, nearer expiry first), cut at
 * `maxContracts`. Deterministic for equal input, so an unchanged market re-selects the same set.
 */
export function selectWindow(rows: readonly ChainRow[], spot: number, shape: WindowShape): string[] {
  if (!(spot > 0) || shape.maxContracts <= 0) return [];
  const expiries = [...new Set(rows.map((r) => r.expiry))].sort().slice(0, Math.max(0, shape.expiries));
  const rank = new Map(expiries.map((e, i) => [e, i]));
  const picked = rows
    .filter((r) => rank.has(r.expiry))
    .sort((a, b) => {
      const d = Math.abs(a.strike - spot) - Math.abs(b.strike - spot);
      if (d !== 0) return d;
      const e = rank.get(a.expiry)! - rank.get(b.expiry)!;
      if (e !== 0) return e;
      return a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0;
    });
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of picked) {
    if (out.length >= shape.maxContracts) break;
    if (seen.has(r.ticker)) continue;
    seen.add(r.ticker);
    out.push(r.ticker);
  }
  return out;
}

/**
 * The chain query for a window: strikes within `bandPct` of `spot`, expiries from `today`, sorted
 * by expiry so the first page holds the nearest ones. One request per refresh.
 */
export function windowChainPath(underlying: string, spot: number, bandPct: number, today: string): string {
  return optionChainPath(underlying, {
    expirationDateGte: today,
    strikePriceGte: Math.floor(spot * (1 - bandPct) * 100) / 100,
    strikePriceLte: Math.ceil(spot * (1 + bandPct) * 100) / 100,
    sort: 'expiration_date',
    order: 'asc',
    limit: 250,
  });
}

/** Upstream topics for a set of window contracts: a trade and a quote subscription each. */
export function windowTopics(contracts: Iterable<string>): string[] {
  const out: string[] = [];
  for (const c of contracts) out.push(`T.${c}`, `Q.${c}`);
  return out;
}
