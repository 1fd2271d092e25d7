import { Box, Text } from 'ink';
import type { BiasReading } from '../market/types.js';
import type { QuoteRow } from '../store/types.js';
import { direction, fit, formatChange, formatPct, formatPrice } from './format.js';
import { moveColor, type Theme } from './theme.js';

/** The indices the panel shows, with the short names traders use. */
export const biasIndices: readonly { readonly symbol: string; readonly label: string }[] = [
  { symbol: 'I:SPX', label: 'SPX' },
  { symbol: 'I:VIX', label: 'VIX' },
];

/** Border and padding around the rows. */
const chrome = 4;
const rowWidth = 4 + 1 + 10 + 1 + 9 + 1 + 8 + 1 + 5;
/** The panel's width when it sits beside the watchlist. */
export const biasPanelWidth = rowWidth + chrome;
/** Reasons listed under the verdict; more would crowd the watchlist. */
export const maxBiasReasons = 3;

/** Lines of content (title and reasons excluded) the panel needs for this reading. */
export function biasContentLines(bias: BiasReading | undefined): number {
  return biasIndices.length + (bias ? 1 : 0);
}

/** Reason lines the panel would show with room to spare. */
export function biasReasonLines(bias: BiasReading | undefined): number {
  return Math.min(maxBiasReasons, bias?.reasons.length ?? 0);
}

export interface BiasPanelProps {
  readonly indices: Readonly<Record<string, QuoteRow>>;
  readonly bias?: BiasReading | undefined;
  readonly theme: Theme;
  readonly focused?: boolean;
  /** Reasons to list under the verdict (the layout decides what fits). @default maxBiasReasons */
  readonly reasons?: number;
}

function IndexLine({ label, row, theme }: { label: string; row: QuoteRow | undefined; theme: Theme }): React.JSX.Element {
  if (row?.price === undefined) {
    // Words, not zeros: a missing index value must not read as a real one.
    return (
      <Text wrap="truncate-end">
        {fit(label, 4, 'left')} <Text dimColor>waiting for data</Text>
      </Text>
    );
  }
  const color = moveColor(theme, direction(row.change));
  return (
    <Text dimColor={row.stale} wrap="truncate-end">
      <Text bold={!row.stale}>{fit(label, 4, 'left')}</Text> {fit(formatPrice(row.price), 10, 'right')}{' '}
      <Text color={color}>
        {fit(formatChange(row.change, row.price), 9, 'right')} {fit(formatPct(row.changePct), 8, 'right')}
      </Text>
      {row.stale ? ' stale' : ''}
    </Text>
  );
}

function Verdict({ bias, theme }: { bias: BiasReading; theme: Theme }): React.JSX.Element {
  const color = bias.label === 'bullish' ? theme.up : bias.label === 'bearish' ? theme.down : undefined;
  const score = `${bias.score > 0 ? '+' : ''}${Math.round(bias.score)}`;
  const vixArrow = bias.vixDirection === 'rising' ? '↑' : bias.vixDirection === 'falling' ? '↓' : '';
  return (
    <Text wrap="truncate-end">
      <Text bold color={color}>
        {bias.label.toUpperCase()} {score}
      </Text>
      <Text dimColor>
        {' '}SPX {bias.spxTrend} · VIX {bias.vixRegime}
        {vixArrow}
      </Text>
    </Text>
  );
}

/** SPX and VIX at a glance, with the bias verdict and its reasons once there is one. */
export function BiasPanel({ indices, bias, theme, focused = false, reasons = maxBiasReasons }: BiasPanelProps): React.JSX.Element {
  return (
    // Fixed width so the panel does not jump when "waiting for data" turns into numbers; it may
    // shrink on a terminal narrower than that.
    <Box flexDirection="column" flexShrink={1} borderStyle="round" borderColor={focused ? theme.focus : theme.border} paddingX={1} width={biasPanelWidth}>
      <Text bold wrap="truncate-end">
        {focused && !theme.color ? '▸ ' : ''}Market bias
      </Text>
      {biasIndices.map(({ symbol, label }) => (
        <IndexLine key={symbol} label={label} row={indices[symbol]} theme={theme} />
      ))}
      {bias ? <Verdict bias={bias} theme={theme} /> : null}
      {bias?.reasons.slice(0, Math.min(reasons, maxBiasReasons)).map((reason, i) => (
        <Text key={i} dimColor wrap="truncate-end">
          · {reason}
        </Text>
      ))}
    </Box>
  );
}
