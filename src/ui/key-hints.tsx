import { Box, Text } from 'ink';
import { bindings } from './keymap.js';

/** The footer: one hint per key binding, straight from the keymap so they cannot drift apart. */
export function KeyHints(): React.JSX.Element {
  return (
    <Box paddingX={1}>
      <Text dimColor wrap="truncate-end">
        {bindings.map((b) => `${b.label} ${b.description}`).join('  ')}
      </Text>
    </Box>
  );
}
