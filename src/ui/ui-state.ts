import type { FlowPrint } from '../market/types.js';
import type { Action } from './keymap.js';
import { nextSortMode, type SortMode } from './sort.js';

/** The panels Tab moves focus between. */
export type Panel = 'watchlist' | 'flow' | 'bias';
export const panels: readonly Panel[] = ['watchlist', 'flow', 'bias'];

/** Everything the screen remembers between frames that is not market data. */
export interface UiState {
  readonly panel: Panel;
  readonly sort: SortMode;
  /** Selected watchlist symbol; undefined selects the first row. */
  readonly selected: string | undefined;
  /** Symbol whose detail view is open. */
  readonly detail: string | undefined;
  readonly help: boolean;
  /** The applied tape filter text. */
  readonly filter: string;
  /** The filter being typed after `/`; undefined when not editing. */
  readonly draft: string | undefined;
  /** The tape as it was when paused; undefined while live. */
  readonly frozen: readonly FlowPrint[] | undefined;
  /** Tape rows scrolled past (newest first, so 0 shows the newest). */
  readonly tapeOffset: number;
}

export const initialUiState: UiState = {
  panel: 'watchlist',
  sort: 'user',
  selected: undefined,
  detail: undefined,
  help: false,
  filter: '',
  draft: undefined,
  frozen: undefined,
  tapeOffset: 0,
};

export type UiEvent =
  | {
      readonly type: 'action';
      readonly action: Exclude<Action, 'quit'>;
      /** Watchlist symbols in display order. */
      readonly order: readonly string[];
      /** The live tape, frozen by `pause`. */
      readonly flow: readonly FlowPrint[];
    }
  | { readonly type: 'draftInput'; readonly text: string }
  | { readonly type: 'draftBackspace' }
  | { readonly type: 'draftCommit' }
  | { readonly type: 'draftCancel' };

function move(state: UiState, order: readonly string[], delta: number): UiState {
  if (state.panel === 'flow' && state.detail === undefined) {
    // The upper bound depends on the visible rows, so the view clamps it.
    return { ...state, tapeOffset: Math.max(0, state.tapeOffset + delta) };
  }
  if (order.length === 0) return state;
  const at = Math.max(0, state.selected === undefined ? 0 : order.indexOf(state.selected));
  const next = order[Math.min(order.length - 1, Math.max(0, at + delta))]!;
  // In the detail view j/k step through symbols, so the view follows the selection.
  return { ...state, selected: next, detail: state.detail === undefined ? undefined : next };
}

function cyclePanel(panel: Panel, step: number): Panel {
  return panels[(panels.indexOf(panel) + step + panels.length) % panels.length]!;
}

/** The pure state machine behind the keys; the input hook feeds it, the app renders it. */
export function reduceUi(state: UiState, event: UiEvent): UiState {
  switch (event.type) {
    case 'draftInput':
      return state.draft === undefined ? state : { ...state, draft: state.draft + event.text };
    case 'draftBackspace':
      return state.draft === undefined ? state : { ...state, draft: state.draft.slice(0, -1) };
    case 'draftCommit':
      return state.draft === undefined ? state : { ...state, filter: state.draft.trim(), draft: undefined, tapeOffset: 0 };
    case 'draftCancel':
      return { ...state, draft: undefined };
    case 'action':
      break;
  }
  const { action, order, flow } = event;
  if (state.help) return action === 'help' || action === 'back' ? { ...state, help: false } : state;
  switch (action) {
    case 'help':
      return { ...state, help: true };
    case 'down':
      return move(state, order, 1);
    case 'up':
      return move(state, order, -1);
    case 'open': {
      if (state.detail !== undefined || order.length === 0) return state;
      const symbol = state.selected !== undefined && order.includes(state.selected) ? state.selected : order[0]!;
      return { ...state, selected: symbol, detail: symbol };
    }
    case 'back':
      return { ...state, detail: undefined };
    case 'sort':
      return { ...state, sort: nextSortMode(state.sort) };
    case 'nextPanel':
      return { ...state, panel: cyclePanel(state.panel, 1) };
    case 'prevPanel':
      return { ...state, panel: cyclePanel(state.panel, -1) };
    case 'filter':
      // The filter edits the main tape, so it is brought back into view.
      return { ...state, draft: state.filter, detail: undefined };
    case 'pause':
      return state.frozen === undefined ? { ...state, frozen: flow } : { ...state, frozen: undefined, tapeOffset: 0 };
  }
}
