import type { Key } from 'ink';

/**
 * Every key binding, in one place (README, "Keys"): the app's input hook maps a key press to an
 * action here, and the footer and the `?` help screen are generated from this list so they
 * cannot drift apart from what the keys do.
 */
export type Action =
  | 'quit'
  | 'help'
  | 'down'
  | 'up'
  | 'pageDown'
  | 'pageUp'
  | 'top'
  | 'bottom'
  | 'open'
  | 'back'
  | 'sort'
  | 'nextPanel'
  | 'prevPanel'
  | 'filter'
  | 'pause'
  | 'chain'
  | 'plan'
  | 'prevExpiry'
  | 'nextExpiry'
  | 'left'
  | 'right'
  | 'chartBars'
  | 'addSymbol'
  | 'removeSymbol'
  | 'moveSymbolUp'
  | 'moveSymbolDown';

export interface Binding {
  readonly action: Action;
  /** The key as the help screen names it, e.g. `j / ↓`. */
  readonly label: string;
  /** What the action does, for the help screen. */
  readonly description: string;
  /** Short form for the footer; bindings without one are listed only under `?`. */
  readonly hint?: string;
  readonly matches: KeyTest;
}

type KeyTest = (input: string, key: Key) => boolean;
/** Characters typed without Ctrl or Meta (each character of the string is one), or a test of the press. */
type Press = string | KeyTest;

/** Keys Ink names rather than types: arrows, Enter, Esc, … */
const is =
  (...names: (keyof Key)[]): KeyTest =>
  (_input, key) =>
    names.some((name) => key[name]);
const tab =
  (shift: boolean): KeyTest =>
  (_input, key) =>
    key.tab && key.shift === shift;

function bind(action: Action, presses: readonly Press[], label: string, description: string, hint?: string): Binding {
  const tests = presses.map(
    (p): KeyTest => (typeof p === 'string' ? (input, key) => !key.ctrl && !key.meta && [...p].includes(input) : p),
  );
  return { action, label, description, hint, matches: (input, key) => tests.some((test) => test(input, key)) };
}

/** In keymap order: the footer lists the hints in it, and the first match of a press wins. */
export const bindings: readonly Binding[] = [
  // Ctrl+C is ours too: Ink's own handler is off (exitOnCtrlC: false) so quitting unmounts
  // cleanly and the process exits 0.
  bind('quit', ['qQ', (input, key) => key.ctrl && input === 'c'], 'q / Ctrl+C', 'quit', 'q quit'),
  bind('help', ['?'], '?', 'show or hide this help', '? help'),
  bind('down', ['j', is('downArrow')], 'j / ↓', 'select the next row (watchlist) or scroll the tape', 'j/k move'),
  bind('up', ['k', is('upArrow')], 'k / ↑', 'select the previous row or scroll the tape back'),
  bind('pageDown', [is('pageDown')], 'PgDn', 'a page down: older prints on the tape, further down the watchlist'),
  bind('pageUp', [is('pageUp')], 'PgUp', 'a page up: newer prints, further up the watchlist'),
  bind('top', ['g'], 'g', 'to the top: the newest print (new ones show as they arrive), the first symbol'),
  bind('bottom', ['G'], 'G', 'to the bottom: the oldest print held, the last symbol'),
  bind('open', [is('return')], 'Enter', 'open the selected symbol: indicators, session chart, its flow', '⏎ detail'),
  // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
  bind('back', [is('escape', 'backspace', 'delete')], 'Esc / Backspace', 'go back: close the detail view or help'),
  bind('sort', ['sS'], 's', 'cycle the watchlist sort: your order, change %, symbol, volume', 's sort'),
  bind('nextPanel', [tab(false)], 'Tab', 'focus the next panel (watchlist, flow tape, bias)', 'Tab panel'),
  bind('prevPanel', [tab(true)], 'Shift+Tab', 'focus the previous panel'),
  bind(
    'filter',
    ['/'],
    '/',
    'filter the flow tape: SPY, >100k, c or p, sweep, block, bull, bear (Enter applies, Esc cancels)',
    '/ filter',
  ),
  bind('pause', ['pP'], 'p', 'pause or resume the flow tape (data keeps arriving underneath)', 'p pause'),
  bind('chartBars', ['m'], 'm', 'detail view: switch the chart between 1-minute and 5-minute bars', 'm 1m/5m'),
  bind('addSymbol', ['aA'], 'a', 'add a symbol to the watchlist (type it, Enter adds, Esc cancels)', 'a/d add/del'),
  bind('removeSymbol', ['d'], 'd', 'remove the selected symbol from the watchlist'),
  bind('moveSymbolDown', ['J'], 'J', 'move the selected symbol down the watchlist', 'J/K reorder'),
  bind('moveSymbolUp', ['K'], 'K', 'move the selected symbol up the watchlist'),
  bind('chain', ['cC'], 'c', 'open the option chain of the selected symbol (detail view or watchlist)', 'c chain'),
  bind('prevExpiry', ['['], '[', 'chain view: the previous expiry'),
  bind('nextExpiry', [']'], ']', 'chain view: the next expiry'),
  bind('left', ['h', is('leftArrow')], 'h / ←', 'chain view: the calls side (Enter opens the call at the cursor)'),
  bind('right', ['l', is('rightArrow')], 'l / →', 'chain view: the puts side'),
  bind(
    'plan',
    ['tT'],
    't',
    "trade plan of the tape's top row (reverse video while the tape has focus; j/k scroll) or, in the detail view, of its newest print",
    't plan',
  ),
];

/** The action bound to a key press, if any. */
export function actionFor(input: string, key: Key): Action | undefined {
  return bindings.find((b) => b.matches(input, key))?.action;
}

/** The footer line: the short hints, in keymap order. */
export function footerHints(): string {
  return bindings.flatMap((b) => (b.hint ? [b.hint] : [])).join('  ');
}
