/**
 * The watchlist while `massive watch` runs: each symbol's subscriptions (quote or index value,
 * minute bars, and its option flow), held so a symbol removed from the screen lets go of exactly
 * what it took, and the store's rows in step. Edits are saved to the `watchlist` setting only when
 * the session started from it: symbols typed on the command line are a one-off look, and saving
 * over the user's list from one would be a surprise (README "Editing the watchlist").
 */
import { openConfigFile, type SettingOrigin } from '../config/index.js';
import type { Logger } from '../lib/logger.js';
import { classifySymbol } from '../massive/symbology.js';
import type { WritableMarketStore } from '../store/store.js';
import { interestFor, type Interest } from '../stream/interests.js';

export interface WatchlistRuntimeOptions {
  readonly client: { subscribe(interest: Interest): () => void };
  readonly store: Pick<WritableMarketStore, 'setSymbols'>;
  /** Whether each watched stock's option flow is streamed (`--flow` not off). */
  readonly flow: boolean;
  /** Seeds the indicator history of symbols just added. */
  readonly seed: (symbols: readonly string[]) => void;
  /** Writes the list to the config; undefined when edits last the session only. */
  readonly save?: ((symbols: readonly string[]) => void) | undefined;
  /** Why edits are not saved, for the footer. @default 'this session only' */
  readonly unsavedNote?: string;
  readonly logger?: Logger;
}

export interface WatchlistRuntime {
  /** The symbols watched now, in the user's order. */
  symbols(): readonly string[];
  /** Follows the starting list (no store change, no save). */
  start(symbols: readonly string[]): void;
  /** Applies an edited list at once and returns what happened to it, for the screen. */
  change(symbols: readonly string[]): string;
}

/** The interests one watchlist symbol takes. */
export function watchInterests(symbol: string, flow: boolean): Interest[] {
  const main = interestFor(symbol);
  const out: Interest[] = main ? [main, { kind: 'bars', symbol }] : [];
  if (flow && classifySymbol(symbol) === 'stocks') out.push({ kind: 'underlyingFlow', symbol });
  return out;
}

export function createWatchlistRuntime(o: WatchlistRuntimeOptions): WatchlistRuntime {
  const held = new Map<string, (() => void)[]>();
  let current: readonly string[] = [];
  const follow = (symbols: readonly string[]): string[] => {
    const added = symbols.filter((s) => !held.has(s));
    for (const s of added)
      held.set(
        s,
        watchInterests(s, o.flow).map((i) => o.client.subscribe(i)),
      );
    for (const [s, releases] of [...held]) {
      if (symbols.includes(s)) continue;
      for (const release of releases) release();
      held.delete(s);
    }
    current = [...symbols];
    return added;
  };
  return {
    symbols: () => current,
    start(symbols) {
      follow(symbols);
    },
    change(symbols) {
      o.store.setSymbols(symbols);
      const added = follow(symbols);
      if (added.length > 0) o.seed(added);
      if (!o.save) return o.unsavedNote ?? 'this session only';
      try {
        o.save(current);
        return 'saved';
      } catch (error) {
        // The screen keeps the edit; the file stays as it was, and the footer says why.
        o.logger?.warn('could not save the watchlist', { message: (error as Error).message });
        return `not saved: ${(error as Error).message}`;
      }
    },
  };
}

/**
 * Where edits go: the config file, when the list came from it (or the default) and no
 * MASSIVE_WATCHLIST overrides the file; otherwise nowhere, with the reason.
 */
export function watchlistSaving(
  fromCommandLine: boolean,
  origin: SettingOrigin,
  env: NodeJS.ProcessEnv = process.env,
): Pick<WatchlistRuntimeOptions, 'save' | 'unsavedNote'> {
  if (fromCommandLine) return { unsavedNote: 'this session only (symbols from the command line)' };
  if (origin === 'env') return { unsavedNote: 'this session only (MASSIVE_WATCHLIST is set)' };
  return { save: (symbols) => openConfigFile(env).set('watchlist', [...symbols]) };
}
