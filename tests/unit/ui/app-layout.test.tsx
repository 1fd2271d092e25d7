import { afterEach, beforeEach, describe, it, expect, vi } from 'vitest';
import chalk from 'chalk';
import { App } from '../../../src/ui/app.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0 } from './fake-store.js';

const store = (): ReturnType<typeof fakeStore> =>
  fakeStore(
    snapshot({
      quotes: [
        row('SPY', {
          price: 512.34,
          change: 1.23,
          changePct: 0.24,
          volume: 12_345_678,
          bid: 512.33,
          ask: 512.35,
          source: 'ws',
          asOf: T0 - 400,
        }),
        row('QQQ', {
          price: 440.1,
          change: -2.5,
          changePct: -0.56,
          volume: 1_234_567,
          source: 'rest',
          asOf: T0 - 185_000,
          stale: true,
        }),
      ],
      indices: [
        row('I:SPX', { price: 5123.45, change: 12.3, changePct: 0.24 }),
        row('I:VIX', { price: 14.21, change: -0.3, changePct: -2.07 }),
      ],
      status: {
        demo: true,
        message: 'a long status message that would wrap a narrow terminal if we let it',
        quota: { used: 3, limit: 5, windowMs: 60_000 },
      },
    }),
  );

function header(frame: string): string {
  return frame.split('\n').find((l) => l.includes('Symbol'))!;
}

describe('App layout', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  function show(columns: number): InkHarness {
    ink = renderInk(<App store={store()} onQuit={() => {}} now={() => T0} ageRefreshMs={0} />, { columns });
    return ink;
  }

  it.each([160, 100, 80, 60])('never draws a line wider than %s columns', (columns) => {
    const lines = show(columns).frame().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
    // A wrapped row would push the footer down: it stays one line, the last one.
    expect(lines.at(-1)).toMatch(/^ q quit/);
    expect(lines.filter((l) => l.includes('SPY'))).toHaveLength(1);
  });

  it('shows every column but the source and the flow summary at 100 columns', () => {
    expect(header(show(100).frame())).toMatch(/Symbol\s+Last\s+Chg\s+Chg%\s+Session\s+Volume\s+Bid\s+Ask\s+Age/);
    expect(header(show(100).frame())).not.toMatch(/Src|Flow/);
  });

  it('drops bid and ask, not the core columns, at 80 columns', () => {
    const frame = show(80).frame();
    expect(header(frame)).toMatch(/Symbol\s+Last\s+Chg\s+Chg%\s+Session\s+Volume\s+Age/);
    expect(header(frame)).not.toMatch(/Bid|Ask/);
    expect(frame).not.toContain('512.33');
  });

  it('puts the bias panel beside the watchlist on a wide terminal and below it on a narrow one', () => {
    const wide = show(160).frame().split('\n');
    expect(wide.find((l) => l.includes('Watchlist'))).toContain('Market bias');
    ink?.unmount();
    const narrow = show(100).frame().split('\n');
    expect(narrow.find((l) => l.includes('Watchlist'))).not.toContain('Market bias');
    expect(narrow.findIndex((l) => l.includes('Market bias'))).toBeGreaterThan(
      narrow.findIndex((l) => l.includes('QQQ')),
    );
  });

  it('re-lays out when the terminal is resized', () => {
    const view = show(100);
    expect(header(view.frame())).toContain('Bid');
    view.resize(80);
    expect(header(view.frame())).not.toContain('Bid');
    expect(view.frame().split('\n')[1]).toHaveLength(80);
  });
});

describe('App colour', () => {
  let ink: InkHarness | undefined;
  let level: typeof chalk.level;
  beforeEach(() => {
    // Under vitest stdout is not a TTY, so chalk starts with colour off; force it on.
    level = chalk.level;
    chalk.level = 1;
  });
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
    chalk.level = level;
    vi.unstubAllEnvs();
  });

  const show = (): string => {
    ink = renderInk(<App store={store()} onQuit={() => {}} now={() => T0} ageRefreshMs={0} />);
    return ink.rawFrame();
  };
  /** SGR foreground or background colour codes (30-37, 40-47, 90-97, 100-107). */
  const colourCode = /\u001B\[(3[0-7]|4[0-7]|9[0-7]|10[0-7])m/;
  const lineWith = (raw: string, text: string): string => raw.split('\n').find((l) => l.includes(text))!;

  it('colours gains green and losses red', () => {
    const raw = show();
    expect(lineWith(raw, 'SPY')).toMatch(/\u001B\[32m\s*\+1\.23\s+\+0\.24%/);
    expect(lineWith(raw, 'QQQ')).toMatch(/\u001B\[31m\s*-2\.50\s+-0\.56%/);
  });

  it('dims the whole of a stale row', () => {
    // Everything from the symbol to the stale marker sits inside one dim span (SGR 2 … 22).
    const raw = show();
    expect(lineWith(raw, 'QQQ')).toMatch(
      /\u001B\[2m(?:(?!\u001B\[22m).)*QQQ(?:(?!\u001B\[22m).)*440\.10(?:(?!\u001B\[22m).)*stale/,
    );
    expect(lineWith(raw, 'SPY')).not.toContain('\u001B[2m');
  });

  it('uses no colour under NO_COLOR but keeps the demo badge visible as inverse text', () => {
    vi.stubEnv('NO_COLOR', '1');
    const raw = show();
    expect(raw).not.toMatch(colourCode);
    expect(raw).toMatch(/\u001B\[7m(?:\u001B\[1m)? DEMO DATA /);
  });

  it('ignores an empty NO_COLOR, as no-color.org says', () => {
    vi.stubEnv('NO_COLOR', '');
    expect(show()).toMatch(colourCode);
  });
});
