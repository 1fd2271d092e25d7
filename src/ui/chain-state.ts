/**
 * The keys of the chain and contract views, as a reducer the app's (ui-state.ts) hands actions
 * to first: inside those views the movement keys move the chain cursor, not the watchlist.
 */
import type { Action } from './keymap.js';
import type { UiState } from './ui-state.js';

/** Where the chain view's cursor is. */
export interface ChainCursor {
  readonly symbol: string;
  /** Undefined: the nearest expiry. */
  readonly expiry: string | undefined;
  /** Undefined: the strike at the money. */
  readonly strike: number | undefined;
  readonly right: 'call' | 'put';
}

/** What the keys of the chain and contract views act on, from the data on screen. */
export interface OptionsKeyContext {
  /** The watchlist's selected symbol as shown (the first row when none is chosen yet). */
  readonly symbol?: string | undefined;
  /** The chain's expiries, ascending, and the one shown. */
  readonly expiries?: readonly string[];
  readonly expiry?: string | undefined;
  /** Strikes of the chain shown, ascending, and the one the cursor is on. */
  readonly strikes?: readonly number[];
  readonly strike?: number | undefined;
  /** The contract under the chain cursor (Enter opens it). */
  readonly chainContract?: string | undefined;
  /** The contract of the tape row `t` acts on. */
  readonly tapeContract?: string | undefined;
}

function step<T>(list: readonly T[], at: T | undefined, delta: number): T | undefined {
  if (list.length === 0) return at;
  const i = at === undefined ? -1 : list.indexOf(at);
  const from = i < 0 ? (delta > 0 ? -1 : list.length) : i;
  return list[Math.max(0, Math.min(list.length - 1, from + delta))];
}

function inChain(state: UiState, cursor: ChainCursor, action: Action, ctx: OptionsKeyContext, page: number): UiState {
  const strikes = ctx.strikes ?? [];
  const move = (delta: number): UiState => ({
    ...state,
    chain: { ...cursor, strike: step(strikes, ctx.strike ?? cursor.strike, delta) },
  });
  switch (action) {
    case 'down':
      return move(1);
    case 'up':
      return move(-1);
    case 'pageDown':
      return move(page);
    case 'pageUp':
      return move(-page);
    case 'top':
      return move(-Number.MAX_SAFE_INTEGER);
    case 'bottom':
      return move(Number.MAX_SAFE_INTEGER);
    case 'left':
      return { ...state, chain: { ...cursor, right: 'call' } };
    case 'right':
      return { ...state, chain: { ...cursor, right: 'put' } };
    case 'prevExpiry':
    case 'nextExpiry': {
      const expiry = step(ctx.expiries ?? [], ctx.expiry ?? cursor.expiry, action === 'nextExpiry' ? 1 : -1);
      // The strike is kept: the view shows the row nearest to it in the new expiry.
      return expiry === undefined ? state : { ...state, chain: { ...cursor, expiry } };
    }
    case 'open':
      return ctx.chainContract ? { ...state, contract: ctx.chainContract } : state;
    case 'back':
      return { ...state, chain: undefined };
    default:
      return state;
  }
}

/**
 * The state after `action` when the chain or contract view is open or about to open; undefined
 * when the action is the main screen's. Help (`?`) is handled before this.
 */
export function reduceOptionsUi(
  state: UiState,
  action: Exclude<Action, 'quit'>,
  ctx: OptionsKeyContext = {},
  page = 10,
): UiState | undefined {
  if (action === 'help') return undefined;
  if (state.contract !== undefined) return action === 'back' ? { ...state, contract: undefined } : state;
  if (state.chain !== undefined) return inChain(state, state.chain, action, ctx, page);
  if (action === 'chain') {
    const symbol = state.detail ?? ctx.symbol;
    if (symbol === undefined) return state;
    return { ...state, chain: { symbol, expiry: undefined, strike: undefined, right: 'call' } };
  }
  if (action === 'plan') return ctx.tapeContract ? { ...state, contract: ctx.tapeContract } : state;
  if (action === 'left' || action === 'right' || action === 'prevExpiry' || action === 'nextExpiry') return state;
  return undefined;
}
