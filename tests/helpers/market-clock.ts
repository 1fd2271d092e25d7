/**
 * The one clock for tests that run against real sockets: real timers, but `now()` reads market
 * time from `startMs`, so the client believes the session is open whatever the wall clock says.
 * Pending timers are counted, so a test can prove nothing was left behind.
 *
 * It imports only types: bench/fault-matrix.mjs loads it (through tests/helpers/fault-matrix.ts)
 * without the TypeScript sources.
 */
import type { Clock, TimerHandle } from '../../src/lib/clock.js';

export interface MarketClock extends Clock {
  /** Timers set and neither fired nor cleared. */
  readonly pending: number;
}

export function marketClock(startMs: number): MarketClock {
  const offset = startMs - Date.now();
  const timers = new Map<number, NodeJS.Timeout>();
  let next = 1;
  return {
    now: () => Date.now() + offset,
    setTimeout(fn, ms): TimerHandle {
      const id = next++;
      const t = setTimeout(() => {
        timers.delete(id);
        fn();
      }, ms);
      t.unref();
      timers.set(id, t);
      return { id };
    },
    clearTimeout(handle) {
      clearTimeout(timers.get(handle.id));
      timers.delete(handle.id);
    },
    get pending() {
      return timers.size;
    },
  };
}
