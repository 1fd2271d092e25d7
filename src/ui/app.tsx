import { useMemo } from 'react';
import { Box, useInput, useStdin } from 'ink';
import type { MarketStore } from '../store/store.js';
import { BiasPanel, biasPanelWidth } from './bias-panel.js';
import { KeyHints } from './key-hints.js';
import { actionFor } from './keymap.js';
import { StatusBar } from './status-bar.js';
import { resolveTheme } from './theme.js';
import { useMarket } from './use-market.js';
import { useTerminalWidth } from './use-terminal-width.js';
import { useTick } from './use-tick.js';
import { Watchlist } from './watchlist.js';

/** From this width the bias panel sits beside the watchlist instead of below it. */
export const sideBySideMinColumns = 130;

export interface AppProps {
  readonly store: MarketStore;
  /** Called when the user asks to quit (q or Ctrl+C); the caller unmounts. */
  readonly onQuit: () => void;
  /**
   * Wall clock for the age column.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * How often the age column repaints between store updates, in ms; 0 turns it off (tests that
   * do not want a timer).
   * @default 1000
   */
  readonly ageRefreshMs?: number;
}

/** The `massive watch` screen: status line, watchlist, bias panel, key hints. */
export function App({ store, onQuit, now = Date.now, ageRefreshMs = 1000 }: AppProps): React.JSX.Element {
  const snapshot = useMarket(store);
  const columns = useTerminalWidth();
  useTick(ageRefreshMs);
  // NO_COLOR is read once: it does not change under a running process.
  const theme = useMemo(() => resolveTheme(process.env), []);
  const { isRawModeSupported } = useStdin();

  // Without a TTY there are no key presses to read, and asking for raw mode would throw;
  // Ctrl+C then arrives as SIGINT, which the CLI handles.
  useInput(
    (input, key) => {
      if (actionFor(input, key) === 'quit') onQuit();
    },
    { isActive: isRawModeSupported },
  );

  const sideBySide = columns >= sideBySideMinColumns;
  // Widths here only choose which columns to show. Boxes flex rather than take these numbers,
  // so the frame Ink draws right after a resize (before this re-render) still fits the screen.
  return (
    <Box flexDirection="column">
      <StatusBar status={snapshot.status} theme={theme} />
      <Box flexDirection={sideBySide ? 'row' : 'column'}>
        <Box flexGrow={1} flexShrink={1}>
          <Watchlist
            symbols={snapshot.symbols}
            quotes={snapshot.quotes}
            now={now()}
            width={sideBySide ? columns - biasPanelWidth : columns}
            theme={theme}
          />
        </Box>
        <BiasPanel indices={snapshot.indices} theme={theme} />
      </Box>
      <KeyHints />
    </Box>
  );
}
