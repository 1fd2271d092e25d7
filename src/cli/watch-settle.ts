/**
 * Waits of `massive watch` on what the store has learned: the plan of each asset class, then on a
 * REST-only key the first prices, before history and reference data spend the REST quota.
 */
import type { Cluster } from '../massive/events.js';
import type { WritableMarketStore } from '../store/store.js';

/** Resolves once every symbol has a price or a reason it has none, or after `timeoutMs`. */
export function pricesSettled(
  store: WritableMarketStore,
  symbols: readonly string[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const done = () =>
    symbols.every((s) => {
      const q = store.getSnapshot().quotes[s];
      return q?.price !== undefined || q?.unavailable !== undefined;
    });
  return waitForStore(store, done, timeoutMs, signal);
}

/** Resolves when `ready()` holds on the store's snapshot (checked on every publish), or after `timeoutMs`. */
function waitForStore(
  store: WritableMarketStore,
  ready: () => boolean,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    const unsubscribe = store.subscribe(() => {
      if (ready()) finish();
    });
    signal.addEventListener('abort', finish, { once: true });
    if (signal.aborted || ready()) finish();
  });
}

/** Resolves with the feeds once every cluster in `used` has one from the proxy, or after `timeoutMs`. */
export async function feedsSettled(
  store: WritableMarketStore,
  used: readonly Cluster[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Partial<Record<Cluster, string>>> {
  const feeds = () => store.getSnapshot().status.feeds ?? {};
  await waitForStore(store, () => used.every((c) => feeds()[c] !== undefined), timeoutMs, signal);
  return feeds();
}
