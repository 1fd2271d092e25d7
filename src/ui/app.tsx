import { useCallback, useMemo, useReducer } from 'react';
import { Box, useStdout } from 'ink';
import type { MarketStore } from '../store/store.js';
import { AlertLine } from './alert-line.js';
import { biasContentLines, biasExtraLines, biasReasonLines } from './bias-panel.js';
import { filterFlow, parseFlowFilter } from './flow-filter.js';
import { KeyHints } from './key-hints.js';
import { MainView } from './market-view.js';
import { optionsKeyContext, useDesk, useDeskWants } from './options-screens.js';
import type { OptionsDesk } from '../store/options-desk.js';
import { planLayout } from './layout.js';
import { sortSymbols } from './sort.js';
import { spinnerFrames, StatusBar } from './status-bar.js';
import { tapeWindow } from './tape-window.js';
import { resolveTheme } from './theme.js';
import { initialUiState, reduceUi, shownSymbol } from './ui-state.js';
import { useAppInput } from './use-app-input.js';
import { useBell } from './use-bell.js';
import { useMarket } from './use-market.js';
import { usePriceFlash } from './use-price-flash.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useTick } from './use-tick.js';
import { useWatchlistEdit, type WatchlistChange } from './watchlist-edit-hook.js';

export { sideBySideMinColumns } from './layout.js';

/** Spinner frame period while nothing has loaded. */
const spinnerMs = 120;

export interface AppProps {
  readonly store: MarketStore;
  /** Key levels, the option chain and plans (store/options-desk.ts); the views stay empty without it. */
  readonly desk?: OptionsDesk;
  /** Called when the user asks to quit (q or Ctrl+C); the caller unmounts. */
  readonly onQuit: () => void;
  /**
   * Wall clock for the age column and the reconnect countdown.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * How often the age column repaints between store updates, in ms; 0 turns it (and the
   * spinner) off, for tests that do not want a timer.
   * @default 1000
   */
  readonly ageRefreshMs?: number;
  /**
   * How long a price cell stays highlighted after it changes, in ms; 0 turns it off.
   * @default 700
   */
  readonly flashMs?: number;
  /**
   * Rings the terminal bell for a new alert.
   * @default writes BEL to Ink's stdout
   */
  readonly onBell?: () => void;
  /** `mono` turns colour off like NO_COLOR does. */
  readonly themeName?: 'dark' | 'light' | 'mono';
  /**
   * The tape filter the screen starts with (the `flowMinPremium` setting gives `>=25k`); the
   * user edits or clears it with `/`.
   * @default ''
   */
  readonly initialFilter?: string;
  /**
   * Applies an edited watchlist (`a`, `d`, `J`, `K`) and says whether it was saved; without it
   * the watchlist cannot be edited.
   */
  readonly onWatchlist?: WatchlistChange;
}

/** The `massive watch` screen: status line, alert line, watchlist, bias panel, flow tape, key hints. */
export function App({
  store,
  onQuit,
  now = Date.now,
  ageRefreshMs = 1000,
  flashMs = 700,
  onBell,
  themeName,
  initialFilter = '',
  onWatchlist,
  desk,
}: AppProps): React.JSX.Element {
  const snapshot = useMarket(store);
  const deskSnap = useDesk(desk);
  const { columns, rows } = useTerminalSize();
  const { stdout } = useStdout();
  const [ui, dispatch] = useReducer(reduceUi, initialFilter, (filter) => ({ ...initialUiState, filter }));
  // NO_COLOR is read once: it does not change under a running process.
  const theme = useMemo(() => resolveTheme(process.env, themeName), [themeName]);

  // Symbols the plan has nothing of are not waited for: they will never load.
  const awaited = snapshot.symbols.filter((s) => snapshot.quotes[s]?.unavailable === undefined);
  const loading = awaited.length > 0 && awaited.every((s) => snapshot.quotes[s]?.price === undefined);
  const tick = useTick(loading && ageRefreshMs > 0 ? Math.min(spinnerMs, ageRefreshMs) : ageRefreshMs);
  const flashes = usePriceFlash(snapshot.quotes, flashMs);
  const ring = useCallback(() => (onBell ? onBell() : stdout.write('\u0007')), [onBell, stdout]);
  useBell(snapshot.alerts, ring);

  const order = useMemo(
    () => sortSymbols(snapshot.symbols, snapshot.quotes, ui.sort),
    [snapshot.symbols, snapshot.quotes, ui.sort],
  );
  const parsedFilter = useMemo(() => parseFlowFilter(ui.filter), [ui.filter]);
  const tape = useMemo(
    () => filterFlow(parsedFilter.filter, ui.frozen ?? snapshot.flow),
    [parsedFilter, ui.frozen, snapshot.flow],
  );
  const illiquid = useMemo(() => new Set(snapshot.liquidity.map((w) => w.symbol)), [snapshot.liquidity]);
  const alerts = snapshot.alerts ?? [];
  const layout = planLayout({
    columns,
    rows,
    symbols: order.length,
    biasLines:
      biasContentLines(snapshot.bias, snapshot.biasUnavailable) +
      biasExtraLines(snapshot.indices, deskSnap.levels['I:SPX']),
    biasReasons: biasReasonLines(snapshot.bias, snapshot.biasUnavailable),
    reserved: 2 + (alerts.length > 0 ? 1 : 0),
    focus: ui.panel,
  });
  const window = tapeWindow(tape, ui.tapeAnchor, ui.tapeOffset, layout.tapeRows);
  const indexTickers = useMemo(() => Object.keys(snapshot.indices), [snapshot.indices]);
  const editor = useWatchlistEdit(snapshot.symbols, indexTickers, dispatch, onWatchlist);
  useDeskWants(desk, ui);
  useAppInput({
    options: optionsKeyContext(ui, deskSnap, snapshot, window.top),
    state: ui,
    dispatch,
    onQuit,
    order,
    flow: snapshot.flow,
    newest: tape[0]?.id,
    page: ui.panel === 'flow' ? layout.tapeRows : layout.watchlistRows,
    maxOffset: window.maxOffset,
    edit: editor.edit,
  });
  const wall = now();
  const selected = shownSymbol(ui, order);

  return (
    <Box flexDirection="column">
      <StatusBar
        status={snapshot.status}
        theme={theme}
        now={wall}
        spinner={loading ? spinnerFrames[tick % spinnerFrames.length] : undefined}
      />
      {alerts.length > 0 ? <AlertLine alerts={alerts} theme={theme} /> : null}
      <MainView
        snapshot={snapshot}
        desk={deskSnap}
        ui={ui}
        layout={layout}
        theme={theme}
        width={columns}
        order={order}
        selected={selected}
        now={now}
        tape={tape}
        window={window}
        unknownTerms={parsedFilter.unknown}
        illiquid={illiquid}
        flashes={flashes}
      />
      <KeyHints editing={ui.draft !== undefined} prompt={ui.symbolDraft} notice={editor.notice} width={columns - 2} />
    </Box>
  );
}
