import { render, useApp } from 'ink';
import type { MarketStore } from '../store/store.js';
import type { OptionsDesk } from '../store/options-desk.js';
import { App } from './app.js';
import { boundInkMeasureCache, trimInkMeasureCache } from './ink-measure-cache.js';
import { installOutputStage, uninstallOutputStage } from './output-stage.js';
import type { WatchlistChange } from './watchlist-edit-hook.js';

export interface RunTuiOptions {
  /** @default process.stdout */
  readonly stdout?: NodeJS.WriteStream;
  /** @default process.stdin */
  readonly stdin?: NodeJS.ReadStream;
  /**
   * Ends the screen from outside (SIGTERM, a fatal error in the CLI), exactly as `q` would:
   * unmount, restore the terminal, resolve.
   */
  readonly signal?: AbortSignal;
  /**
   * Draw on the terminal's alternate screen, as full-screen monitors do: the shell's scrollback
   * comes back on quit, and a shrinking window cannot leave reflowed half-frames behind.
   * @default stdout.isTTY
   */
  readonly alternateScreen?: boolean;
  /** The `theme` setting; `mono` turns colour off as NO_COLOR does. @default 'dark' */
  readonly theme?: 'dark' | 'light' | 'mono';
  /** The tape filter to start with, e.g. `>=25k` from the flowMinPremium setting. */
  readonly filter?: string;
  /**
   * The `renderer` setting: `cached` swaps in the output stage of ./output-stage.ts (the same
   * frames at a fraction of the CPU); `ink` keeps Ink's own, in case an Ink upgrade disagrees.
   * Ink's `incrementalRendering` (rewrite only changed lines) stays off: in Ink 6.8 it draws each
   * repaint one row too low in tmux, so lines show twice.
   * @default 'cached'
   */
  readonly renderer?: 'cached' | 'ink';
  /** Key levels, the chain view and plans (store/options-desk.ts). */
  readonly desk?: OptionsDesk;
  /** Applies a watchlist edited on the screen; without it the watchlist cannot be edited. */
  readonly onWatchlist?: WatchlistChange;
}

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';

function Root({
  store,
  theme,
  filter,
  desk,
  onWatchlist,
}: {
  store: MarketStore;
  theme: RunTuiOptions['theme'];
  filter: string | undefined;
  desk?: OptionsDesk | undefined;
  onWatchlist?: WatchlistChange | undefined;
}): React.JSX.Element {
  const { exit } = useApp();
  return (
    <App
      store={store}
      onQuit={() => exit()}
      {...(theme ? { themeName: theme } : {})}
      {...(filter ? { initialFilter: filter } : {})}
      {...(desk ? { desk } : {})}
      {...(onWatchlist ? { onWatchlist } : {})}
    />
  );
}

/**
 * Shows the watch screen until the user quits (q or Ctrl+C). Resolves after Ink has unmounted
 * and given the terminal back (raw mode off, cursor shown, main screen restored).
 */
export async function runTui(store: MarketStore, opts: RunTuiOptions = {}): Promise<void> {
  if (opts.signal?.aborted) return;
  const stdout = opts.stdout ?? process.stdout;
  const altScreen = opts.alternateScreen ?? stdout.isTTY === true;
  if (opts.renderer !== 'ink') await installOutputStage();
  if (opts.renderer === 'ink') await uninstallOutputStage();
  // Ink's text measure cache never forgets a string; a live screen would grow it all day.
  const bounded = await boundInkMeasureCache();
  const trim = bounded ? setInterval(() => trimInkMeasureCache(), 2_000) : undefined;
  trim?.unref();
  if (altScreen) stdout.write(enterAltScreen);
  const instance = render(
    <Root store={store} theme={opts.theme} filter={opts.filter} desk={opts.desk} onWatchlist={opts.onWatchlist} />,
    {
      stdout,
      stdin: opts.stdin ?? process.stdin,
      // We handle Ctrl+C as a key so quitting unmounts cleanly and the process exits 0.
      exitOnCtrlC: false,
    },
  );
  const signalOnAbort = (): void => instance.unmount();
  opts.signal?.addEventListener('abort', signalOnAbort, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    opts.signal?.removeEventListener('abort', signalOnAbort);
    clearInterval(trim);
    // Forget the instance so a later render on the same stdout starts fresh.
    instance.cleanup();
    if (altScreen) stdout.write(leaveAltScreen);
  }
}
