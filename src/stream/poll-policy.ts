/**
 * What to poll and how often while the stream cannot serve a symbol. Pure: which batched requests
 * cover the symbols in need, their base interval for the session phase and asset class, and how
 * the intervals stretch so the total stays inside the REST budget.
 */
import type { Cluster } from '../massive/events.js';
import { aggsPath, indicesSnapshotPath, prevClosePath, stockSnapshotsPath } from '../massive/endpoints.js';
import type { SessionPhase } from '../market/session.js';
import { planOptionRequests } from './poll-options.js';
import type { EndpointFamily, PollRoutes } from './refusals.js';

export { optionUnderlying } from './poll-options.js';

/** Every kind of poll request, for counters. */
export const POLL_KINDS = [
  'stock-snapshot',
  'index-snapshot',
  'option-chain',
  'option-contract',
  'ticker-aggs',
  'prev-close',
] as const;

export type PollKind = (typeof POLL_KINDS)[number];

/** One REST request that refreshes `tickers`. */
export interface PollRequest {
  /** Stable identity across re-plans, so a request keeps its schedule when the need is unchanged. */
  readonly key: string;
  readonly kind: PollKind;
  readonly asset: Cluster;
  /** What a 403 to this request refuses (remembered per asset class and family). */
  readonly family: EndpointFamily;
  readonly tickers: readonly string[];
  /** Most pages followed per round (chains); 1 elsewhere. */
  readonly maxPages: number;
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

/**
 * The last session's close does not move during the day; it is re-read this seldom only so that
 * symbols added later, and a key upgraded meanwhile, are picked up.
 */
export const LAST_SESSION_MS = 30 * 60_000;

/** Base interval of one request: its asset's, or the slow one for last-session reads. */
export function requestIntervalMs(phase: SessionPhase, req: Pick<PollRequest, 'asset' | 'family'>): number {
  const base = basePollIntervalMs(phase, req.asset);
  return req.family === 'last-session' && Number.isFinite(base) ? LAST_SESSION_MS : base;
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
 * The requests that cover `need`, per asset class along its route. `snapshot`: one multi-ticker
 * stock snapshot, one indices snapshot, and for options the contract or narrowed chain snapshots
 * of poll-options.ts. `bars` (no snapshots in the plan): one latest-minute-bar request per
 * ticker. `last-session` (a Basic key, refused today's data before the close): the previous
 * close per ticker. `none`: nothing.
 */
export function planRequests(need: PollNeed, routes: PollRoutes, phase: SessionPhase = 'regular'): PollRequest[] {
  const out: PollRequest[] = [];
  const stocks = [...new Set(need.stocks)].sort();
  const indices = [...new Set(need.indices)].sort();
  if (routes.stocks === 'snapshot' && stocks.length > 0) {
    const path = stockSnapshotsPath(stocks);
    out.push({
      key: 'stocks',
      kind: 'stock-snapshot',
      asset: 'stocks',
      family: 'snapshot',
      tickers: stocks,
      maxPages: 1,
      path: () => path,
    });
  }
  if (routes.indices === 'snapshot' && indices.length > 0) {
    const path = indicesSnapshotPath(indices);
    out.push({
      key: 'indices',
      kind: 'index-snapshot',
      asset: 'indices',
      family: 'snapshot',
      tickers: indices,
      maxPages: 1,
      path: () => path,
    });
  }
  if (routes.options === 'snapshot') out.push(...planOptionRequests(need.options));
  for (const [asset, list] of [
    ['stocks', stocks],
    ['indices', indices],
  ] as const) {
    const route = routes[asset];
    if (route === 'bars') out.push(...list.map((t) => latestBarRequest(asset, t, phase)));
    if (route === 'last-session') out.push(...list.map((t) => prevCloseRequest(asset, t)));
  }
  return out;
}

function latestBarRequest(asset: Cluster, ticker: string, phase: SessionPhase): PollRequest {
  const lookback = latestBarLookbackMs(phase);
  return {
    key: `aggs|${ticker}`,
    kind: 'ticker-aggs',
    asset,
    family: 'bars',
    tickers: [ticker],
    maxPages: 1,
    path: (now) => aggsPath(ticker, 1, 'minute', now - lookback, now, { sort: 'desc' }),
  };
}

/** `/prev` never names today, so a key refused today's data before the close may read it. */
function prevCloseRequest(asset: Cluster, ticker: string): PollRequest {
  const path = prevClosePath(ticker);
  return {
    key: `prev|${ticker}`,
    kind: 'prev-close',
    asset,
    family: 'last-session',
    tickers: [ticker],
    maxPages: 1,
    path: () => path,
  };
}

export interface IntervalInputs {
  readonly phase: SessionPhase;
  /** Requests per ms the poller may spend (its share of the client's REST budget). */
  readonly budgetPerMs: number;
  /** ≥ 1: stretches every interval after 429s; eases back toward 1 on success. */
  readonly slowdown: number;
  /** Calls one round of a request costs (pages of a chain read last time). @default 1 */
  readonly cost?: (key: string) => number;
}

/**
 * Interval per request key: the base interval, stretched evenly when the sum of rates (each
 * weighted by the calls a round costs) exceeds the budget, then multiplied by the 429 slowdown.
 * Infinity means "refresh once, no loop".
 */
export function pollIntervals(requests: readonly PollRequest[], inputs: IntervalInputs): Map<string, number> {
  const base = requests.map((r) => [r.key, requestIntervalMs(inputs.phase, r)] as const);
  const weight = (key: string): number => {
    const c = inputs.cost?.(key) ?? 1;
    return Number.isFinite(c) && c >= 1 ? c : 1;
  };
  const rate = base.reduce((sum, [key, ms]) => sum + (Number.isFinite(ms) && ms > 0 ? weight(key) / ms : 0), 0);
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
