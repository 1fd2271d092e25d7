import type { FlowPrint, TradeSide } from '../market/types.js';
import {
  formatClock,
  formatIv,
  formatMoney,
  formatOptionPrice,
  formatPrice,
  formatSize,
  formatContract,
  formatVolume,
} from './format.js';
import { fitColumns, type Column } from './table.js';

/** Flow tape columns, in display order. */
export type FlowColumnId =
  | 'time'
  | 'ticker'
  | 'expiry'
  | 'strike'
  | 'spot'
  | 'bidAsk'
  | 'fill'
  | 'side'
  | 'size'
  | 'premium'
  | 'type'
  | 'volOi'
  | 'iv'
  | 'sentiment'
  | 'flag';

export const flowColumns: readonly Column<FlowColumnId>[] = [
  { id: 'time', title: 'Time', width: 8, align: 'left', priority: 1 },
  { id: 'ticker', title: 'Sym', width: 6, align: 'left', priority: 0 },
  { id: 'expiry', title: 'Expiry', width: 10, align: 'left', priority: 2 },
  { id: 'strike', title: 'Strike', width: 8, align: 'right', priority: 0 },
  { id: 'spot', title: 'Spot', width: 8, align: 'right', priority: 6 },
  { id: 'bidAsk', title: 'Bid×Ask', width: 13, align: 'right', priority: 5 },
  { id: 'fill', title: 'Fill', width: 7, align: 'right', priority: 3 },
  { id: 'side', title: 'Side', width: 4, align: 'left', priority: 3 },
  { id: 'size', title: 'Size', width: 6, align: 'right', priority: 1 },
  { id: 'premium', title: 'Premium', width: 8, align: 'right', priority: 0 },
  { id: 'type', title: 'Type', width: 6, align: 'left', priority: 2 },
  { id: 'volOi', title: 'Vol/OI', width: 11, align: 'right', priority: 7 },
  { id: 'iv', title: 'IV', width: 6, align: 'right', priority: 7 },
  { id: 'sentiment', title: 'Sent', width: 4, align: 'left', priority: 0 },
  // `!` marks a contract with a liquidity warning (wide spread, low OI, stale quote).
  { id: 'flag', title: '', width: 1, align: 'left', priority: 0 },
];

/** The tape columns that fit in `available` characters. */
export function fitFlowColumns(available: number): readonly Column<FlowColumnId>[] {
  return fitColumns(flowColumns, available);
}

const sideLabels: Readonly<Record<TradeSide, string>> = {
  below_bid: '<Bid',
  bid: 'Bid',
  mid: 'Mid',
  ask: 'Ask',
  above_ask: '>Ask',
  none: '',
};

const sentimentLabels = { bullish: 'bull', bearish: 'bear', neutral: '—' } as const;

/** The text of every cell of one tape row. */
export function flowCells(p: FlowPrint, illiquid: boolean): Record<FlowColumnId, string> {
  const bidAsk =
    p.bid === undefined && p.ask === undefined ? '' : `${formatOptionPrice(p.bid)}×${formatOptionPrice(p.ask)}`;
  const vol = formatVolume(p.volume);
  const oi = formatVolume(p.openInterest);
  return {
    time: formatClock(p.time),
    ticker: p.underlying,
    expiry: p.expiry,
    strike: formatContract(p.strike, p.right),
    spot: formatPrice(p.spot),
    bidAsk,
    fill: formatOptionPrice(p.price),
    side: sideLabels[p.side],
    size: formatSize(p.size),
    premium: formatMoney(p.premium),
    type: p.kind,
    volOi: vol === '' && oi === '' ? '' : `${vol}/${oi}`,
    iv: formatIv(p.iv),
    sentiment: sentimentLabels[p.sentiment],
    flag: illiquid ? '!' : '',
  };
}
