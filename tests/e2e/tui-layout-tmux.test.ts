import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { hasTmux, tmuxSession } from '../helpers/tmux.js';

// The real binary in a real terminal: the panels use every row, and the detail view draws a chart.
const { tmux, screen, send, kill, waitFor } = tmuxSession('layout');

const printLine = /^│ \d\d:\d\d:\d\d [A-Z]/;

describe.skipIf(!hasTmux)('the TUI uses the whole terminal (tmux)', () => {
  afterEach(() => {
    kill();
  });

  function start(cols: number, rows: number, args: string): void {
    // CI=0: Ink draws only a final frame when it thinks it runs in CI, and the tmux server
    // inherits this process's environment. A $1 premium floor lets (nearly) every print show.
    const cmd = `cd '${ROOT}' && CI=0 CONTINUOUS_INTEGRATION=0 MASSIVE_FLOW_MIN_PREMIUM=1 '${process.execPath}' '${BIN}' watch ${args} --demo; echo "EXIT=$?"; sleep 30`;
    tmux('new-session', '-d', '-s', 'layout', '-x', String(cols), '-y', String(rows), cmd);
  }

  it('at 120×40 the tape reaches the last rows: one line short of the terminal, then the key hints', async () => {
    start(120, 40, 'SPY QQQ NVDA');
    await waitFor((t) => t.includes('live') && /NVDA\s+\d/.test(t), 'live rows');
    const text = await waitFor(
      (t) => {
        const lines = t.split('\n');
        const title = lines.findIndex((l) => l.includes('Flow tape'));
        return title > 0 && lines.slice(title + 2, 37).every((l) => printLine.test(l));
      },
      'a tape full of prints down to the bottom border',
      60_000,
    );
    const lines = text.split('\n');
    // Rows 1–38 are the frame (Ink's frame stays one line shorter than the terminal): the
    // tape's bottom border is row 38 of 40, the key hints row 39, and nothing is drawn twice.
    expect(lines[37]).toMatch(/^╰─+╯$/);
    expect(lines[38]).toContain('q quit');
    expect(lines.filter((l) => l.includes('Flow tape'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes(' massive '))).toHaveLength(1);
    const title = lines.findIndex((l) => l.includes('Flow tape'));
    expect(37 - title - 2).toBeGreaterThanOrEqual(14);

    // A taller terminal gives the new rows to the tape.
    tmux('resize-window', '-t', 'layout', '-x', '120', '-y', '50');
    await waitFor((t) => {
      const l = t.split('\n');
      return /^╰─+╯$/.test(l[47] ?? '') && (l[48] ?? '').includes('q quit');
    }, 'the frame reflowed to 50 rows');
  }, 120_000);

  it('at 80×24 the tape still shows 8 prints', async () => {
    start(80, 24, 'SPY QQQ NVDA');
    await waitFor((t) => t.includes('live') && /NVDA\s+\d/.test(t), 'live rows');
    const text = await waitFor(
      (t) => t.split('\n').filter((l) => printLine.test(l)).length >= 8,
      'eight prints on the tape',
      60_000,
    );
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(text.split('\n')[22]).toContain('q quit');
  }, 120_000);

  it('draws the session chart in the detail view, and m switches to 5-minute bars', async () => {
    start(120, 40, 'SPY QQQ');
    await waitFor((t) => t.includes('live') && /SPY\s+\d/.test(t), 'live rows');
    send('Enter');
    let text = await waitFor(
      (t) => /Chart 1m \d+ bars/.test(t) && /\d\d:\d\d\s+\d\d:\d\d/.test(t),
      'the 1-minute chart with its time axis',
      30_000,
    );
    expect(text).toMatch(/─ VWAP [\d,]+\.\d\d/);
    expect(text).toMatch(/• EMA9 [\d,]+\.\d\d/);
    expect(text).toMatch(/[█▀▄]/);
    expect(text).toMatch(/vol [\d.]+[KMB]?/);
    send('m');
    text = await waitFor((t) => /Chart 5m \d+ bars/.test(t), 'the 5-minute chart');
    const ones = Number(/Chart 5m (\d+) bars/.exec(text)![1]);
    expect(ones).toBeGreaterThan(0);
    send('m');
    await waitFor((t) => /Chart 1m/.test(t), 'the 1-minute chart again');
    for (const line of screen().split('\n')) expect(line.length).toBeLessThanOrEqual(120);
    send('q');
    expect(await waitFor((t) => t.includes('EXIT='))).toContain('EXIT=0');
  }, 120_000);
});
