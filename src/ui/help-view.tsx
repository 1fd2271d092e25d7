import { Box, Text } from 'ink';
import { fit } from './format.js';
import { bindings } from './keymap.js';
import type { Theme } from './theme.js';

export interface HelpViewProps {
  readonly theme: Theme;
  /** Lines the view may take; the list is cut to fit, never pushing the frame past the terminal. */
  readonly height: number;
}

/** The `?` screen: every key binding, generated from the keymap so it can never go stale. */
export function HelpView({ theme, height }: HelpViewProps): React.JSX.Element {
  const labelWidth = Math.max(...bindings.map((b) => b.label.length)) + 2;
  const room = Math.max(1, height - 3);
  const shown = bindings.slice(0, room);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.focus} paddingX={1}>
      <Text bold wrap="truncate-end">
        Keys <Text dimColor>(? or Esc closes)</Text>
      </Text>
      {shown.map((b) => (
        <Text key={b.action} wrap="truncate-end">
          <Text bold>{fit(b.label, labelWidth, 'left')}</Text>
          {b.description}
        </Text>
      ))}
    </Box>
  );
}
