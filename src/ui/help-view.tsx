import { Box, Text } from 'ink';
import { fit } from './format.js';
import { bindings } from './keymap.js';
import type { Theme } from './theme.js';

export interface HelpViewProps {
  readonly theme: Theme;
  /** Lines the view may take; the list is cut to fit, never pushing the frame past the terminal. */
  readonly height: number;
  /** Columns of the terminal; when the keys do not fit one column they go into several. @default 80 */
  readonly width?: number;
}

/** Where watchlist edits go (README "Editing the watchlist" says the same). */
export const watchlistSaveNote =
  'a d J K edit the watchlist: saved to the `watchlist` setting when `massive watch` started without symbols; with symbols on the command line they last this session.';

/** The `?` screen: every key binding, generated from the keymap so it can never go stale. */
export function HelpView({ theme, height, width = 80 }: HelpViewProps): React.JSX.Element {
  const inner = Math.max(10, width - 4);
  const noteLines = Math.ceil(watchlistSaveNote.length / inner);
  const room = Math.max(1, height - 3 - noteLines);
  // A short terminal gets the keys in columns rather than losing the last ones.
  const count = Math.ceil(bindings.length / room);
  const perColumn = Math.ceil(bindings.length / count);
  const columns = Array.from({ length: count }, (_, i) => bindings.slice(i * perColumn, (i + 1) * perColumn));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.focus} paddingX={1}>
      <Text bold wrap="truncate-end">
        Keys <Text dimColor>(? or Esc closes)</Text>
      </Text>
      <Box flexDirection="row">
        {columns.map((column) => {
          const labelWidth = Math.max(...column.map((b) => b.label.length)) + 2;
          return (
            <Box
              key={column[0]!.action}
              flexDirection="column"
              width={Math.floor(inner / count)}
              paddingRight={count > 1 ? 2 : 0}
            >
              {column.map((b) => (
                <Text key={b.action} wrap="truncate-end">
                  <Text bold>{fit(b.label, labelWidth, 'left')}</Text>
                  {b.description}
                </Text>
              ))}
            </Box>
          );
        })}
      </Box>
      <Text dimColor>{watchlistSaveNote}</Text>
    </Box>
  );
}
