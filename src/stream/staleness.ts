/**
 * How long silence is normal, per session phase and asset class. Pure tables: the manager asks
 * them whether a symbol is stale (shown on screen and in NDJSON) and whether a quiet stream has
 * stalled, which hands the symbol or the whole cluster to the REST poller.
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

/**
 * Whether a symbol last updated at `lastMs` (or subscribed at `sinceMs`, if it never updated) is
 * stale at `nowMs`. `graceMs` widens the window, e.g. by the poll interval while on REST.
 */
export function isStale(lastMs: number | undefined, sinceMs: number, nowMs: number, phase: SessionPhase, asset: Cluster, graceMs = 0): boolean {
  const limit = staleAfterMs(phase, asset);
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
