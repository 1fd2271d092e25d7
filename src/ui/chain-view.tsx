/**
 * The option chain of one underlying (issue 13): calls and puts side by side around the money,
 * the strike in the middle, one expiry at a time. Bid, ask and last in cents; the at-the-money
 * row marked ►◄; the cursor's contract (Enter opens it) in reverse video.
 */
import { Box, Text } from 'ink';
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import {
  formatAge,
  formatFixed,
  formatIv,
  formatOptionPrice,
  formatPrice,
  formatSize,
  formatStrike,
} from './format.js';
import type { ChainModel, ChainRow } from './chain-model.js';
import { cellText, fitColumns, headerLine, tableWidth, type Column } from './table.js';
import type { Theme } from './theme.js';

type SideId = 'delta' | 'iv' | 'oi' | 'vol' | 'last' | 'bid' | 'ask';

/** The calls' columns, outside in; the puts mirror them, so both sides' bid and ask sit by the strike. */
const callColumns: readonly Column<SideId>[] = [
  { id: 'delta', title: 'Δ', width: 6, align: 'right', priority: 1 },
  { id: 'iv', title: 'IV', width: 6, align: 'right', priority: 3 },
  { id: 'oi', title: 'OI', width: 7, align: 'right', priority: 2 },
  { id: 'vol', title: 'Vol', width: 7, align: 'right', priority: 2 },
  { id: 'last', title: 'Last', width: 7, align: 'right', priority: 4 },
  { id: 'bid', title: 'Bid', width: 7, align: 'right', priority: 0 },
  { id: 'ask', title: 'Ask', width: 7, align: 'right', priority: 0 },
];
const putOrder: readonly SideId[] = ['bid', 'ask', 'last', 'vol', 'oi', 'iv', 'delta'];
const putColumns: readonly Column<SideId>[] = putOrder.map((id) => callColumns.find((c) => c.id === id)!);
const strikeWidth = 10;
/** Border and padding columns; lines of border, title, two header lines and the hint line. */
const chrome = 4;
const fixedLines = 6;

function cells(c: OptionContractSnapshot | undefined): Record<SideId, string> {
  return {
    delta: formatFixed(c?.greeks?.delta, 2),
    iv: formatIv(c?.impliedVolatility),
    oi: formatSize(c?.openInterest),
    vol: formatSize(c?.volume),
    last: formatOptionPrice(c?.lastPrice),
    bid: formatOptionPrice(c?.bid),
    ask: formatOptionPrice(c?.ask),
  };
}

function sideText(cols: readonly Column<SideId>[], c: OptionContractSnapshot | undefined): string {
  const t = cells(c);
  return cols.map((col, i) => cellText(cols, i, t[col.id])).join('');
}

/** `text` centred in the strike column. */
function centre(text: string): string {
  const left = Math.max(0, Math.floor((strikeWidth - text.length) / 2));
  return (' '.repeat(left) + text).padEnd(strikeWidth).slice(0, strikeWidth);
}

const strikeText = (row: ChainRow, atm: boolean): string =>
  centre(atm ? `►${formatStrike(row.strike)}◄` : formatStrike(row.strike));

export interface ChainViewProps {
  readonly symbol: string;
  readonly model: ChainModel;
  readonly right: 'call' | 'put';
  /** Wall-clock ms of the chain's last refresh, and now. */
  readonly at: number | undefined;
  readonly now: number;
  /** Why there is no chain (not in the plan, a failed read). */
  readonly error?: string | undefined;
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
}

/** The chain window: rows around the cursor, as many as fit. */
export function ChainView(props: ChainViewProps): React.JSX.Element {
  const { model, theme, width } = props;
  const side = Math.max(16, Math.floor((width - chrome - strikeWidth) / 2));
  const calls = fitColumns(callColumns, side);
  const puts = fitColumns(putColumns, side);
  const room = Math.max(1, props.height - fixedLines);
  const start = Math.max(0, Math.min(model.cursor - Math.floor(room / 2), model.rows.length - room));
  const visible = model.rows.slice(start, start + room);
  const at = model.expiry ? model.expiries.indexOf(model.expiry) : -1;
  const title = [
    `${props.symbol}${model.spot !== undefined ? ` ${formatPrice(model.spot)}` : ''} option chain`,
    model.expiry ? `exp ${model.expiry}${at >= 0 ? ` (${at + 1}/${model.expiries.length})` : ''}` : '',
    model.loaded ? `${model.rows.length} strikes` : '',
    props.at !== undefined && model.loaded ? `updated ${formatAge(props.now - props.at)} ago` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.focus} paddingX={1}>
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      <Text dimColor wrap="truncate-end">
        {'CALLS'.padStart(tableWidth(calls))}
        {centre('Strike')}
        {'PUTS'}
      </Text>
      <Text dimColor wrap="truncate-end">
        {headerLine(calls)}
        {' '.repeat(strikeWidth)}
        {headerLine(puts)}
      </Text>
      {visible.length === 0 ? (
        <Text color={props.error ? theme.warning : undefined} dimColor={!props.error} wrap="truncate-end">
          {props.error ?? (model.expiry ? `loading ${model.expiry}…` : 'loading the chain…')}
        </Text>
      ) : null}
      {visible.map((row, i) => {
        const index = start + i;
        const cursor = index === model.cursor;
        const atm = index === model.atm;
        return (
          <Text key={row.strike} wrap="truncate-end">
            <Text inverse={cursor && props.right === 'call'}>{sideText(calls, row.call)}</Text>
            <Text bold={atm || cursor} color={atm ? theme.accent : undefined}>
              {strikeText(row, atm)}
            </Text>
            <Text inverse={cursor && props.right === 'put'}>{sideText(puts, row.put)}</Text>
          </Text>
        );
      })}
      <Text dimColor wrap="truncate-end">
        j/k strike · h/l calls/puts · [ ] expiry · ⏎ contract and plan · Esc back
      </Text>
    </Box>
  );
}
