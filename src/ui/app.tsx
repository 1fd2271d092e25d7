import { useCallback, useMemo, useReducer } from 'react';
import { Box, useStdout } from 'ink';
import type { MarketStore } from '../store/store.js';
import { AlertLine } from './alert-line.js';
import { BiasPanel, biasContentLines, biasExtraLines, biasPanelWidth, biasReasonLines } from './bias-panel.js';
import { DetailView } from './detail-view.js';
import { filterFlow, parseFlowFilter } from './flow-filter.js';
import { FlowTape, newSincePause } from './flow-tape.js';
import { HelpView } from './help-view.js';
import { KeyHints } from './key-hints.js';
import { LevelsSection, levelsSectionLines } from './levels-panel.js';
import { OptionsScreen, optionsKeyContext, useDesk, useDeskWants } from './options-screens.js';
import type { OptionsDesk } from '../store/options-desk.js';
import { planLayout } from './layout.js';
import { sortLabels, sortSymbols } from './sort.js';
import { spinnerFrames, StatusBar } from './status-bar.js';
import { resolveTheme } from './theme.js';
import { initialUiState, reduceUi } from './ui-state.js';
import { useAppInput } from './use-app-input.js';
import { useBell } from './use-bell.js';
import { useMarket } from './use-market.js';
import { usePriceFlash } from './use-price-flash.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useTick } from './use-tick.js';
import { Watchlist } from './watchlist.js';
import { useWatchlistEdit, type WatchlistChange } from './watchlist-edit-hook.js';

export { sideBySideMinColumns } from './layout.js';

/** Spinner frame period while nothing has loaded. */
const spinnerMs = 120;
const sessionNotes = {
  pre: 'pre-market: Ext% vs prior close',
  post: 'after hours: Ext% vs regular close',
  closed: 'market closed',
} as const;

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
  // Scrolled back, the view is held on the print that was newest when scrolling began; prints
  // that arrived since sit above it. An anchor that left the history (or the filter) lets go.
  const anchorAt = ui.tapeAnchor === undefined ? -1 : tape.findIndex((p) => p.id === ui.tapeAnchor);
  const newAbove = Math.max(0, anchorAt);
  const tapeOffset = ui.tapeOffset + newAbove;
  const maxOffset = Math.max(0, tape.length - layout.tapeRows - newAbove);
  const page = ui.panel === 'flow' ? layout.tapeRows : layout.watchlistRows;
  const indexTickers = useMemo(() => Object.keys(snapshot.indices), [snapshot.indices]);
  const editor = useWatchlistEdit(snapshot.symbols, indexTickers, dispatch, onWatchlist);
  useDeskWants(desk, ui);
  const tapeTop = tape[Math.min(tapeOffset, Math.max(0, tape.length - layout.tapeRows))];
  useAppInput({
    options: optionsKeyContext(ui, deskSnap, snapshot, tapeTop),
    state: ui,
    dispatch,
    onQuit,
    order,
    flow: snapshot.flow,
    newest: tape[0]?.id,
    page,
    maxOffset,
    edit: editor.edit,
  });
  const wall = now();
  const session = snapshot.status.session;
  const selected = ui.selected !== undefined && order.includes(ui.selected) ? ui.selected : order[0];

  let main: React.JSX.Element;
  if (ui.help) main = <HelpView theme={theme} height={layout.mainHeight} width={columns} />;
  else if (ui.chain !== undefined || ui.contract !== undefined) {
    main = (
      <OptionsScreen
        ui={ui}
        desk={deskSnap}
        snapshot={snapshot}
        now={now()}
        width={columns}
        height={layout.mainHeight}
        theme={theme}
      />
    );
  } else if (ui.detail !== undefined) {
    main = (
      <Box flexDirection="column">
        <LevelsSection
          entry={deskSnap.levels[ui.detail]}
          note={deskSnap.missing[ui.detail] ?? deskSnap.note}
          now={now()}
          theme={theme}
        />
        <DetailView
          symbol={ui.detail}
          row={snapshot.quotes[ui.detail]}
          indicators={snapshot.indicators[ui.detail]}
          bars={snapshot.sessionBars?.[ui.detail]}
          chartMinutes={ui.chartMinutes}
          flow={snapshot.flow}
          summary={snapshot.flowSummary[ui.detail]}
          liquidity={snapshot.liquidity}
          width={columns}
          height={layout.mainHeight - levelsSectionLines}
          theme={theme}
        />
      </Box>
    );
  } else {
    const bias = layout.showBias ? (
      <BiasPanel
        indices={snapshot.indices}
        bias={snapshot.bias}
        unavailable={snapshot.biasUnavailable}
        theme={theme}
        focused={ui.panel === 'bias'}
        reasons={layout.biasReasons}
        ndxTrend={snapshot.indicators['I:NDX']?.trend}
        spxLevels={deskSnap.levels['I:SPX']}
      />
    ) : null;
    main = (
      // Widths here only choose which columns to show. Boxes flex rather than take these numbers,
      // so the frame Ink draws right after a resize (before this re-render) still fits the screen.
      <Box flexDirection="column">
        <Box flexDirection={layout.sideBySide ? 'row' : 'column'}>
          {layout.showWatchlist ? (
            <Box flexGrow={1} flexShrink={1}>
              <Watchlist
                symbols={order}
                quotes={snapshot.quotes}
                now={wall}
                width={layout.sideBySide && layout.showBias ? columns - biasPanelWidth : columns}
                theme={theme}
                rows={layout.watchlistRows}
                selected={selected}
                focused={ui.panel === 'watchlist'}
                sortLabel={sortLabels[ui.sort]}
                sessionNote={session !== undefined && session !== 'regular' ? sessionNotes[session] : undefined}
                extended={session === 'pre' || session === 'post'}
                sparklines={snapshot.sparklines}
                indicators={snapshot.indicators}
                flowSummary={snapshot.flowSummary}
                illiquid={illiquid}
                flashes={flashes}
              />
            </Box>
          ) : null}
          {bias}
        </Box>
        {layout.showTape || ui.draft !== undefined ? (
          <FlowTape
            prints={tape}
            rows={layout.tapeRows}
            offset={tapeOffset}
            newAbove={ui.tapeOffset > 0 ? newAbove : 0}
            width={columns}
            theme={theme}
            focused={ui.panel === 'flow'}
            cursor={ui.panel === 'flow'}
            illiquid={illiquid}
            filter={ui.filter}
            draft={ui.draft}
            unknownTerms={parsedFilter.unknown}
            pausedNew={ui.frozen ? newSincePause(snapshot.flow, ui.frozen) : undefined}
            held={(ui.frozen ?? snapshot.flow).length}
          />
        ) : null}
      </Box>
    );
  }

  return (
    <Box flexDirection="column">
      <StatusBar
        status={snapshot.status}
        theme={theme}
        now={wall}
        spinner={loading ? spinnerFrames[tick % spinnerFrames.length] : undefined}
      />
      {alerts.length > 0 ? <AlertLine alerts={alerts} theme={theme} /> : null}
      {main}
      <KeyHints editing={ui.draft !== undefined} prompt={ui.symbolDraft} notice={editor.notice} />
    </Box>
  );
}
