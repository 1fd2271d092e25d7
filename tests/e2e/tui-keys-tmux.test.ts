import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { hasTmux, tmuxSession } from '../helpers/tmux.js';

// The keys of the real binary in a real terminal (tmux gives it a pty of a known size).
const { tmux, screen, send, kill, waitFor } = tmuxSession('keys');

describe.skipIf(!hasTmux)('TUI keys in a real terminal (tmux)', () => {
  afterEach(() => {
    kill();
  });

  it('answers ?, s, j/k, Enter, Esc and Tab, stays within the terminal, and quits with q', async () => {
    const rows = 30;
    // CI=0: Ink draws only a final frame when it thinks it runs in CI, and the tmux server
    // inherits this process's environment. NO_COLOR keeps the focus marker visible as text.
    const cmd = `cd '${ROOT}' && CI=0 CONTINUOUS_INTEGRATION=0 NO_COLOR=1 '${process.execPath}' '${BIN}' watch SPY QQQ NVDA --demo; echo "EXIT=$?"; sleep 30`;
    tmux('new-session', '-d', '-s', 'keys', '-x', '110', '-y', String(rows), cmd);
    await waitFor((t) => /› SPY\s+\d/.test(t) && /NVDA\s+\d/.test(t), 'live rows');

    send('?');
    let text = await waitFor((t) => t.includes('Keys (? or Esc closes)'), 'the help screen');
    for (const label of ['q / Ctrl+C', 'j / ↓', 'Enter', 'Tab', 'Shift+Tab', '/', 'p', 's'])
      expect(text).toContain(label);
    send('?');
    await waitFor((t) => t.includes('Watchlist'), 'the watchlist again');

    send('s');
    await waitFor((t) => t.includes('sort: change %'), 'the change % sort');
    send('s', 's', 's');
    await waitFor((t) => t.includes('sort: your order'), 'the user order again');

    send('j');
    await waitFor((t) => /› QQQ/.test(t), 'QQQ selected');
    send('j', 'k');
    await waitFor((t) => /› QQQ/.test(t), 'QQQ selected after j then k');

    send('Enter');
    text = await waitFor((t) => t.includes('Indicators') && t.includes('QQQ flow'), 'the QQQ detail view');
    expect(text).not.toContain('Watchlist');
    send('Escape');
    await waitFor((t) => t.includes('Watchlist') && !t.includes('Indicators'), 'the watchlist after Esc');

    send('Tab');
    await waitFor((t) => t.includes('▸ Flow tape'), 'focus on the tape');
    send('Tab');
    await waitFor((t) => t.includes('▸ Market bias'), 'focus on the bias panel');

    text = screen();
    expect(text.trimEnd().split('\n').length).toBeLessThan(rows);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(110);

    send('q');
    expect(await waitFor((t) => t.includes('EXIT='), 'the exit code')).toContain('EXIT=0');
  }, 120_000);
});
