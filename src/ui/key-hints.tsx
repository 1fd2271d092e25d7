import { Box, Text } from 'ink';
import { footerHints } from './keymap.js';

/** The footer: the short hints straight from the keymap, so they cannot drift apart from the keys. */
export function KeyHints({ editing = false }: { readonly editing?: boolean }): React.JSX.Element {
  return (
    <Box paddingX={1}>
      <Text dimColor wrap="truncate-end">
        {editing ? 'type a filter: SPY >100k c p sweep block bull bear  ⏎ apply  Esc cancel' : footerHints()}
      </Text>
    </Box>
  );
}
