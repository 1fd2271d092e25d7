import { useInput, useStdin, type Key } from 'ink';
import type { FlowPrint } from '../market/types.js';
import { actionFor } from './keymap.js';
import type { UiEvent, UiState } from './ui-state.js';

export interface AppInputOptions {
  readonly state: UiState;
  readonly dispatch: (event: UiEvent) => void;
  readonly onQuit: () => void;
  /** Watchlist symbols in display order, for j/k. */
  readonly order: readonly string[];
  /** The live tape, for `p` to freeze. */
  readonly flow: readonly FlowPrint[];
  /** The tape as shown: its newest print anchors scrolling. */
  readonly newest?: string | undefined;
  /** Rows in view of the focused table (PgUp/PgDn), and how far the tape can scroll. */
  readonly page?: number;
  readonly maxOffset?: number;
}

/** The app's keys: a text field while a tape filter is being typed, the keymap otherwise. */
export function useAppInput({ state, dispatch, onQuit, order, flow, newest, page, maxOffset }: AppInputOptions): void {
  const { isRawModeSupported } = useStdin();
  // Without a TTY there are no key presses to read, and asking for raw mode would throw;
  // Ctrl+C then arrives as SIGINT, which the CLI handles.
  useInput(
    (input, key) => {
      if (state.draft !== undefined) {
        if (key.ctrl && input === 'c') onQuit();
        else if (key.return) dispatch({ type: 'draftCommit' });
        else if (key.escape) dispatch({ type: 'draftCancel' });
        else if (key.backspace || key.delete) dispatch({ type: 'draftBackspace' });
        else if (!key.ctrl && !key.meta && !key.tab && input.length > 0 && !/[\u0000-\u001f]/.test(input))
          dispatch({ type: 'draftInput', text: input });
        return;
      }
      // Keys typed faster than a read (or sent together by tmux/a paste) arrive as one string;
      // each character is its own key press.
      const presses = input.length > 1 && !key.ctrl && !key.meta ? [...input] : [input];
      for (const press of presses) {
        // Ink flags Enter, Tab and Backspace only when they arrive alone; inside a burst they are
        // plain characters, so they get their flags back here.
        const action = actionFor(press, presses.length > 1 ? keyOf(press, key) : key);
        if (action === undefined) continue;
        if (action === 'quit') {
          onQuit();
          return;
        }
        dispatch({
          type: 'action',
          action,
          order,
          flow,
          newest,
          ...(page !== undefined ? { page } : {}),
          ...(maxOffset !== undefined ? { maxOffset } : {}),
        });
      }
    },
    { isActive: isRawModeSupported },
  );
}

/** The key flags of one character taken out of a burst of input. */
function keyOf(ch: string, key: Key): Key {
  if (ch === '\r' || ch === '\n') return { ...key, return: true };
  if (ch === '\t') return { ...key, tab: true };
  if (ch === '\u007f') return { ...key, delete: true };
  return key;
}
