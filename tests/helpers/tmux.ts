import { execFileSync, spawnSync } from 'node:child_process';

/**
 * tmux is in the machine image CI runs on; tests that need it skip where it is missing so a quick
 * local run still works, and .ci/run counts a skipped test as failed (scripts/test-summary.mjs),
 * so CI never passes without them.
 */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** A private tmux server (its own socket) with one session, for driving the real binary in a pty. */
export function tmuxSession(name: string) {
  // A fresh socket after every kill: a new server on the socket of one still shutting down can
  // die with it ("server exited unexpectedly"), which failed a clean-clone CI run once.
  let generation = 0;
  const socket = () => `massive-${name}-${process.pid}-${generation}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket(), ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', name);
  return {
    tmux,
    screen,
    send: (...keys: string[]) => tmux('send-keys', '-t', name, ...keys),
    start: (cols: number, rows: number, command: string) =>
      tmux('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), command),
    kill: () => {
      spawnSync('tmux', ['-L', socket(), 'kill-server']);
      generation++;
    },
    /** Polls the screen until `predicate` holds; the error shows the last screen. */
    async waitFor(
      predicate: (text: string) => boolean,
      what = 'the expected text',
      timeoutMs = 20_000,
    ): Promise<string> {
      const end = Date.now() + timeoutMs;
      let text = '';
      while (Date.now() < end) {
        text = screen();
        if (predicate(text)) return text;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`screen never showed ${what}; last screen:\n${text}`);
    },
  };
}
