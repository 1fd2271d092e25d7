/** Output of `massive chain`: a fixed-width table for people, one JSON document for programs. */
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import { formatFixed, formatIv, formatOptionPrice, formatPrice, formatStrike, formatVolume } from '../ui/format.js';
import { fitColumns, headerLine, cellText, type Column } from '../ui/table.js';

type ChainColumnId =
  | 'expiry'
  | 'type'
  | 'strike'
  | 'bid'
  | 'ask'
  | 'last'
  | 'volume'
  | 'oi'
  | 'iv'
  | 'delta'
  | 'gamma'
  | 'theta'
  | 'vega'
  | 'breakEven';

const chainColumns: readonly Column<ChainColumnId>[] = [
  { id: 'expiry', title: 'Expiry', width: 10, align: 'left', priority: 0 },
  { id: 'type', title: 'C/P', width: 3, align: 'left', priority: 0 },
  { id: 'strike', title: 'Strike', width: 8, align: 'right', priority: 0 },
  { id: 'bid', title: 'Bid', width: 8, align: 'right', priority: 0 },
  { id: 'ask', title: 'Ask', width: 8, align: 'right', priority: 0 },
  { id: 'last', title: 'Last', width: 8, align: 'right', priority: 1 },
  { id: 'volume', title: 'Volume', width: 7, align: 'right', priority: 2 },
  { id: 'oi', title: 'OI', width: 7, align: 'right', priority: 2 },
  { id: 'iv', title: 'IV', width: 6, align: 'right', priority: 1 },
  { id: 'delta', title: 'Delta', width: 7, align: 'right', priority: 1 },
  { id: 'gamma', title: 'Gamma', width: 7, align: 'right', priority: 3 },
  { id: 'theta', title: 'Theta', width: 7, align: 'right', priority: 3 },
  { id: 'vega', title: 'Vega', width: 7, align: 'right', priority: 3 },
  { id: 'breakEven', title: 'BreakEven', width: 9, align: 'right', priority: 2 },
];

function cells(c: OptionContractSnapshot): Record<ChainColumnId, string> {
  return {
    expiry: c.expiry,
    type: c.contractType === 'call' ? 'C' : c.contractType === 'put' ? 'P' : '?',
    strike: formatStrike(c.strike),
    bid: formatOptionPrice(c.bid),
    ask: formatOptionPrice(c.ask),
    last: formatOptionPrice(c.lastPrice),
    volume: formatVolume(c.volume),
    oi: formatVolume(c.openInterest),
    iv: formatIv(c.impliedVolatility),
    delta: formatFixed(c.greeks?.delta, 3),
    gamma: formatFixed(c.greeks?.gamma, 4),
    theta: formatFixed(c.greeks?.theta, 3),
    vega: formatFixed(c.greeks?.vega, 3),
    breakEven: formatPrice(c.breakEven),
  };
}

/** Expiry, then strike, then calls before puts: how a trader reads a chain. */
export function sortChain(contracts: readonly OptionContractSnapshot[]): OptionContractSnapshot[] {
  return [...contracts].sort((a, b) =>
    a.expiry !== b.expiry
      ? a.expiry < b.expiry
        ? -1
        : 1
      : a.strike !== b.strike
        ? a.strike - b.strike
        : a.contractType < b.contractType
          ? -1
          : a.contractType > b.contractType
            ? 1
            : 0,
  );
}

/**
 * The table, columns dropped (never wrapped) to fit `width` when output goes to a terminal;
 * `undefined` width (a pipe) keeps every column.
 */
export function chainTable(
  header: string,
  contracts: readonly OptionContractSnapshot[],
  width: number | undefined,
): string {
  const cols = width === undefined ? chainColumns : fitColumns(chainColumns, width);
  const out = [header, headerLine(cols)];
  for (const c of contracts) {
    const cs = cells(c);
    out.push(
      cols
        .map((col, i) => cellText(cols, i, cs[col.id]))
        .join('')
        .trimEnd(),
    );
  }
  if (contracts.length === 0) out.push('No contracts match these filters.');
  return `${out.join('\n')}\n`;
}

export interface ChainDocument {
  readonly type: 'chain';
  readonly v: 1;
  readonly ts: string;
  readonly demo: boolean;
  readonly underlying: string;
  readonly spot: number | null;
  /** The query parameters sent to Massive. */
  readonly filters: Readonly<Record<string, string | number>>;
  readonly count: number;
  /** True when --limit cut the chain short. */
  readonly truncated: boolean;
  readonly contracts: readonly Record<string, unknown>[];
}

/** One contract in the JSON document: snake-free names, nulls for unknown values. */
export function contractJson(c: OptionContractSnapshot): Record<string, unknown> {
  const n = (v: number | undefined): number | null => (v === undefined ? null : v);
  return {
    contract: c.ticker,
    expiry: c.expiry,
    right: c.contractType,
    strike: c.strike,
    bid: n(c.bid),
    ask: n(c.ask),
    last: n(c.lastPrice),
    volume: n(c.volume),
    openInterest: n(c.openInterest),
    iv: n(c.impliedVolatility),
    delta: n(c.greeks?.delta),
    gamma: n(c.greeks?.gamma),
    theta: n(c.greeks?.theta),
    vega: n(c.greeks?.vega),
    breakEven: n(c.breakEven),
    underlyingPrice: n(c.underlyingPrice),
    updatedMs: n(c.updatedMs),
  };
}
