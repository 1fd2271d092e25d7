import { Box, Text } from 'ink';
import { footerHints } from './keymap.js';
import type { WatchlistNotice } from './watchlist-edit-hook.js';

export interface KeyHintsProps {
  /** A tape filter is being typed. */
  readonly editing?: boolean;
  /** The symbol being typed after `a`, when adding one. */
  readonly prompt?: string | undefined;
  /** What the last watchlist edit did, or why it was refused. */
  readonly notice?: WatchlistNotice | undefined;
}

/** The footer: the short hints straight from the keymap, so they cannot drift apart from the keys. */
export function KeyHints({ editing = false, prompt, notice }: KeyHintsProps): React.JSX.Element {
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
            : footerHints()}
        {!editing ? note : null}
      </Text>
    </Box>
  );
}
