import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import chalk from 'chalk';
import { App } from '../../../src/ui/app.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0, type FakeStore } from './fake-store.js';
import { flowPrint } from './flow-fixtures.js';

const many = Array.from({ length: 30 }, (_, i) =>
  row(`S${i}`, { price: 100 + i, change: 1, changePct: 1, source: 'ws', asOf: T0 }),
);
const flow = Array.from({ length: 40 }, (_, i) => flowPrint({ id: `f${i}`, strike: 600 + i, premium: 50_000 + i }));

describe('App screen size', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  function show(store: FakeStore, columns: number, rows: number): InkHarness {
    ink = renderInk(
      <App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} onBell={() => {}} />,
      { columns, rows },
    );
    return ink;
  }

  it.each([
    [160, 40],
    [100, 30],
    [100, 24],
    [80, 24],
    [80, 16],
    [60, 20],
    [50, 12],
  ])('never draws a frame taller than the terminal, nor a line wider (%sx%s)', (columns, rows) => {
    const frame = show(fakeStore(snapshot({ quotes: many, flow })), columns, rows).frame();
    const ls = frame.split('\n');
    expect(ls.length).toBeLessThan(rows);
    for (const line of ls) expect(line.length, line).toBeLessThanOrEqual(columns);
    expect(ls.at(-1)).toMatch(/^ q quit/);
  });

  it('scrolls the watchlist to keep the selection on screen', () => {
    const view = show(fakeStore(snapshot({ quotes: many, flow })), 100, 24);
    expect(view.frame()).toContain('S0 ');
    expect(view.frame()).not.toContain('S29');
    for (let i = 0; i < 29; i++) view.press('j');
    const frame = view.frame();
    expect(frame).toMatch(/^│ › S29\s/m);
    expect(frame).not.toMatch(/│ {3}S0\s/);
    expect(frame).toMatch(/Watchlist · sort: your order · ↑\d+/);
    expect(frame.split('\n').length).toBeLessThan(24);
  });

  it('scrolls the tape when it has focus, and says how far', () => {
    const view = show(fakeStore(snapshot({ quotes: many.slice(0, 2), flow })), 100, 24);
    expect(view.frame()).toMatch(/600C/);
    view.press('\t');
    for (let i = 0; i < 3; i++) view.press('j');
    expect(view.frame()).not.toMatch(/ 600C/);
    expect(view.frame()).toMatch(/ 603C/);
    expect(view.frame()).toMatch(/Flow tape · 40 held · ↑3/);
  });

  it('holds the rows in view while new prints arrive above them, and g goes back to the newest', () => {
    const store = fakeStore(snapshot({ quotes: many.slice(0, 2), flow }));
    const view = show(store, 100, 24);
    view.press('\t');
    for (let i = 0; i < 3; i++) view.press('j');
    const newer = Array.from({ length: 5 }, (_, i) => flowPrint({ id: `n${i}`, strike: 700 + i, premium: 60_000 }));
    act(() => store.publish(snapshot({ quotes: many.slice(0, 2), flow: [...newer, ...flow] })));
    const frame = view.frame();
    // Still from 603C down, with the five new prints counted above the view.
    expect(frame).toMatch(/ 603C/);
    expect(frame).not.toMatch(/ 70\dC/);
    expect(frame).toMatch(/45 held · ↑8 \(5 new\)/);
    view.press('g');
    expect(view.frame()).toMatch(/ 704C/);
    expect(view.frame()).not.toMatch(/↑/);
  });

  it('pages through the tape with PgDn/PgUp and jumps to the oldest print with G', () => {
    const view = show(fakeStore(snapshot({ quotes: many.slice(0, 2), flow })), 100, 24);
    view.press('\t');
    view.press('\u001b[6~'); // PgDn
    const paged = view.frame();
    expect(paged).not.toMatch(/ 600C/);
    expect(paged).toMatch(/↑\d+/);
    view.press('G');
    expect(view.frame()).toMatch(/ 639C/);
    view.press('\u001b[5~'); // PgUp
    expect(view.frame()).not.toMatch(/ 639C/);
    view.press('k');
    expect(view.frame()).toMatch(/↑\d+/);
  });

  it('says how many prints the filter hides, not that any were dropped', () => {
    const mixed = flow.map((p, i) => (i % 4 === 0 ? p : { ...p, premium: 1_000 }));
    const view = show(fakeStore(snapshot({ quotes: many.slice(0, 2), flow: mixed })), 100, 24);
    view.press('/');
    for (const ch of '>10k') view.press(ch);
    view.press('\r');
    expect(view.frame()).toMatch(/filter: >10k · 40 held · 30 filtered out/);
    expect(view.frame()).not.toContain('dropped');
  });

  it('redraws to the new height when the terminal shrinks', () => {
    const view = show(fakeStore(snapshot({ quotes: many, flow })), 100, 40);
    expect(view.frame().split('\n').length).toBeLessThan(40);
    view.resize(100, 15);
    expect(view.frame().split('\n').length).toBeLessThan(15);
    view.resize(70, 15);
    for (const line of view.frame().split('\n')) expect(line.length).toBeLessThanOrEqual(70);
  });

  it('drops tape columns rather than wrap on a narrow terminal', () => {
    const wide = show(fakeStore(snapshot({ flow })), 160, 30).frame();
    expect(wide).toMatch(/Bid×Ask.*Vol\/OI\s+IV/);
    ink?.unmount();
    const narrow = show(fakeStore(snapshot({ flow })), 60, 30).frame();
    expect(narrow).not.toMatch(/Bid×Ask|Vol\/OI/);
    expect(narrow).toMatch(/Sym\s+Strike.*Premium/);
  });
});

describe('App status, alerts and animation', () => {
  let ink: InkHarness | undefined;
  let level: typeof chalk.level;
  beforeEach(() => {
    level = chalk.level;
    chalk.level = 1;
  });
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
    chalk.level = level;
    vi.unstubAllEnvs();
    vi.useRealTimers();
  });

  const statusLine = (view: InkHarness): string => view.rawFrame().split('\n')[0]!;

  it.each([
    [3, 10, undefined, '7 left'],
    [8, 10, '\u001B[33m', '2 left'],
    [10, 10, '\u001B[31m', '0 left (exhausted)'],
    [19, 20, '\u001B[31m', '1 left (low)'],
  ])('shows REST quota %s/%s in the right colour and words', (used, limit, sgr, words) => {
    ink = renderInk(
      <App
        store={fakeStore(snapshot({ status: { quota: { used, limit, windowMs: 60_000 } } }))}
        onQuit={() => {}}
        now={() => T0}
        ageRefreshMs={0}
      />,
    );
    const raw = statusLine(ink);
    expect(ink.frame().split('\n')[0]).toContain(`REST ${used}/${limit} per 1m, ${words}`);
    if (sgr) expect(raw).toContain(`${sgr}REST`);
    else expect(raw).not.toMatch(/\u001B\[3[13]mREST/);
  });

  it('counts down to the next reconnect attempt', () => {
    vi.useFakeTimers();
    let wall = T0;
    const status = {
      connection: 'reconnecting',
      message: 'closed (1006); reconnecting in 4 s',
      retryAt: T0 + 4000,
    } as const;
    ink = renderInk(<App store={fakeStore(snapshot({ status }))} onQuit={() => {}} now={() => wall} />);
    expect(ink.frame().split('\n')[0]).toContain('closed (1006); reconnecting in 4 s');
    wall = T0 + 2100;
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(ink.frame().split('\n')[0]).toContain('reconnecting in 2 s');
  });

  it('spins while nothing has loaded and stops once a price is in', () => {
    vi.useFakeTimers();
    const store = fakeStore(snapshot({ symbols: ['SPY'] }));
    ink = renderInk(<App store={store} onQuit={() => {}} now={() => T0} />);
    const first = ink.frame().split('\n')[0]!;
    expect(first).toMatch(/⠋ loading market data/);
    act(() => {
      vi.advanceTimersByTime(130);
    });
    expect(ink.frame().split('\n')[0]).toMatch(/⠙ loading market data/);
    store.publish(snapshot({ quotes: [row('SPY', { price: 1, asOf: T0 })] }));
    expect(ink.frame()).not.toContain('loading');
  });

  it('names extended hours in the status line and the watchlist title', () => {
    ink = renderInk(
      <App
        store={fakeStore(snapshot({ quotes: [row('SPY', { price: 1 })], status: { session: 'pre' } }))}
        onQuit={() => {}}
        now={() => T0}
        ageRefreshMs={0}
      />,
    );
    expect(ink.frame().split('\n')[0]).toContain('PRE-MARKET');
    expect(ink.frame()).toContain('Watchlist · sort: your order · pre-market: Ext% vs prior close');
  });

  it('shows the extended-session move in an Ext% column only outside regular hours', () => {
    const quotes = [row('SPY', { price: 603, change: 3, changePct: 0.5, extChange: 3, extChangePct: 0.5 })];
    ink = renderInk(
      <App
        store={fakeStore(snapshot({ quotes, status: { session: 'pre' } }))}
        onQuit={() => {}}
        now={() => T0}
        ageRefreshMs={0}
      />,
      { columns: 160 },
    );
    expect(ink.frame()).toMatch(/Ext%/);
    expect(
      ink
        .frame()
        .split('\n')
        .find((l) => l.includes('SPY')),
    ).toMatch(/\+0\.50%\s+\+0\.50%/);
    ink.unmount();
    ink = renderInk(
      <App
        store={fakeStore(snapshot({ quotes, status: { session: 'regular' } }))}
        onQuit={() => {}}
        now={() => T0}
        ageRefreshMs={0}
      />,
      { columns: 160 },
    );
    expect(ink.frame()).not.toMatch(/Ext%/);
  });

  it('highlights the newest alert and rings the bell once per new alert', () => {
    const bell = vi.fn();
    const a1 = { id: 'SPY.price>600@1', rule: 'SPY>600', message: 'SPY 600.12 > 600', time: T0 };
    const store = fakeStore(snapshot({ alerts: [a1] }));
    ink = renderInk(<App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} onBell={bell} />);
    expect(ink.frame().split('\n')[1]).toMatch(/ALERT 10:00:00 SPY 600\.12 > 600\s+SPY>600/);
    expect(bell).toHaveBeenCalledTimes(1);
    store.publish(snapshot({ alerts: [a1] }));
    expect(bell).toHaveBeenCalledTimes(1);
    const a2 = { id: 'flow@p9', rule: 'flow.premium>1m', message: 'flow SPY 650C sweep $1.5M > $1M', time: T0 + 1000 };
    store.publish(snapshot({ alerts: [a2, a1] }));
    expect(bell).toHaveBeenCalledTimes(2);
    expect(ink.frame().split('\n')[1]).toMatch(/flow SPY 650C sweep \$1\.5M > \$1M .*2 alerts/);
  });

  it('writes BEL to the terminal when no bell handler is given', () => {
    const store = fakeStore(snapshot());
    ink = renderInk(<App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} />);
    store.publish(snapshot({ alerts: [{ id: 'x', rule: 'SPY>1', message: 'SPY 2 > 1', time: T0 }] }));
    // ink-testing-library records every write as a frame: the bell came after the alert's frame.
    expect(ink.rawFrame()).toBe('\u0007');
  });

  it('flashes a price that changed, green up and red down, then lets it fade', () => {
    vi.useFakeTimers();
    const store = fakeStore(snapshot({ quotes: [row('SPY', { price: 500 }), row('QQQ', { price: 400 })] }));
    ink = renderInk(<App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={500} />);
    expect(ink.rawFrame()).not.toMatch(/\u001B\[4[12]m/);
    store.publish(snapshot({ quotes: [row('SPY', { price: 501 }), row('QQQ', { price: 399 })] }));
    const raw = ink.rawFrame();
    expect(raw.split('\n').find((l) => l.includes('SPY'))).toMatch(/\u001B\[42m(?:\u001B\[30m)?\s*501\.00/);
    expect(raw.split('\n').find((l) => l.includes('QQQ'))).toMatch(/\u001B\[41m(?:\u001B\[30m)?\s*399\.00/);
    act(() => {
      vi.advanceTimersByTime(600);
    });
    expect(ink.rawFrame()).not.toMatch(/\u001B\[4[12]m/);
  });

  it('flashes in inverse video under NO_COLOR', () => {
    vi.stubEnv('NO_COLOR', '1');
    // QQQ, not the selected first row: the selection is inverse video too.
    const store = fakeStore(snapshot({ quotes: [row('SPY', { price: 1 }), row('QQQ', { price: 500 })] }));
    ink = renderInk(<App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={500} />);
    store.publish(snapshot({ quotes: [row('SPY', { price: 1 }), row('QQQ', { price: 501 })] }));
    expect(
      ink
        .rawFrame()
        .split('\n')
        .find((l) => l.includes('QQQ')),
    ).toMatch(/\u001B\[7m[^\u001B]*501\.00/);
    expect(ink.rawFrame()).not.toMatch(/\u001B\[(3[0-7]|4[0-7]|9[0-7])m/);
  });
});
