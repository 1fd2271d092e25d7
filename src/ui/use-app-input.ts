import { useRef } from 'react';
import { useInput, useStdin, type Key } from 'ink';
import type { FlowPrint } from '../market/types.js';
import { type Action, actionFor } from './keymap.js';
import { shownSymbol, type UiEvent, type UiState } from './ui-state.js';
import type { OptionsKeyContext } from './chain-state.js';
import type { WatchlistEdit } from './watchlist-edit.js';

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
  /** Applies a watchlist edit (`a` typed and Enter, `d`, `J`, `K`). */
  readonly edit?: (e: WatchlistEdit) => void;
  /** What the chain, contract and plan keys act on (chain-state.ts). */
  readonly options?: OptionsKeyContext;
}

const editActions = {
  removeSymbol: (symbol: string): WatchlistEdit => ({ kind: 'remove', symbol }),
  moveSymbolUp: (symbol: string): WatchlistEdit => ({ kind: 'move', symbol, delta: -1 }),
  moveSymbolDown: (symbol: string): WatchlistEdit => ({ kind: 'move', symbol, delta: 1 }),
} as const;

/**
 * The `a` prompt's keys, one character at a time (tmux or a paste may send `NVDA⏎` as one
 * string): text is added, Enter applies the symbol typed so far.
 */
function typeSymbol(
  chars: readonly string[],
  draft: string,
  key: Key,
  dispatch: (event: UiEvent) => void,
  edit: ((e: WatchlistEdit) => void) | undefined,
): string | undefined {
  if (chars.length === 1 && key.escape) {
    dispatch({ type: 'symbolCancel' });
    return undefined;
  }
  let text = draft;
  for (const ch of chars) {
    const k = keyAt(chars, ch, key);
    if (k.return) {
      edit?.({ kind: 'add', text });
      return text;
    }
    if (k.backspace || k.delete) {
      text = text.slice(0, -1);
      dispatch({ type: 'symbolBackspace' });
    } else if (isText(ch, k)) {
      text += ch;
      dispatch({ type: 'symbolInput', text: ch });
    }
  }
  return text;
}

/** A printable character (not a control key), so a text field takes it. */
function isText(input: string, key: Key): boolean {
  return !key.ctrl && !key.meta && !key.tab && input.length > 0 && !/[\u0000-\u001f]/.test(input);
}

/**
 * Keys typed faster than a read (or sent together by tmux/a paste) arrive as one string; each
 * character is its own key press.
 */
function presses(input: string, key: Key): string[] {
  return input.length > 1 && !key.ctrl && !key.meta ? [...input] : [input];
}

/** The tape filter being typed (`/`): Enter applies it, Esc drops it. */
function typeFilter(input: string, key: Key, dispatch: (event: UiEvent) => void, onQuit: () => void): void {
  if (key.ctrl && input === 'c') onQuit();
  else if (key.return) dispatch({ type: 'draftCommit' });
  else if (key.escape) dispatch({ type: 'draftCancel' });
  else if (key.backspace || key.delete) dispatch({ type: 'draftBackspace' });
  else if (isText(input, key)) dispatch({ type: 'draftInput', text: input });
}

/** The watchlist edit an action asks for, if the watchlist is in reach and a row is selected. */
function editFor(action: Action, state: UiState, order: readonly string[]): WatchlistEdit | undefined {
  if (!(action in editActions)) return undefined;
  // The chain and contract views keep the watchlist out of reach (d there is not "remove").
  if (state.help || state.chain !== undefined || state.contract !== undefined) return undefined;
  // The selected row is only visible (and so only edited) with the watchlist or a detail view in front.
  const selected = shownSymbol(state, order);
  if (selected === undefined || (state.panel !== 'watchlist' && state.detail === undefined)) return undefined;
  return editActions[action as keyof typeof editActions](selected);
}

/** The app's keys: a text field while a tape filter is being typed, the keymap otherwise. */
export function useAppInput({
  state,
  dispatch,
  onQuit,
  order,
  flow,
  newest,
  page,
  maxOffset,
  edit,
  options,
}: AppInputOptions): void {
  const { isRawModeSupported } = useStdin();
  // Keys can arrive in separate reads before React renders again (tmux, a fast typist): the
  // handler then still sees the old state, and Enter would add the symbol typed before the last
  // read. So the prompt's text is also kept here, as the handler last left it, and taken from
  // the state again whenever a render brings a new one.
  // `rendered: null` (never a state value) makes the next render resync, as after Enter, whose
  // outcome (prompt closed, or kept with an error) only the state knows.
  const typed = useRef<{ rendered: string | undefined | null; live: string | undefined }>({
    rendered: state.symbolDraft,
    live: state.symbolDraft,
  });
  if (typed.current.rendered !== state.symbolDraft)
    typed.current = { rendered: state.symbolDraft, live: state.symbolDraft };
  // Without a TTY there are no key presses to read, and asking for raw mode would throw;
  // Ctrl+C then arrives as SIGINT, which the CLI handles.
  const typing = (chars: readonly string[], draft: string, key: Key) => {
    const live = typeSymbol(chars, draft, key, dispatch, edit);
    const submitted = chars.some((ch) => keyAt(chars, ch, key).return);
    return { rendered: submitted ? null : typed.current.rendered, live };
  };
  useInput(
    (input, key) => {
      const draft = typed.current.live;
      if (draft !== undefined) {
        if (key.ctrl && input === 'c') onQuit();
        else typed.current = typing(presses(input, key), draft, key);
        return;
      }
      if (state.draft !== undefined) {
        typeFilter(input, key, dispatch, onQuit);
        return;
      }
      const keys = presses(input, key);
      for (const [i, press] of keys.entries()) {
        const action = actionFor(press, keyAt(keys, press, key));
        if (action === undefined) continue;
        if (action === 'quit') {
          onQuit();
          return;
        }
        const change = editFor(action, state, order);
        if (change) edit?.(change);
        dispatch({
          type: 'action',
          action,
          order,
          flow,
          newest,
          ...(page !== undefined ? { page } : {}),
          ...(maxOffset !== undefined ? { maxOffset } : {}),
          ...(options !== undefined ? { options } : {}),
        });
        // `a` opens the prompt: the rest of a burst is its text.
        if (action === 'addSymbol' && !state.help) {
          const rest = keys.slice(i + 1);
          typed.current = rest.length > 0 ? typing(rest, '', key) : { rendered: state.symbolDraft, live: '' };
          return;
        }
      }
    },
    { isActive: isRawModeSupported },
  );
}

/**
 * The key flags of one press of `chars`: Ink flags Enter, Tab and Backspace only when they arrive
 * alone; inside a burst they are plain characters, so they get their flags back here.
 */
function keyAt(chars: readonly string[], ch: string, key: Key): Key {
  return chars.length > 1 ? keyOf(ch, key) : key;
}

/** The key flags of one character taken out of a burst of input. */
function keyOf(ch: string, key: Key): Key {
  if (ch === '\r' || ch === '\n') return { ...key, return: true };
  if (ch === '\t') return { ...key, tab: true };
  if (ch === '\u007f') return { ...key, delete: true };
  return key;
}
