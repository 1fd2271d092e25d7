import type { FlowSummary, IndicatorValues } from '../market/types.js';
import type { QuoteRow } from '../store/types.js';
import {
  formatAge,
  formatChange,
  formatFixed,
  formatMoney,
  formatPct,
  formatPrice,
  formatContract,
  formatVolume,
} from './format.js';
import { sparkline } from './sparkline.js';
import { fitColumns as fitTable, tableWidth as widthOf, type Column as TableColumn } from './table.js';

/** Watchlist columns, in display order. */
export type ColumnId =
  | 'cursor'
  | 'symbol'
  | 'last'
  | 'change'
  | 'changePct'
  | 'ext'
  | 'spark'
  | 'rsi'
  | 'trend'
  | 'volume'
  | 'bid'
  | 'ask'
  | 'flow'
  | 'largest'
  | 'source'
  | 'age'
  | 'flag';

export type Column = TableColumn<ColumnId>;

/** Width of the per-row session sparkline. */
export const sparkWidth = 10;

export const columns: readonly Column[] = [
  // The selection marker is a character, not only inverse video, so it survives NO_COLOR and tmux captures.
  { id: 'cursor', title: '', width: 1, align: 'left', priority: 0 },
  { id: 'symbol', title: 'Symbol', width: 8, align: 'left', priority: 0 },
  { id: 'last', title: 'Last', width: 10, align: 'right', priority: 0 },
  { id: 'change', title: 'Chg', width: 9, align: 'right', priority: 2 },
  { id: 'changePct', title: 'Chg%', width: 8, align: 'right', priority: 0 },
  // Pre-market / after-hours move; the column exists only outside regular hours.
  { id: 'ext', title: 'Ext%', width: 8, align: 'right', priority: 1 },
  { id: 'spark', title: 'Session', width: sparkWidth, align: 'left', priority: 3 },
  { id: 'rsi', title: 'RSI', width: 3, align: 'right', priority: 9 },
  // Price against EMA9/EMA21 on 1-minute bars, as an arrow and a word (readable without colour).
  { id: 'trend', title: 'Trend', width: 6, align: 'left', priority: 9 },
  { id: 'volume', title: 'Volume', width: 7, align: 'right', priority: 4 },
  { id: 'bid', title: 'Bid', width: 10, align: 'right', priority: 5 },
  { id: 'ask', title: 'Ask', width: 10, align: 'right', priority: 5 },
  { id: 'flow', title: 'Flow bull/bear', width: 14, align: 'right', priority: 7 },
  { id: 'largest', title: 'Largest', width: 14, align: 'left', priority: 8 },
  { id: 'source', title: 'Src', width: 4, align: 'left', priority: 6 },
  { id: 'age', title: 'Age', width: 5, align: 'right', priority: 1 },
  // Stale and liquidity markers are text, not just dimming, so they survive NO_COLOR and screen readers.
  { id: 'flag', title: '', width: 7, align: 'left', priority: 0 },
];

/** The width a set of watchlist columns occupies, gaps included. */
export function tableWidth(cols: readonly Column[]): number {
  return widthOf(cols);
}

/**
 * The watchlist columns that fit in `available` characters, in display order; the extended-hours
 * column only when `extended` (pre-market or after hours).
 */
export function fitColumns(available: number, extended = false): readonly Column[] {
  return fitTable(extended ? columns : columns.filter((c) => c.id !== 'ext'), available);
}

/** What a row shows besides its quote. */
export interface RowExtras {
  readonly selected?: boolean;
  readonly sparkline?: readonly number[] | undefined;
  readonly summary?: FlowSummary | undefined;
  /** A liquidity warning is active for the symbol. */
  readonly illiquid?: boolean;
  readonly indicators?: IndicatorValues | undefined;
}

const TREND: Readonly<Record<IndicatorValues['trend'], string>> = {
  up: '▲ up',
  down: '▼ down',
  flat: '– flat',
  unknown: '',
};

function largestText(summary: FlowSummary | undefined): string {
  const p = summary?.largest;
  if (!p) return '';
  return `${formatContract(p.strike, p.right)} ${formatMoney(p.premium)}`;
}

/** A quote's numbers as text, the same in the watchlist and the detail view; blank where unknown. */
export function quoteCells(row: QuoteRow | undefined): Readonly<Record<'price' | QuoteColumnId, string>> {
  return {
    price: formatPrice(row?.price),
    change: formatChange(row?.change, row?.price),
    changePct: formatPct(row?.changePct),
    volume: formatVolume(row?.volume),
    bid: formatPrice(row?.bid),
    ask: formatPrice(row?.ask),
  };
}

type QuoteColumnId = 'change' | 'changePct' | 'volume' | 'bid' | 'ask';

/** The text of every cell of one watchlist row; blank where the value is unknown. */
export function rowCells(
  symbol: string,
  row: QuoteRow | undefined,
  now: number,
  extras: RowExtras = {},
): Record<ColumnId, string> {
  const { summary } = extras;
  const { price, ...quote } = quoteCells(row);
  return {
    ...quote,
    cursor: extras.selected ? '›' : '',
    symbol,
    // A symbol the plan has nothing of says so where its price would be, instead of staying blank.
    last: row?.unavailable !== undefined && row.price === undefined ? 'no plan' : price,
    ext: formatPct(row?.extChangePct),
    spark: sparkline(extras.sparkline, sparkWidth),
    rsi: formatFixed(extras.indicators?.rsi14, 0),
    trend: extras.indicators ? TREND[extras.indicators.trend] : '',
    flow:
      summary && summary.count > 0
        ? `+${formatMoney(summary.bullishPremium)}/-${formatMoney(summary.bearishPremium)}`
        : '',
    largest: largestText(summary),
    source: row?.source ?? '',
    // Age on the wall clock (receivedAt): market time may run behind it (delayed feed, demo replay).
    age: row?.asOf === undefined ? '' : formatAge(now - (row.receivedAt ?? row.asOf)),
    // A delayed (15-minute) or end-of-day price looks as fresh as a real-time one otherwise: its
    // age is measured from when it arrived.
    flag: [extras.illiquid ? '!' : '', row?.delayed ? 'dly' : '', row?.stale ? 'stale' : ''].filter(Boolean).join(' '),
  };
}
