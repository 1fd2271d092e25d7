import { Box, Text } from 'ink';
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

export interface BiasPanelProps {
  readonly indices: Readonly<Record<string, QuoteRow>>;
  readonly theme: Theme;
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

/** SPX and VIX at a glance. Later issues add trend, regime and the bias verdict. */
export function BiasPanel({ indices, theme }: BiasPanelProps): React.JSX.Element {
  return (
    // Fixed width so the panel does not jump when "waiting for data" turns into numbers; it may
    // shrink on a terminal narrower than that.
    <Box flexDirection="column" flexShrink={1} borderStyle="round" borderColor={theme.border} paddingX={1} width={biasPanelWidth}>
      <Text bold wrap="truncate-end">
        Market bias
      </Text>
      {biasIndices.map(({ symbol, label }) => (
        <IndexLine key={symbol} label={label} row={indices[symbol]} theme={theme} />
      ))}
    </Box>
  );
}
