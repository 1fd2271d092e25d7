/** The REST gateway's short-lived cache of 2xx answers, keyed by path and query (cacheKey). */
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { RestResponse } from '../rest/index.js';

/** Responses kept at most, however short-lived: a chain of 4,000 contracts is ~1 MB parsed. */
export const maxCacheEntries = 256;

interface Entry {
  readonly expires: number;
  readonly res: RestResponse<unknown>;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private nextSweep = 64;
  private sweepTimer: TimerHandle | undefined;

  constructor(private readonly clock: Clock) {}

  /** The answer still fresh for `key`; an expired one is dropped. */
  get(key: string): RestResponse<unknown> | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires > this.clock.now()) return hit.res;
    this.entries.delete(key);
    return undefined;
  }

  // Most keys are never asked for twice (cursors, time ranges), so an entry cannot wait for its
  // own key to come back to be dropped: expired entries are swept as new ones arrive (each sweep
  // when the cache has doubled, so the cost per entry stays constant), and the oldest go first
  // past a cap, so a long session's chains do not pile up in memory.
  remember(key: string, res: RestResponse<unknown>, keepMs: number): void {
    const now = this.clock.now();
    if (this.entries.size >= this.nextSweep) {
      for (const [k, v] of this.entries) if (v.expires <= now) this.entries.delete(k);
      this.nextSweep = Math.max(64, this.entries.size * 2);
    }
    // Map keeps insertion order: the first key is the oldest entry.
    if (this.entries.size >= maxCacheEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.delete(key);
    this.entries.set(key, { expires: now + keepMs, res });
    this.scheduleSweep(keepMs);
  }

  // A burst of chain pages is followed by quiet: nothing new arrives to trigger the sweep above,
  // so a timer drops what has expired once the burst's answers are stale (~1 MB per chain).
  private scheduleSweep(afterMs: number): void {
    if (this.sweepTimer !== undefined) return;
    this.sweepTimer = this.clock.setTimeout(() => {
      this.sweepTimer = undefined;
      const now = this.clock.now();
      let next = Number.POSITIVE_INFINITY;
      for (const [k, v] of this.entries) {
        if (v.expires <= now) this.entries.delete(k);
        else next = Math.min(next, v.expires);
      }
      if (Number.isFinite(next)) this.scheduleSweep(next - now);
    }, afterMs + 1);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    if (this.sweepTimer !== undefined) this.clock.clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
  }
}
