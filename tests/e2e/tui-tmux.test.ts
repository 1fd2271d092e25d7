import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { hasTmux, tmuxSession } from '../helpers/tmux.js';

// The real binary in a real terminal: tmux gives it a pty of a known size.
const { tmux, kill, waitFor } = tmuxSession('e2e');

describe.skipIf(!hasTmux)('the TUI in a real terminal (tmux)', () => {
  afterEach(() => {
    kill();
  });

  function start(cols: number, rows: number, extraEnv = ''): void {
    // CI=0: Ink draws only a final frame when it thinks it runs in CI, and the tmux server
    // inherits this process's environment.
    const cmd = `cd '${ROOT}' && CI=0 CONTINUOUS_INTEGRATION=0 ${extraEnv} '${process.execPath}' '${BIN}' watch SPY QQQ --demo; echo "EXIT=$?"; sleep 30`;
    tmux('new-session', '-d', '-s', 'e2e', '-x', String(cols), '-y', String(rows), cmd);
  }

  it('draws live demo data in the watchlist and bias panel, then q exits 0 and restores the screen', async () => {
    start(160, 45);
    const text = await waitFor(
      (t) => t.includes('live') && /SPY\s+\d/.test(t) && /QQQ\s+\d/.test(t) && /SPX\s+[\d,]+\.\d\d/.test(t),
      'live data',
      15_000,
    );
    expect(text).toContain('DEMO');
    expect(text).toMatch(/VIX\s+\d+\.\d\d/);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(160);
    tmux('send-keys', '-t', 'e2e', 'q');
    const after = await waitFor((t) => t.includes('EXIT='));
    expect(after).toContain('EXIT=0');
    // The alternate screen is gone: the dashboard is no longer on the terminal.
    expect(after).not.toContain('Watchlist');
  });

  it('fits an 80-column terminal without wrapping and exits 0 on Ctrl+C', async () => {
    start(80, 24);
    const text = await waitFor((t) => t.includes('live') && /SPY\s+\d/.test(t));
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    tmux('send-keys', '-t', 'e2e', 'C-c');
    expect(await waitFor((t) => t.includes('EXIT='))).toContain('EXIT=0');
  });
});
