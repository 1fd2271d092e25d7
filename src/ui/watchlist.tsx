import { Box, Text } from 'ink';
import type { QuoteRow } from '../store/types.js';
import { direction, fit } from './format.js';
import { moveColor, type Theme } from './theme.js';
import { columnGap, fitColumns, rowCells, type Column, type ColumnId } from './watchlist-columns.js';

/** Border and horizontal padding around the table. */
const chrome = 4;
const gap = ' '.repeat(columnGap);
const colored: ReadonlySet<ColumnId> = new Set(['change', 'changePct']);

export interface WatchlistProps {
  readonly symbols: readonly string[];
  readonly quotes: Readonly<Record<string, QuoteRow>>;
  /** Wall-clock ms the age column is measured against. */
  readonly now: number;
  /**
   * Width available, in terminal columns: picks the columns that fit (the rest are dropped,
   * never wrapped). The box itself fills its parent.
   */
  readonly width: number;
  readonly theme: Theme;
}

function Row({ cols, cells, row, theme }: {
  cols: readonly Column[];
  cells: Record<ColumnId, string>;
  row: QuoteRow | undefined;
  theme: Theme;
}): React.JSX.Element {
  const color = moveColor(theme, direction(row?.change));
  return (
    <Text dimColor={row?.stale === true} wrap="truncate-end">
      {cols.map((c, i) => {
        const text = (i === 0 ? '' : gap) + fit(cells[c.id], c.width, c.align);
        // Bold's SGR close (22) also ends dim, so a stale row's symbol stays plain to keep the
        // whole row dimmed.
        if (c.id === 'symbol') return <Text key={c.id} bold={row?.stale !== true}>{text}</Text>;
        if (colored.has(c.id)) return <Text key={c.id} color={color}>{text}</Text>;
        return <Text key={c.id}>{text}</Text>;
      })}
    </Text>
  );
}

/** The watchlist table: one row per symbol, in the user's order. */
export function Watchlist({ symbols, quotes, now, width, theme }: WatchlistProps): React.JSX.Element {
  const cols = fitColumns(width - chrome);
  const header = cols.map((c) => fit(c.title, c.width, c.align)).join(gap);
  return (
    <Box flexDirection="column" flexGrow={1} borderStyle="round" borderColor={theme.border} paddingX={1}>
      <Text bold>Watchlist</Text>
      <Text dimColor wrap="truncate-end">
        {header}
      </Text>
      {symbols.length === 0 ? (
        <Text dimColor wrap="truncate-end">
          No symbols: try `massive watch SPY QQQ`.
        </Text>
      ) : null}
      {symbols.map((symbol) => {
        const row = quotes[symbol];
        return <Row key={symbol} cols={cols} cells={rowCells(symbol, row, now)} row={row} theme={theme} />;
      })}
    </Box>
  );
}
