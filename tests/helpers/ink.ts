import { act, type ReactElement } from 'react';
import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { beforeEach } from 'vitest';

export interface InkHarness {
  /** The last frame with ANSI escapes removed. */
  frame(): string;
  /** The last frame as written, escapes included. */
  rawFrame(): string;
  /** Types into the app's stdin (e.g. 'q', or '\x03' for Ctrl+C). */
  press(input: string): void;
  /**
   * Presses Escape. Ink holds a lone ESC back for a tick (it may start an escape sequence) and
   * flushes it from setImmediate, so this waits for that inside act().
   */
  pressEscape(): Promise<void>;
  /** Changes the terminal size and tells the app, as a real SIGWINCH would. */
  resize(columns: number, rows?: number): void;
  rerender(tree: ReactElement): void;
  unmount(): void;
}

/**
 * Renders with ink-testing-library inside act(), at a chosen terminal width (the library's
 * stdout says 100 columns and cannot be configured, so we shadow its getter and emit 'resize').
 */
export function renderInk(tree: ReactElement, opts: { columns?: number; rows?: number } = {}): InkHarness {
  let instance: ReturnType<typeof render> | undefined;
  act(() => {
    instance = render(tree);
  });
  const ink = instance!;
  const resize = (columns: number, rows?: number): void => {
    Object.defineProperty(ink.stdout, 'columns', { value: columns, configurable: true });
    if (rows !== undefined) Object.defineProperty(ink.stdout, 'rows', { value: rows, configurable: true });
    act(() => {
      ink.stdout.emit('resize');
    });
  };
  if (opts.columns !== undefined || opts.rows !== undefined) resize(opts.columns ?? 100, opts.rows);
  return {
    frame: () => stripAnsi(ink.lastFrame() ?? ''),
    rawFrame: () => ink.lastFrame() ?? '',
    press: (input) => {
      act(() => {
        ink.stdin.write(input);
      });
    },
    pressEscape: async () => {
      await act(async () => {
        ink.stdin.write('\u001B');
        await new Promise((resolve) => setTimeout(resolve, 20));
      });
    },
    resize,
    rerender: (next) => {
      act(() => {
        ink.rerender(next);
      });
    },
    unmount: () => {
      act(() => {
        ink.unmount();
      });
      ink.cleanup();
    },
  };
}

/**
 * Turns React's act() environment off for the enclosing suite, for tests of a real render() loop
 * whose updates are not ours to wrap in act(). console.error still fails the test
 * (./console-guard.ts, a setup file for every test, turns the environment on before each test).
 */
export function withoutActEnvironment(): void {
  beforeEach(() => {
    globalThis.IS_REACT_ACT_ENVIRONMENT = false;
  });
}
