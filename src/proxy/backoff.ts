import { fullJitterDelay } from '../lib/backoff.js';

/** Why the upstream went away; evictions get a much longer, never-short wait. */
export type DisconnectReason = 'error' | 'max_connections';

export interface ReconnectSchedule {
  /** @default 500 */
  readonly baseMs?: number;
  /** @default 30_000 */
  readonly capMs?: number;
  /** First wait after a `max_connections` eviction. @default 60_000 */
  readonly evictionBaseMs?: number;
  /** @default 600_000 */
  readonly evictionCapMs?: number;
}

/**
 * Delay before reconnect number `attempt` (0-based). Ordinary drops use full jitter capped at
 * 30 s. An eviction means another process holds the account's one socket for this cluster;
 * reconnecting quickly would evict it in turn and the two would ping-pong forever
 * (polygon-io/issues#49), so the wait doubles from a minute and keeps at least half its window.
 */
export function reconnectDelay(
  attempt: number,
  reason: DisconnectReason,
  random: () => number,
  schedule: ReconnectSchedule = {},
): number {
  if (reason === 'error') {
    return fullJitterDelay(attempt, random, { baseMs: schedule.baseMs ?? 500, capMs: schedule.capMs ?? 30_000 });
  }
  const base = schedule.evictionBaseMs ?? 60_000;
  const cap = schedule.evictionCapMs ?? 600_000;
  const window = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt, 20)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(window / 2 + (window / 2) * r);
}
