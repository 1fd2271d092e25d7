/**
 * The frame the main screen's panels share (watchlist, flow tape, bias): a round border that takes
 * the focus colour when the panel has focus, and a bold title line. Without colour the focus
 * shows as `▸ ` before the title, so it survives NO_COLOR and tmux captures.
 */
import { Box, type BoxProps, Text } from 'ink';
import type { Theme } from './theme.js';

/** `▸ Watchlist · sort: symbol · ↓3`: the panel's name and whichever notes apply, blanks dropped. */
export function panelTitle(name: string, focused: boolean, theme: Theme, notes: readonly string[] = []): string {
  return [`${focused && !theme.color ? '▸ ' : ''}${name}`, ...notes].filter(Boolean).join(' · ');
}

export interface PanelProps extends Omit<BoxProps, 'flexDirection' | 'borderStyle' | 'borderColor' | 'paddingX'> {
  readonly theme: Theme;
  readonly focused: boolean;
  /** The first line: bold text, or a line of its own (the tape's filter input). */
  readonly title: string | React.JSX.Element;
  /** A table's column header, dim under the title. */
  readonly header?: string;
  readonly children?: React.ReactNode;
}

export function Panel({ theme, focused, title, header, children, ...box }: PanelProps): React.JSX.Element {
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={focused ? theme.focus : theme.border}
      paddingX={1}
      {...box}
    >
      {typeof title === 'string' ? (
        <Text bold wrap="truncate-end">
          {title}
        </Text>
      ) : (
        title
      )}
      {header === undefined ? null : (
        <Text dimColor wrap="truncate-end">
          {header}
        </Text>
      )}
      {children}
    </Box>
  );
}
