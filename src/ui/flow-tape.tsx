import { Text } from 'ink';
import { memo, useMemo } from 'react';
import type { FlowPrint } from '../market/types.js';
import { flowCells, fitFlowColumns, type FlowColumnId } from './flow-columns.js';
import { Panel, panelTitle } from './panel.js';
import { SpanRow, type Span } from './span-row.js';
import { cellText, headerLine, type Column } from './table.js';
import type { Theme } from './theme.js';

const chrome = 4;
const sentimentColumns: ReadonlySet<FlowColumnId> = new Set(['strike', 'premium', 'sentiment']);

export interface FlowTapeProps {
  /** Prints to show, newest first, already filtered (and frozen while paused). */
  readonly prints: readonly FlowPrint[];
  /** Data rows that fit; the tape never grows past this (it is a window, never Ink's <Static>). */
  readonly rows: number;
  /** Rows scrolled past from the newest; clamped here. */
  readonly offset?: number;
  readonly width: number;
  readonly theme: Theme;
  readonly focused?: boolean;
  /** Contracts with a liquidity warning. */
  readonly illiquid?: ReadonlySet<string>;
  /** The applied filter text, for the title. */
  readonly filter?: string;
  /** The filter being typed; shown as an input line. */
  readonly draft?: string | undefined;
  /** Terms of the filter that were not understood. */
  readonly unknownTerms?: readonly string[];
  /** Paused: how many prints have arrived since (undefined when live). */
  readonly pausedNew?: number | undefined;
  /** Prints held in the history (before the filter), for the title. */
  readonly held?: number;
  /** While scrolled back: prints that arrived since, above the view. */
  readonly newAbove?: number;
  /** @default 'Flow tape' */
  readonly title?: string;
  /** Marks the top row in view: the print `t` opens the plan of. */
  readonly cursor?: boolean;
}

interface TapeRowProps {
  readonly print: FlowPrint;
  readonly cols: readonly Column<FlowColumnId>[];
  readonly theme: Theme;
  readonly illiquid: boolean;
  readonly cursor: boolean;
}

/**
 * One print. Memoised: a print never changes once made, so as new prints push the tape down only
 * the new rows are rendered again (every row did on every frame, a third of the screen's React work).
 */
const TapeRow = memo(function TapeRow({ print: p, cols, theme, illiquid, cursor }: TapeRowProps): React.JSX.Element {
  const cells = flowCells(p, illiquid);
  const color = p.sentiment === 'bullish' ? theme.up : p.sentiment === 'bearish' ? theme.down : undefined;
  const spans = cols.map(
    (c, i): Span => ({
      key: c.id,
      text: cellText(cols, i, cells[c.id]),
      color: sentimentColumns.has(c.id) ? color : undefined,
      bold: c.id === 'premium' && (p.kind === 'sweep' || p.kind === 'block'),
    }),
  );
  return <SpanRow spans={spans} inverse={cursor} />;
});

/** The options flow tape: a bounded window over the newest prints, columns dropped to fit. */
export function FlowTape(props: FlowTapeProps): React.JSX.Element {
  const { prints, width, theme, focused = false } = props;
  const cols = useMemo(() => fitFlowColumns(width - chrome), [width]);
  const rows = Math.max(1, props.rows);
  const offset = Math.min(Math.max(0, props.offset ?? 0), Math.max(0, prints.length - rows));
  const visible = prints.slice(offset, offset + rows);
  const title = panelTitle(props.title ?? 'Flow tape', focused, theme, [
    props.filter ? `filter: ${props.filter}` : '',
    props.unknownTerms && props.unknownTerms.length > 0 ? `ignored: ${props.unknownTerms.join(' ')}` : '',
    props.pausedNew !== undefined ? `PAUSED (${props.pausedNew} new)` : '',
    props.held !== undefined ? heldText(props.held, prints.length) : '',
    offset > 0 ? `↑${offset}${props.newAbove ? ` (${props.newAbove} new)` : ''}` : '',
  ]);
  const draft =
    props.draft === undefined ? undefined : (
      <Text wrap="truncate-end">
        <Text bold>filter: </Text>
        {props.draft}
        <Text inverse> </Text>
        <Text dimColor> Enter apply · Esc cancel</Text>
      </Text>
    );
  return (
    // As tall as the rows it was given, prints or not: the layout hands the tape every row left.
    <Panel
      theme={theme}
      focused={focused}
      title={draft ?? title}
      header={headerLine(cols)}
      height={rows + chrome}
      flexGrow={1}
    >
      {visible.length === 0 ? (
        <Text dimColor wrap="truncate-end">
          {props.filter ? 'No prints match the filter yet.' : 'No flow yet.'}
        </Text>
      ) : null}
      {visible.map((p, row) => (
        <TapeRow
          key={p.id}
          print={p}
          cols={cols}
          theme={theme}
          illiquid={props.illiquid?.has(p.contract) === true}
          cursor={props.cursor === true && row === 0}
        />
      ))}
    </Panel>
  );
}

const count = new Intl.NumberFormat('en-US');

/**
 * `4,210 held · 3,977 filtered out`: what the history holds and what the filter hides, so a short
 * tape is never mistaken for lost prints.
 */
export function heldText(held: number, shown: number): string {
  const hidden = held - shown;
  return `${count.format(held)} held${hidden > 0 ? ` · ${count.format(hidden)} filtered out` : ''}`;
}

/** How many prints in `live` are newer than the newest one of the frozen view. */
export function newSincePause(live: readonly FlowPrint[], frozen: readonly FlowPrint[]): number {
  if (frozen.length === 0) return live.length;
  const at = live.findIndex((p) => p.id === frozen[0]!.id);
  return at < 0 ? live.length : at;
}
