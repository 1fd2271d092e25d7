/**
 * The main part of the screen: help, the option views, a symbol's detail (key levels over the
 * detail view) or the market view (watchlist, bias panel, flow tape). Markup only; App computes
 * what they show.
 */
import { Box } from 'ink';
import type { FlowPrint } from '../market/types.js';
import type { DeskSnapshot } from '../store/options-desk.js';
import type { MarketSnapshot } from '../store/types.js';
import { BiasPanel, biasPanelWidth } from './bias-panel.js';
import { DetailView } from './detail-view.js';
import { FlowTape, newSincePause } from './flow-tape.js';
import { HelpView } from './help-view.js';
import type { Layout } from './layout.js';
import { LevelsSection, levelsSectionLines } from './levels-panel.js';
import { OptionsScreen } from './options-screens.js';
import { sortLabels } from './sort.js';
import type { TapeWindow } from './tape-window.js';
import type { Theme } from './theme.js';
import type { UiState } from './ui-state.js';
import { Watchlist } from './watchlist.js';

const sessionNotes = {
  pre: 'pre-market: Ext% vs prior close',
  post: 'after hours: Ext% vs regular close',
  closed: 'market closed',
} as const;

/** What fills the screen between the status line and the key hints, by what the user opened. */
export function MainView(p: Omit<MarketViewProps, 'now'> & { readonly now: () => number }): React.JSX.Element {
  const { ui, theme, width } = p;
  const height = p.layout.mainHeight;
  if (ui.help) return <HelpView theme={theme} height={height} width={width} />;
  if (ui.chain !== undefined || ui.contract !== undefined)
    return (
      <OptionsScreen
        ui={ui}
        desk={p.desk}
        snapshot={p.snapshot}
        now={p.now()}
        width={width}
        height={height}
        theme={theme}
      />
    );
  if (ui.detail !== undefined)
    return (
      <DetailScreen
        symbol={ui.detail}
        snapshot={p.snapshot}
        desk={p.desk}
        chartMinutes={ui.chartMinutes}
        now={p.now()}
        width={width}
        height={height}
        theme={theme}
      />
    );
  return <MarketView {...p} now={p.now()} />;
}

export interface MarketViewProps {
  readonly snapshot: MarketSnapshot;
  readonly desk: DeskSnapshot;
  readonly ui: UiState;
  readonly layout: Layout;
  readonly theme: Theme;
  readonly width: number;
  /** Watchlist symbols in display order, and the selected one. */
  readonly order: readonly string[];
  readonly selected: string | undefined;
  readonly now: number;
  /** The filtered tape and the part of it on screen. */
  readonly tape: readonly FlowPrint[];
  readonly window: TapeWindow;
  readonly unknownTerms: readonly string[];
  readonly illiquid: ReadonlySet<string>;
  readonly flashes: ReadonlyMap<string, 'up' | 'down'>;
}

/** Watchlist and bias panel (side by side when wide enough) over the flow tape. */
export function MarketView(p: MarketViewProps): React.JSX.Element {
  const { snapshot, ui, layout, theme, width } = p;
  const session = snapshot.status.session;
  return (
    // Widths here only choose which columns to show. Boxes flex rather than take these numbers,
    // so the frame Ink draws right after a resize (before this re-render) still fits the screen.
    <Box flexDirection="column">
      <Box flexDirection={layout.sideBySide ? 'row' : 'column'}>
        {layout.showWatchlist ? (
          <Box flexGrow={1} flexShrink={1}>
            <Watchlist
              symbols={p.order}
              quotes={snapshot.quotes}
              now={p.now}
              width={layout.sideBySide && layout.showBias ? width - biasPanelWidth : width}
              theme={theme}
              rows={layout.watchlistRows}
              selected={p.selected}
              focused={ui.panel === 'watchlist'}
              sortLabel={sortLabels[ui.sort]}
              sessionNote={session !== undefined && session !== 'regular' ? sessionNotes[session] : undefined}
              extended={session === 'pre' || session === 'post'}
              sparklines={snapshot.sparklines}
              indicators={snapshot.indicators}
              flowSummary={snapshot.flowSummary}
              illiquid={p.illiquid}
              flashes={p.flashes}
            />
          </Box>
        ) : null}
        {layout.showBias ? (
          <BiasPanel
            indices={snapshot.indices}
            bias={snapshot.bias}
            unavailable={snapshot.biasUnavailable}
            theme={theme}
            focused={ui.panel === 'bias'}
            reasons={layout.biasReasons}
            ndxTrend={snapshot.indicators['I:NDX']?.trend}
            spxLevels={p.desk.levels['I:SPX']}
          />
        ) : null}
      </Box>
      {layout.showTape || ui.draft !== undefined ? (
        <FlowTape
          prints={p.tape}
          rows={layout.tapeRows}
          offset={p.window.offset}
          newAbove={ui.tapeOffset > 0 ? p.window.newAbove : 0}
          width={width}
          theme={theme}
          focused={ui.panel === 'flow'}
          cursor={ui.panel === 'flow'}
          illiquid={p.illiquid}
          filter={ui.filter}
          draft={ui.draft}
          unknownTerms={p.unknownTerms}
          pausedNew={ui.frozen ? newSincePause(snapshot.flow, ui.frozen) : undefined}
          held={(ui.frozen ?? snapshot.flow).length}
        />
      ) : null}
    </Box>
  );
}

export interface DetailScreenProps {
  readonly symbol: string;
  readonly snapshot: MarketSnapshot;
  readonly desk: DeskSnapshot;
  readonly chartMinutes: UiState['chartMinutes'];
  readonly now: number;
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
}

/** One symbol: its key levels over its detail view (chart, indicators, flow). */
export function DetailScreen({ symbol, snapshot, desk, chartMinutes, now, width, height, theme }: DetailScreenProps) {
  return (
    <Box flexDirection="column">
      <LevelsSection entry={desk.levels[symbol]} note={desk.missing[symbol] ?? desk.note} now={now} theme={theme} />
      <DetailView
        symbol={symbol}
        row={snapshot.quotes[symbol]}
        indicators={snapshot.indicators[symbol]}
        bars={snapshot.sessionBars?.[symbol]}
        chartMinutes={chartMinutes}
        flow={snapshot.flow}
        summary={snapshot.flowSummary[symbol]}
        liquidity={snapshot.liquidity}
        width={width}
        height={height - levelsSectionLines}
        theme={theme}
      />
    </Box>
  );
}
