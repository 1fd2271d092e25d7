import type { QuoteRow } from '../store/types.js';
import { formatAge, formatChange, formatPct, formatPrice, formatVolume } from './format.js';

/** Watchlist columns, in display order. */
export type ColumnId =
  | 'symbol'
  | 'last'
  | 'change'
  | 'changePct'
  | 'volume'
  | 'bid'
  | 'ask'
  | 'source'
  | 'age'
  | 'flag';

export interface Column {
  readonly id: ColumnId;
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  /**
   * Lower is more important. Columns sharing a priority come and go together (bid without ask
   * is useless), so a narrow terminal drops whole groups instead of wrapping.
   */
  readonly priority: number;
}

export const columns: readonly Column[] = [
  { id: 'symbol', title: 'Symbol', width: 8, align: 'left', priority: 0 },
  { id: 'last', title: 'Last', width: 10, align: 'right', priority: 0 },
  { id: 'change', title: 'Chg', width: 9, align: 'right', priority: 2 },
  { id: 'changePct', title: 'Chg%', width: 8, align: 'right', priority: 0 },
  { id: 'volume', title: 'Volume', width: 7, align: 'right', priority: 3 },
  { id: 'bid', title: 'Bid', width: 10, align: 'right', priority: 4 },
  { id: 'ask', title: 'Ask', width: 10, align: 'right', priority: 4 },
  { id: 'source', title: 'Src', width: 4, align: 'left', priority: 5 },
  { id: 'age', title: 'Age', width: 5, align: 'right', priority: 1 },
  // The stale marker is text, not just dimming, so it survives NO_COLOR and screen readers.
  { id: 'flag', title: '', width: 5, align: 'left', priority: 0 },
];

/** Characters between two columns. */
export const columnGap = 1;

/** The width a set of columns occupies, gaps included. */
export function tableWidth(cols: readonly Column[]): number {
  return cols.reduce((sum, c) => sum + c.width, 0) + Math.max(0, cols.length - 1) * columnGap;
}

/**
 * The columns that fit in `available` characters, in display order. Groups are taken in
 * priority order and a group that does not fit is skipped, so a cheap low-priority column
 * (source) can still appear where an expensive one (bid/ask) could not.
 */
export function fitColumns(available: number): readonly Column[] {
  const priorities = [...new Set(columns.map((c) => c.priority))].sort((a, b) => a - b);
  const chosen = new Set<ColumnId>();
  for (const p of priorities) {
    const group = columns.filter((c) => c.priority === p);
    const trial = columns.filter((c) => chosen.has(c.id) || group.includes(c));
    if (tableWidth(trial) <= available || p === 0) for (const c of group) chosen.add(c.id);
  }
  return columns.filter((c) => chosen.has(c.id));
}

/** The text of every cell of one watchlist row; blank where the value is unknown. */
export function rowCells(symbol: string, row: QuoteRow | undefined, now: number): Record<ColumnId, string> {
  return {
    symbol,
    last: formatPrice(row?.price),
    change: formatChange(row?.change, row?.price),
    changePct: formatPct(row?.changePct),
    volume: formatVolume(row?.volume),
    bid: formatPrice(row?.bid),
    ask: formatPrice(row?.ask),
    source: row?.source ?? '',
    age: row?.asOf === undefined ? '' : formatAge(now - row.asOf),
    flag: row?.stale ? 'stale' : '',
  };
}
