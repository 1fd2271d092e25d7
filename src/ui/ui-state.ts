import type { FlowPrint } from '../market/types.js';
import type { ChartMinutes } from './chart-data.js';
import type { Action } from './keymap.js';
import { reduceOptionsUi, type ChainCursor, type OptionsKeyContext } from './chain-state.js';
import { nextSortMode, type SortMode } from './sort.js';

/** The panels Tab moves focus between. */
export type Panel = 'watchlist' | 'flow' | 'bias';
export const panels: readonly Panel[] = ['watchlist', 'flow', 'bias'];

/** Everything the screen remembers between frames that is not market data. */
export interface UiState {
  /** The open chain view (over the detail view) and its cursor. */
  readonly chain?: ChainCursor | undefined;
  /** The open contract view: quote, greeks, prints and trade plan of this option contract. */
  readonly contract?: string | undefined;
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
  /** Tape rows scrolled past (newest first, so 0 shows the newest), counted from `tapeAnchor`. */
  readonly tapeOffset: number;
  /**
   * While scrolled back: the print that was newest when the tape left the top. Prints arriving
   * later go above it, so the rows in view stay put instead of sliding away under the reader.
   */
  readonly tapeAnchor: string | undefined;
  /** Bar length of the detail view's chart (`m`). */
  readonly chartMinutes: ChartMinutes;
  /** The symbol being typed after `a`; undefined when not adding. */
  readonly symbolDraft: string | undefined;
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
  tapeAnchor: undefined,
  chartMinutes: 1,
  symbolDraft: undefined,
};

export type UiEvent =
  | {
      readonly type: 'action';
      readonly action: Exclude<Action, 'quit'>;
      /** Watchlist symbols in display order. */
      readonly order: readonly string[];
      /** The live tape, frozen by `pause`. */
      readonly flow: readonly FlowPrint[];
      /** The newest print of the tape as shown (filtered), the anchor when scrolling starts. */
      readonly newest?: string | undefined;
      /** Rows in view of the focused table, for PgUp/PgDn. @default 10 */
      readonly page?: number;
      /** The furthest the tape can scroll from its anchor (the oldest print in view). @default unbounded */
      readonly maxOffset?: number;
      /** What the chain, contract and plan keys act on. */
      readonly options?: OptionsKeyContext;
    }
  | { readonly type: 'draftInput'; readonly text: string }
  | { readonly type: 'draftBackspace' }
  | { readonly type: 'draftCommit' }
  | { readonly type: 'draftCancel' }
  | { readonly type: 'symbolInput'; readonly text: string }
  | { readonly type: 'symbolBackspace' }
  | { readonly type: 'symbolCancel' }
  /** A watchlist edit was applied: the prompt closes and `select` (the added or moved symbol) is selected. */
  | { readonly type: 'edited'; readonly select: string | undefined };

/** The tape scrolled to `offset` rows below its anchor (set on leaving the top, cleared at the top). */
function scrollTape(
  state: UiState,
  offset: number,
  newest: string | undefined,
  maxOffset = Number.MAX_SAFE_INTEGER,
): UiState {
  const tapeOffset = Math.max(0, Math.min(offset, maxOffset));
  return { ...state, tapeOffset, tapeAnchor: tapeOffset === 0 ? undefined : (state.tapeAnchor ?? newest) };
}

function move(state: UiState, order: readonly string[], delta: number, newest?: string, maxOffset?: number): UiState {
  if (state.panel === 'flow' && state.detail === undefined) {
    // Clamped here when the app says how far the tape goes; the view clamps again on every frame.
    return scrollTape(state, state.tapeOffset + delta, newest, maxOffset);
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

/** The selected symbol if it is still in the watchlist, else the first one: what j/k, Enter and d act on. */
export function shownSymbol(state: Pick<UiState, 'selected'>, order: readonly string[]): string | undefined {
  return state.selected !== undefined && order.includes(state.selected) ? state.selected : order[0];
}

/** The pure state machine behind the keys; the input hook feeds it, the app renders it. */
export function reduceUi(state: UiState, event: UiEvent): UiState {
  return event.type === 'action' ? reduceAction(state, event) : reducePrompt(state, event);
}

/** Typing into the tape filter (`/`) or the add-symbol prompt (`a`), and the end of an edit. */
function reducePrompt(state: UiState, event: Exclude<UiEvent, { readonly type: 'action' }>): UiState {
  switch (event.type) {
    case 'draftInput':
      return state.draft === undefined ? state : { ...state, draft: state.draft + event.text };
    case 'draftBackspace':
      return state.draft === undefined ? state : { ...state, draft: state.draft.slice(0, -1) };
    case 'draftCommit':
      return state.draft === undefined
        ? state
        : { ...state, filter: state.draft.trim(), draft: undefined, tapeOffset: 0, tapeAnchor: undefined };
    case 'draftCancel':
      return { ...state, draft: undefined };
    case 'symbolInput':
      return state.symbolDraft === undefined ? state : { ...state, symbolDraft: state.symbolDraft + event.text };
    case 'symbolBackspace':
      return state.symbolDraft === undefined ? state : { ...state, symbolDraft: state.symbolDraft.slice(0, -1) };
    case 'symbolCancel':
      return { ...state, symbolDraft: undefined };
    case 'edited':
      return {
        ...state,
        symbolDraft: undefined,
        selected: event.select ?? state.selected,
        // In the detail view the view follows the selection (a removed symbol's view closes onto its neighbour).
        detail: state.detail === undefined ? undefined : (event.select ?? state.detail),
      };
  }
}

/** Rows a movement key moves by (`page` for PgUp/PgDn), or undefined for any other key. */
export function movementDelta(action: Action, page: number): number | undefined {
  switch (action) {
    case 'down':
      return 1;
    case 'up':
      return -1;
    case 'pageDown':
      return page;
    case 'pageUp':
      return -page;
    case 'top':
      return -Number.MAX_SAFE_INTEGER;
    case 'bottom':
      return Number.MAX_SAFE_INTEGER;
    default:
      return undefined;
  }
}

function reduceAction(state: UiState, event: Extract<UiEvent, { readonly type: 'action' }>): UiState {
  const { action, order, newest, maxOffset } = event;
  const page = Math.max(1, event.page ?? 10);
  if (state.help) return action === 'help' || action === 'back' ? { ...state, help: false } : state;
  // The chain and contract views take the movement keys while they are open.
  const shown = shownSymbol(state, order);
  const options = reduceOptionsUi(state, action, { symbol: shown, ...event.options }, page);
  if (options) return options;
  const delta = movementDelta(action, page);
  if (delta !== undefined) return move(state, order, delta, newest, maxOffset);
  switch (action) {
    case 'help':
      return { ...state, help: true };
    case 'open':
      return order.length === 0 || state.detail !== undefined ? state : { ...state, selected: shown, detail: shown };
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
    case 'chartBars':
      return { ...state, chartMinutes: state.chartMinutes === 1 ? 5 : 1 };
    case 'addSymbol':
      return { ...state, symbolDraft: '', draft: undefined };
    case 'moveSymbolUp':
    case 'moveSymbolDown':
      // Moving edits your order, so the watchlist shows your order.
      return { ...state, sort: 'user' };
    case 'pause':
      return state.frozen === undefined
        ? { ...state, frozen: event.flow }
        : { ...state, frozen: undefined, tapeOffset: 0, tapeAnchor: undefined };
    default:
      // removeSymbol (the edit hook applies it), and the option keys when no option view is open.
      return state;
  }
}
