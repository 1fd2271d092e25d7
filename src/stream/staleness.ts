/**
 * How long silence is normal, per session phase and asset class. Pure tables: the manager asks
 * them whether a symbol is stale (shown on screen and in NDJSON) and whether a quiet stream has
 * stalled, which hands the symbol or the whole cluster to the REST poller. Indices that publish
 * at intervals get a threshold that follows their observed cadence (CadenceTracker, fed by the
 * manager with arrival times; no timers or I/O here either).
 */
import type { Cluster } from '../massive/events.js';
import type { SessionPhase } from '../market/session.js';

/** Time without an update after which a symbol counts as stale; Infinity = never (market closed). */
const EXPECTED_MS: Readonly<Record<SessionPhase, Readonly<Record<Cluster, number>>>> = {
  // Liquid names print many times a second and indices tick every second; options can sit still.
  regular: { stocks: 15_000, indices: 5_000, options: 120_000 },
  // Extended hours are thin: minutes between prints are normal; index values mostly pause.
  pre: { stocks: 120_000, indices: 300_000, options: Infinity },
  after: { stocks: 120_000, indices: 300_000, options: Infinity },
  closed: { stocks: Infinity, indices: Infinity, options: Infinity },
};

/** Silence longer than this (ms) marks a symbol stale in `phase`. */
export function staleAfterMs(phase: SessionPhase, asset: Cluster): number {
  return EXPECTED_MS[phase]?.[asset] ?? Infinity;
}

/** An index is stale after this many of its own update intervals of silence. */
export const CADENCE_FACTOR = 3;

/** The cadence never stretches an index's stale threshold beyond this (ms). */
export const MAX_CADENCE_STALE_MS = 300_000;

/**
 * The stale threshold of a symbol whose updates arrive every `intervalMs` (see CadenceTracker).
 * Massive says index values "may refresh at specific intervals rather than tick-by-tick"
 * (https://massive.com/docs/websocket/indices/overview), so an index that is published once a
 * minute is not stale after the 5 s a tick-by-tick one gets: its threshold is
 * max(base, CADENCE_FACTOR × interval), at most MAX_CADENCE_STALE_MS (never below the base).
 * Stocks and options keep the table's value; so does a closed market (Infinity).
 */
export function cadenceStaleAfterMs(phase: SessionPhase, asset: Cluster, intervalMs?: number): number {
  const base = staleAfterMs(phase, asset);
  if (asset !== 'indices' || !Number.isFinite(base)) return base;
  if (intervalMs === undefined || !Number.isFinite(intervalMs)) return base;
  return Math.max(base, Math.min(MAX_CADENCE_STALE_MS, CADENCE_FACTOR * Math.max(0, intervalMs)));
}

/**
 * Whether a symbol last updated at `lastMs` (or subscribed at `sinceMs`, if it never updated) is
 * stale at `nowMs`. `graceMs` widens the window, e.g. by the poll interval while on REST;
 * `intervalMs` is the symbol's observed update interval (indices only, see cadenceStaleAfterMs).
 */
export function isStale(
  lastMs: number | undefined,
  sinceMs: number,
  nowMs: number,
  phase: SessionPhase,
  asset: Cluster,
  graceMs = 0,
  intervalMs?: number,
): boolean {
  const limit = cadenceStaleAfterMs(phase, asset, intervalMs);
  if (!Number.isFinite(limit)) return false;
  const from = Math.max(lastMs ?? -Infinity, sinceMs);
  if (!Number.isFinite(from)) return false;
  return nowMs - from > limit + Math.max(0, graceMs);
}

/**
 * A live cluster that delivered nothing for this long is treated as stalled (a silent stall:
 * the socket stays open and answers pings, but data stopped). The busiest subscribed symbol sets
 * the pace, so this is shorter than any one symbol's threshold in regular hours.
 */
export function stallAfterMs(phase: SessionPhase, override?: number): number {
  if (phase === 'closed') return Infinity;
  if (override !== undefined && override > 0) return override;
  return phase === 'regular' ? 10_000 : 120_000;
}

export interface CadenceOptions {
  /** Recent gaps kept; their median is the interval. @default 15 */
  readonly samples?: number;
  /** Gaps needed before an interval is reported. @default 3 */
  readonly minSamples?: number;
  /**
   * Arrivals this close to the last counted one are the same update (an index value and its
   * second bar come together) and add no gap. @default 250
   */
  readonly burstMs?: number;
}

/**
 * The observed update interval of one symbol, fed with arrival times (wall clock, ms). The
 * median of the last gaps is robust to the odd long pause (a reconnect, the overnight gap) and
 * to bursts, and follows a feed that changes pace within `samples` updates.
 */
export class CadenceTracker {
  readonly #samples: number;
  readonly #minSamples: number;
  readonly #burstMs: number;
  readonly #gaps: number[] = [];
  #last: number | undefined;

  constructor(options: CadenceOptions = {}) {
    this.#samples = Math.max(1, Math.floor(options.samples ?? 15));
    this.#minSamples = Math.min(this.#samples, Math.max(1, Math.floor(options.minSamples ?? 3)));
    this.#burstMs = Math.max(0, options.burstMs ?? 250);
  }

  /** Records an update that arrived at `atMs`. */
  observe(atMs: number): void {
    if (!Number.isFinite(atMs)) return;
    const last = this.#last;
    // A clock that stepped back restarts the measurement instead of recording a negative gap.
    if (last === undefined || atMs < last) {
      this.#last = atMs;
      return;
    }
    const gap = atMs - last;
    if (gap < this.#burstMs) return;
    this.#last = atMs;
    this.#gaps.push(gap);
    if (this.#gaps.length > this.#samples) this.#gaps.shift();
  }

  /** Median of the recent gaps (ms); undefined until `minSamples` gaps were seen. */
  intervalMs(): number | undefined {
    const n = this.#gaps.length;
    if (n < this.#minSamples) return undefined;
    const sorted = [...this.#gaps].sort((a, b) => a - b);
    const mid = n >> 1;
    return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
}

/**
 * One CadenceTracker per index symbol, for the subscription manager: `observe` on every stream
 * event, `intervalMs` when judging staleness. Other clusters are not tracked (their thresholds
 * do not follow a cadence), and at most `maxSymbols` are held, the oldest dropped first.
 */
export class CadenceBook {
  readonly #trackers = new Map<string, CadenceTracker>();
  readonly #options: CadenceOptions;
  readonly #maxSymbols: number;

  constructor(options: CadenceOptions & { readonly maxSymbols?: number } = {}) {
    this.#options = options;
    this.#maxSymbols = Math.max(1, options.maxSymbols ?? 256);
  }

  observe(symbol: string, cluster: Cluster, atMs: number): void {
    if (cluster !== 'indices') return;
    let tracker = this.#trackers.get(symbol);
    if (tracker === undefined) {
      if (this.#trackers.size >= this.#maxSymbols) this.#trackers.delete(this.#trackers.keys().next().value as string);
      tracker = new CadenceTracker(this.#options);
      this.#trackers.set(symbol, tracker);
    }
    tracker.observe(atMs);
  }

  intervalMs(symbol: string): number | undefined {
    return this.#trackers.get(symbol)?.intervalMs();
  }

  /** Forgets a symbol (on unsubscribe). */
  delete(symbol: string): void {
    this.#trackers.delete(symbol);
  }
}
