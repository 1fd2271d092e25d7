import { Box, Text } from 'ink';
import type { FlowPrint, FlowSummary, IndicatorValues, LiquidityWarning } from '../market/types.js';
import type { QuoteRow } from '../store/types.js';
import type { Bar } from '../massive/rest-models.js';
import { Chart } from './chart.js';
import type { ChartMinutes } from './chart-data.js';
import { FlowTape } from './flow-tape.js';
import { direction, formatContract, formatFixed, formatMoney, formatPrice } from './format.js';
import { moveColor, type Theme } from './theme.js';
import { quoteCells } from './watchlist-columns.js';

/** Lines the detail view's box uses besides the chart: border 2, title, 2 indicator lines, flow, liquidity. */
const fixedLines = 7;
/** Border, title and header around the symbol's own tape, and the fewest prints worth a tape. */
const tapeChrome = 4;
const tapeMinRows = 3;
/** Below this many lines for chart and tape together, the chart takes them all. */
const bothFrom = 16;

/**
 * Lines for the chart and for the symbol's tape below the box (0 = no tape): the chart first,
 * since the main screen's tape shows every print anyway; the tape gets about a third once tall.
 */
export function detailSplit(height: number): { readonly chart: number; readonly tape: number } {
  const room = Math.max(2, height - fixedLines);
  if (room < bothFrom) return { chart: room, tape: 0 };
  const tape = Math.max(tapeChrome + tapeMinRows, Math.floor(room * 0.35));
  return { chart: room - tape, tape: tape - tapeChrome };
}

export interface DetailViewProps {
  readonly symbol: string;
  readonly row: QuoteRow | undefined;
  readonly indicators: IndicatorValues | undefined;
  /** The session's 1-minute bars, for the chart. */
  readonly bars: readonly Bar[] | undefined;
  /** Bar length of the chart (`m` switches). @default 1 */
  readonly chartMinutes?: ChartMinutes;
  /** The tape, newest first; the view keeps this symbol's prints. */
  readonly flow: readonly FlowPrint[];
  readonly summary: FlowSummary | undefined;
  readonly liquidity: readonly LiquidityWarning[];
  readonly width: number;
  /** Lines the whole view may take. */
  readonly height: number;
  readonly theme: Theme;
}

const noData = <Text dimColor>no data yet</Text>;

function pair(label: string, value: string): string {
  return value === '' ? '' : `${label} ${value}`;
}

function IndicatorLines({ ind }: { ind: IndicatorValues | undefined }): React.JSX.Element {
  const first = ind
    ? [
        pair('EMA9', formatPrice(ind.ema9)),
        pair('EMA21', formatPrice(ind.ema21)),
        pair('RSI14', formatFixed(ind.rsi14, 1)),
        pair('ATR14', formatFixed(ind.atr14, 2)),
      ].filter(Boolean)
    : [];
  const macd = ind?.macd
    ? `MACD ${formatFixed(ind.macd.macd, 2)}/${formatFixed(ind.macd.signal, 2)} hist ${formatFixed(ind.macd.histogram, 2)}`
    : '';
  const second = ind
    ? [
        pair('VWAP', formatPrice(ind.vwap)),
        macd,
        ind.trend !== 'unknown' ? `trend ${ind.trend}` : '',
        `${ind.bars} bars`,
      ].filter(Boolean)
    : [];
  return (
    <>
      <Text wrap="truncate-end">
        <Text bold>Indicators </Text>
        {first.length > 0 ? first.join('  ') : noData}
      </Text>
      <Text wrap="truncate-end">
        {'           '}
        {second.join('  ')}
      </Text>
    </>
  );
}

function FlowLine({ summary }: { summary: FlowSummary | undefined }): React.JSX.Element {
  const largest = summary?.largest;
  return (
    <Text wrap="truncate-end">
      <Text bold>Flow </Text>
      {summary && summary.count > 0 ? (
        <>
          bullish {formatMoney(summary.bullishPremium)} · bearish {formatMoney(summary.bearishPremium)} ·{' '}
          {summary.count} prints
          {largest
            ? ` · largest ${formatContract(largest.strike, largest.right)} ${largest.expiry} ${formatMoney(largest.premium)} ${largest.kind}`
            : ''}
        </>
      ) : (
        noData
      )}
    </Text>
  );
}

/** One symbol up close: quote, the session's chart, indicators, flow summary and its own tape. */
export function DetailView(props: DetailViewProps): React.JSX.Element {
  const { symbol, row, theme, width } = props;
  const color = moveColor(theme, direction(row?.change));
  const quote = quoteCells(row);
  const prints = props.flow.filter((p) => p.underlying === symbol);
  const contracts = new Set(prints.map((p) => p.contract));
  const warnings = props.liquidity.filter((w) => w.symbol === symbol || contracts.has(w.symbol));
  const split = detailSplit(props.height);
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="round" borderColor={theme.focus} paddingX={1}>
        <Text wrap="truncate-end">
          <Text bold>{symbol}</Text>
          {row?.price === undefined ? (
            <Text dimColor> no data yet</Text>
          ) : (
            <>
              {'  '}
              {quote.price}{' '}
              <Text color={color}>
                {quote.change} {quote.changePct}
              </Text>
              {row.volume !== undefined ? `  vol ${quote.volume}` : ''}
              {row.bid !== undefined && row.ask !== undefined ? `  ${quote.bid} × ${quote.ask}` : ''}
              {row.stale ? '  stale' : ''}
            </>
          )}
          <Text dimColor> Esc back · j/k next symbol · m bars · c chain · t plan</Text>
        </Text>
        <IndicatorLines ind={props.indicators} />
        <FlowLine summary={props.summary} />
        <Text wrap="truncate-end">
          <Text bold>Liquidity </Text>
          {warnings.length === 0 ? (
            <Text dimColor>no warnings</Text>
          ) : (
            `! ${warnings[0]!.symbol} ${warnings[0]!.detail}${warnings.length > 1 ? ` (+${warnings.length - 1} more)` : ''}`
          )}
        </Text>
        <Chart
          bars={props.bars}
          minutes={props.chartMinutes ?? 1}
          width={Math.max(1, width - 4)}
          height={split.chart}
          theme={theme}
        />
      </Box>
      {split.tape > 0 ? (
        <FlowTape
          prints={prints}
          rows={split.tape}
          width={width}
          theme={theme}
          title={`${symbol} flow`}
          illiquid={new Set(warnings.map((w) => w.symbol))}
        />
      ) : null}
    </Box>
  );
}
