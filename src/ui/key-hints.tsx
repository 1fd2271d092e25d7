import { Box, Text } from 'ink';
import { type Action, bindings } from './keymap.js';
import type { WatchlistNotice } from './watchlist-edit-hook.js';

/**
 * Which hints a narrow footer keeps, most wanted first: quitting and `?` (which lists every key),
 * then the way into each view, then the keys a trader learns fastest anyway.
 */
const footerRank: readonly Action[] = [
  'quit',
  'help',
  'open',
  'chain',
  'plan',
  'addSymbol',
  'filter',
  'nextPanel',
  'chartBars',
  'moveSymbolDown',
  'down',
  'sort',
  'pause',
];

/**
 * The footer's hints in keymap order, as many as fit in `width` columns: all of them on a wide
 * terminal; on a narrow one the most wanted (`? help` is always among them).
 */
export function footerLine(width: number): string {
  const hinted = bindings.filter((b) => b.hint !== undefined);
  const all = hinted.map((b) => b.hint as string).join('  ');
  if (all.length <= width) return all;
  const kept = new Set<Action>();
  let used = 0;
  const byRank = [...hinted].sort((a, b) => rank(a.action) - rank(b.action));
  for (const b of byRank) {
    const cost = (b.hint as string).length + (kept.size > 0 ? 2 : 0);
    if (used + cost > width) continue;
    kept.add(b.action);
    used += cost;
  }
  return hinted
    .filter((b) => kept.has(b.action))
    .map((b) => b.hint)
    .join('  ');
}

function rank(action: Action): number {
  const i = footerRank.indexOf(action);
  return i === -1 ? footerRank.length : i;
}

export interface KeyHintsProps {
  /** Columns the footer has. @default wide enough for every hint */
  readonly width?: number;
  /** A tape filter is being typed. */
  readonly editing?: boolean;
  /** The symbol being typed after `a`, when adding one. */
  readonly prompt?: string | undefined;
  /** What the last watchlist edit did, or why it was refused. */
  readonly notice?: WatchlistNotice | undefined;
}

/** The footer: the short hints straight from the keymap, so they cannot drift apart from the keys. */
export function KeyHints({ editing = false, prompt, notice, width = 1000 }: KeyHintsProps): React.JSX.Element {
  const note = notice ? <Text color={notice.error ? 'red' : undefined}>{`  ${notice.text}`}</Text> : null;
  if (prompt !== undefined) {
    return (
      <Box paddingX={1}>
        <Text wrap="truncate-end">
          <Text bold>add symbol: </Text>
          {prompt}
          <Text inverse> </Text>
          <Text dimColor> ⏎ add Esc cancel</Text>
          {notice?.error ? note : null}
        </Text>
      </Box>
    );
  }
  return (
    <Box paddingX={1}>
      <Text dimColor={!notice} wrap="truncate-end">
        {editing
          ? 'type a filter: SPY >100k c p sweep block bull bear  ⏎ apply  Esc cancel'
          : notice
            ? ''
            : footerLine(width)}
        {!editing ? note : null}
      </Text>
    </Box>
  );
}
