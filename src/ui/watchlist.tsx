import { Text } from 'ink';
import type { FlowSummary, IndicatorValues } from '../market/types.js';
import type { QuoteRow } from '../store/types.js';
import { direction } from './format.js';
import { Panel, panelTitle } from './panel.js';
import { SpanRow, type Span } from './span-row.js';
import { cellText, headerLine } from './table.js';
import { moveColor, type Theme } from './theme.js';
import { fitColumns, rowCells, type Column, type ColumnId } from './watchlist-columns.js';

/** Border and horizontal padding around the table. */
const chrome = 4;
const colored: ReadonlySet<ColumnId> = new Set(['change', 'changePct', 'spark']);

export interface WatchlistProps {
  /** Symbols in display (sorted) order. */
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
  /** Data rows that fit; the view scrolls to keep the selection visible. @default all */
  readonly rows?: number;
  readonly selected?: string | undefined;
  readonly focused?: boolean;
  /** Shown in the title, e.g. `change %`. */
  readonly sortLabel?: string;
  /** Extended-hours note for the title, e.g. `pre-market`. */
  readonly sessionNote?: string | undefined;
  /** Pre-market or after hours: show the extended-session move (Ext%). */
  readonly extended?: boolean;
  readonly sparklines?: Readonly<Record<string, readonly number[]>>;
  readonly indicators?: Readonly<Record<string, IndicatorValues>>;
  readonly flowSummary?: Readonly<Record<string, FlowSummary>>;
  readonly illiquid?: ReadonlySet<string>;
  /** Symbols whose price just ticked, and which way. */
  readonly flashes?: ReadonlyMap<string, 'up' | 'down'>;
}

interface RowProps {
  readonly cols: readonly Column[];
  readonly cells: Record<ColumnId, string>;
  readonly row: QuoteRow | undefined;
  readonly theme: Theme;
  readonly selected: boolean;
  readonly flash: 'up' | 'down' | undefined;
}

function Row({ cols, cells, row, theme, selected, flash }: RowProps): React.JSX.Element {
  const color = moveColor(theme, direction(row?.change));
  const stale = row?.stale === true;
  const spans = cols.map((c, i): Span => {
    const text = cellText(cols, i, cells[c.id]);
    // Bold's SGR close (22) also ends dim, so a stale row's symbol stays plain to keep the
    // whole row dimmed.
    if (c.id === 'symbol') return { key: c.id, text, bold: !stale, inverse: selected };
    // Without colour the tick shows as inverse video, so it is still seen.
    if (c.id === 'last' && flash)
      return {
        key: c.id,
        text,
        backgroundColor: flash === 'up' ? theme.flashUp : theme.flashDown,
        color: theme.color ? 'black' : undefined,
        inverse: !theme.color,
      };
    if (colored.has(c.id)) return { key: c.id, text, color };
    return { key: c.id, text };
  });
  return <SpanRow spans={spans} dimColor={stale} />;
}

/** First visible row so that `selectedIndex` stays on screen, scrolling as little as possible. */
export function scrollStart(selectedIndex: number, visible: number, total: number): number {
  if (visible <= 0 || total <= visible) return 0;
  return Math.min(total - visible, Math.max(0, selectedIndex - visible + 1));
}

/** The watchlist table: one row per symbol, with selection, sparklines and flow summaries. */
export function Watchlist(props: WatchlistProps): React.JSX.Element {
  const { symbols, quotes, now, width, theme, selected, focused = false } = props;
  const cols = fitColumns(width - chrome, props.sessionNote !== undefined && props.extended === true);
  const rows = Math.max(1, props.rows ?? symbols.length);
  const selectedIndex = Math.max(0, selected === undefined ? 0 : symbols.indexOf(selected));
  const start = scrollStart(selectedIndex, rows, symbols.length);
  const visible = symbols.slice(start, start + rows);
  const above = start;
  const below = Math.max(0, symbols.length - start - visible.length);
  const title = panelTitle('Watchlist', focused, theme, [
    props.sortLabel ? `sort: ${props.sortLabel}` : '',
    props.sessionNote ?? '',
    above > 0 ? `↑${above}` : '',
    below > 0 ? `↓${below}` : '',
  ]);
  return (
    <Panel theme={theme} focused={focused} title={title} header={headerLine(cols)} flexGrow={1}>
      {symbols.length === 0 ? (
        <Text dimColor wrap="truncate-end">
          No symbols: try `massive watch SPY QQQ`.
        </Text>
      ) : null}
      {visible.map((symbol, i) => {
        const row = quotes[symbol];
        const isSelected = start + i === selectedIndex;
        const cells = rowCells(symbol, row, now, {
          selected: isSelected,
          sparkline: props.sparklines?.[symbol],
          summary: props.flowSummary?.[symbol],
          illiquid: props.illiquid?.has(symbol) === true,
          indicators: props.indicators?.[symbol],
        });
        return (
          <Row
            key={symbol}
            cols={cols}
            cells={cells}
            row={row}
            theme={theme}
            selected={isSelected && focused}
            flash={props.flashes?.get(symbol)}
          />
        );
      })}
    </Panel>
  );
}
