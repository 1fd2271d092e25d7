import { Text } from 'ink';
import type { BiasReading, Trend } from '../market/types.js';
import type { LevelsEntry } from '../store/options-desk.js';
import type { QuoteRow } from '../store/types.js';
import { spxLevelsText } from './levels-panel.js';
import { direction, fit, formatChange, formatPct, formatPrice } from './format.js';
import { Panel, panelTitle } from './panel.js';
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

/** Words wrapped to lines of at most `width` columns; a word longer than that is cut by the row. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** NDX, shown with its trend under SPX and VIX when the key's plan has it. */
const ndx = { symbol: 'I:NDX', label: 'NDX' } as const;

/** Whether the NDX line is shown: the row exists and has a value (an unavailable index is left out). */
function showNdx(row: QuoteRow | undefined): boolean {
  return row !== undefined && row.unavailable === undefined && row.price !== undefined;
}

/** Lines the NDX trend and the SPX levels add to the panel (for the layout). */
export function biasExtraLines(
  indices: Readonly<Record<string, QuoteRow>>,
  spxLevels: LevelsEntry | undefined,
): number {
  return (showNdx(indices[ndx.symbol]) ? 1 : 0) + (spxLevels ? 1 : 0);
}

/** The lines of the note that says why the bias is missing (snapshot.biasUnavailable). */
export function biasNoteLines(note: string | undefined): string[] {
  return note ? wrapWords(note, rowWidth) : [];
}

/**
 * Lines of content (title and reasons excluded) the panel needs for this reading: the index
 * lines, the verdict, and the first line of the note when the bias cannot be (fully) computed.
 */
export function biasContentLines(bias: BiasReading | undefined, note?: string): number {
  return biasIndices.length + (bias ? 1 : 0) + (note ? 1 : 0);
}

/** Reason lines the panel would show with room to spare: the rest of the note, then the reasons. */
export function biasReasonLines(bias: BiasReading | undefined, note?: string): number {
  return Math.max(0, biasNoteLines(note).length - 1) + Math.min(maxBiasReasons, bias?.reasons.length ?? 0);
}

export interface BiasPanelProps {
  readonly indices: Readonly<Record<string, QuoteRow>>;
  readonly bias?: BiasReading | undefined;
  readonly theme: Theme;
  readonly focused?: boolean;
  /**
   * Reason lines to show under the verdict, the note's further lines first (the layout decides
   * what fits). @default biasReasonLines(bias, unavailable)
   */
  readonly reasons?: number;
  /** Why the bias cannot be (fully) computed, e.g. "indices not in your plan: the bias needs I:SPX and I:VIX". */
  readonly unavailable?: string | undefined;
  /** NDX's trend from its minute bars (shown on the NDX line when I:NDX has a value). */
  readonly ndxTrend?: Trend | undefined;
  /** SPX's key levels, when the key's options plan serves the SPX chain. */
  readonly spxLevels?: LevelsEntry | undefined;
}

const trendMark: Readonly<Record<Trend, string>> = { up: '↑ up', down: '↓ dn', flat: '→', unknown: '' };

function IndexLine({
  label,
  row,
  theme,
  trend,
}: {
  label: string;
  row: QuoteRow | undefined;
  theme: Theme;
  trend?: Trend | undefined;
}): React.JSX.Element {
  if (row?.price === undefined) {
    // Words, not zeros: a missing index value must not read as a real one.
    return (
      <Text wrap="truncate-end">
        {fit(label, 4, 'left')}{' '}
        <Text dimColor>{row?.unavailable !== undefined ? 'unavailable' : 'waiting for data'}</Text>
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
      {row.stale ? ' stale' : trend && trendMark[trend] ? ` ${trendMark[trend]}` : ''}
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
        {' '}
        SPX {bias.spxTrend} · VIX {bias.vixRegime}
        {vixArrow}
      </Text>
    </Text>
  );
}

/**
 * SPX and VIX at a glance, with the bias verdict and its reasons once there is one; when the
 * plan lacks what the bias needs, the panel says so instead of waiting forever.
 */
export function BiasPanel({
  indices,
  bias,
  theme,
  focused = false,
  reasons,
  unavailable,
  ndxTrend,
  spxLevels,
}: BiasPanelProps): React.JSX.Element {
  const note = biasNoteLines(unavailable);
  const budget = reasons ?? biasReasonLines(bias, unavailable);
  const noteMore = note.slice(1, 1 + budget);
  const biasReasons = bias?.reasons.slice(0, Math.min(budget - noteMore.length, maxBiasReasons)) ?? [];
  return (
    // Fixed width so the panel does not jump when "waiting for data" turns into numbers; it may
    // shrink on a terminal narrower than that.
    <Panel
      theme={theme}
      focused={focused}
      title={panelTitle('Market bias', focused, theme)}
      flexShrink={1}
      width={biasPanelWidth}
    >
      {biasIndices.map(({ symbol, label }) => (
        <IndexLine key={symbol} label={label} row={indices[symbol]} theme={theme} />
      ))}
      {showNdx(indices[ndx.symbol]) ? (
        <IndexLine label={ndx.label} row={indices[ndx.symbol]} theme={theme} trend={ndxTrend} />
      ) : null}
      {spxLevels ? (
        <Text dimColor wrap="truncate-end">
          {spxLevelsText(spxLevels)}
        </Text>
      ) : null}
      {bias ? <Verdict bias={bias} theme={theme} /> : null}
      {note.length > 0 ? (
        <Text color={theme.warning} wrap="truncate-end">
          {note[0]}
        </Text>
      ) : null}
      {noteMore.map((line, i) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of one wrapped note: the position is the identity
          key={`note${i}`}
          color={theme.warning}
          wrap="truncate-end"
        >
          {line}
        </Text>
      ))}
      {biasReasons.map((reason, i) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: reasons are recomputed text, possibly repeated: the position is the identity
          key={i}
          dimColor
          wrap="truncate-end"
        >
          · {reason}
        </Text>
      ))}
    </Panel>
  );
}
