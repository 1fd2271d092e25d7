import type { Key } from 'ink';

/**
 * Every key binding, in one place. Later issues add help, movement, sort, panel switching, pause
 * and filter (design.md §1); each is one entry here plus a handler in the app.
 */
export type Action = 'quit';

export interface Binding {
  readonly action: Action;
  /** What the footer shows, e.g. `q`. */
  readonly label: string;
  /** What the action does, e.g. `quit`. */
  readonly description: string;
  readonly matches: (input: string, key: Key) => boolean;
}

export const bindings: readonly Binding[] = [
  {
    action: 'quit',
    label: 'q',
    description: 'quit',
    // Ctrl+C is ours too: Ink's own handler is off (exitOnCtrlC: false) so quitting unmounts
    // cleanly and the process exits 0.
    matches: (input, key) => (!key.ctrl && !key.meta && (input === 'q' || input === 'Q')) || (key.ctrl && input === 'c'),
  },
];

/** The action bound to a key press, if any. */
export function actionFor(input: string, key: Key): Action | undefined {
  return bindings.find((b) => b.matches(input, key))?.action;
}
