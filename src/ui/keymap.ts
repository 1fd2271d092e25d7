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
  readonly matches: (input: string, key: Key) => boolean;
}

const plain = (key: Key): boolean => !key.ctrl && !key.meta;
const letter = (input: string, key: Key, ...letters: string[]): boolean => plain(key) && letters.includes(input);

export const bindings: readonly Binding[] = [
  {
    action: 'quit',
    label: 'q / Ctrl+C',
    description: 'quit',
    hint: 'q quit',
    // Ctrl+C is ours too: Ink's own handler is off (exitOnCtrlC: false) so quitting unmounts
    // cleanly and the process exits 0.
    matches: (input, key) => letter(input, key, 'q', 'Q') || (key.ctrl && input === 'c'),
  },
  {
    action: 'help',
    label: '?',
    description: 'show or hide this help',
    hint: '? help',
    matches: (input, key) => letter(input, key, '?'),
  },
  {
    action: 'down',
    label: 'j / ↓',
    description: 'select the next row (watchlist) or scroll the tape',
    hint: 'j/k move',
    matches: (input, key) => key.downArrow || letter(input, key, 'j'),
  },
  {
    action: 'up',
    label: 'k / ↑',
    description: 'select the previous row or scroll the tape back',
    matches: (input, key) => key.upArrow || letter(input, key, 'k'),
  },
  {
    action: 'pageDown',
    label: 'PgDn',
    description: 'a page down: older prints on the tape, further down the watchlist',
    matches: (_input, key) => key.pageDown,
  },
  {
    action: 'pageUp',
    label: 'PgUp',
    description: 'a page up: newer prints, further up the watchlist',
    matches: (_input, key) => key.pageUp,
  },
  {
    action: 'top',
    label: 'g',
    description: 'to the top: the newest print (new ones show as they arrive), the first symbol',
    matches: (input, key) => letter(input, key, 'g'),
  },
  {
    action: 'bottom',
    label: 'G',
    description: 'to the bottom: the oldest print held, the last symbol',
    matches: (input, key) => letter(input, key, 'G'),
  },
  {
    action: 'open',
    label: 'Enter',
    description: 'open the selected symbol: indicators, session chart, its flow',
    hint: '⏎ detail',
    matches: (_input, key) => key.return,
  },
  {
    action: 'back',
    label: 'Esc / Backspace',
    description: 'go back: close the detail view or help',
    // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
    matches: (_input, key) => key.escape || key.backspace || key.delete,
  },
  {
    action: 'sort',
    label: 's',
    description: 'cycle the watchlist sort: your order, change %, symbol, volume',
    hint: 's sort',
    matches: (input, key) => letter(input, key, 's', 'S'),
  },
  {
    action: 'nextPanel',
    label: 'Tab',
    description: 'focus the next panel (watchlist, flow tape, bias)',
    hint: 'Tab panel',
    matches: (_input, key) => key.tab && !key.shift,
  },
  {
    action: 'prevPanel',
    label: 'Shift+Tab',
    description: 'focus the previous panel',
    matches: (_input, key) => key.tab && key.shift,
  },
  {
    action: 'filter',
    label: '/',
    description: 'filter the flow tape: SPY, >100k, c or p, sweep, block, bull, bear (Enter applies, Esc cancels)',
    hint: '/ filter',
    matches: (input, key) => letter(input, key, '/'),
  },
  {
    action: 'pause',
    label: 'p',
    description: 'pause or resume the flow tape (data keeps arriving underneath)',
    hint: 'p pause',
    matches: (input, key) => letter(input, key, 'p', 'P'),
  },
  {
    action: 'chartBars',
    label: 'm',
    description: 'detail view: switch the chart between 1-minute and 5-minute bars',
    hint: 'm 1m/5m',
    matches: (input, key) => letter(input, key, 'm'),
  },
  {
    action: 'addSymbol',
    label: 'a',
    description: 'add a symbol to the watchlist (type it, Enter adds, Esc cancels)',
    hint: 'a/d add/del',
    matches: (input, key) => letter(input, key, 'a', 'A'),
  },
  {
    action: 'removeSymbol',
    label: 'd',
    description: 'remove the selected symbol from the watchlist',
    matches: (input, key) => letter(input, key, 'd'),
  },
  {
    action: 'moveSymbolDown',
    label: 'J',
    description: 'move the selected symbol down the watchlist',
    hint: 'J/K reorder',
    matches: (input, key) => letter(input, key, 'J'),
  },
  {
    action: 'moveSymbolUp',
    label: 'K',
    description: 'move the selected symbol up the watchlist',
    matches: (input, key) => letter(input, key, 'K'),
  },
  {
    action: 'chain',
    label: 'c',
    description: 'open the option chain of the selected symbol (detail view or watchlist)',
    hint: 'c chain',
    matches: (input, key) => letter(input, key, 'c', 'C'),
  },
  {
    action: 'prevExpiry',
    label: '[',
    description: 'chain view: the previous expiry',
    matches: (input, key) => letter(input, key, '['),
  },
  {
    action: 'nextExpiry',
    label: ']',
    description: 'chain view: the next expiry',
    matches: (input, key) => letter(input, key, ']'),
  },
  {
    action: 'left',
    label: 'h / ←',
    description: 'chain view: the calls side (Enter opens the call at the cursor)',
    matches: (input, key) => key.leftArrow || letter(input, key, 'h'),
  },
  {
    action: 'right',
    label: 'l / →',
    description: 'chain view: the puts side',
    matches: (input, key) => key.rightArrow || letter(input, key, 'l'),
  },
  {
    action: 'plan',
    label: 't',
    description:
      "trade plan of the tape's top row (reverse video while the tape has focus; j/k scroll) or, in the detail view, of its newest print",
    hint: 't plan',
    matches: (input, key) => letter(input, key, 't', 'T'),
  },
];

/** The action bound to a key press, if any. */
export function actionFor(input: string, key: Key): Action | undefined {
  return bindings.find((b) => b.matches(input, key))?.action;
}

/** The footer line: the short hints, in keymap order. */
export function footerHints(): string {
  return bindings.flatMap((b) => (b.hint ? [b.hint] : [])).join('  ');
}
