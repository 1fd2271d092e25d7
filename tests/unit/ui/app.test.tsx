import { afterEach, describe, it, expect } from 'vitest';
import { App } from '../../../src/ui/app.js';
import type { ConnectionState } from '../../../src/store/types.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0, type FakeStore } from './fake-store.js';

const spy = row('SPY', {
  price: 512.34,
  prevClose: 511.11,
  change: 1.23,
  changePct: 0.24,
  volume: 12_345_678,
  bid: 512.33,
  ask: 512.35,
  source: 'ws',
  asOf: T0 - 400,
});
// QQQ comes from REST polling without a quotes plan: no bid/ask.
const qqq = row('QQQ', {
  price: 440.1,
  change: -2.5,
  changePct: -0.56,
  volume: 1_234_567,
  source: 'rest',
  asOf: T0 - 185_000,
});

/** The one screen line that mentions `text`. */
function lineOf(frame: string, text: string): string {
  const lines = frame.split('\n').filter((l) => l.includes(text));
  expect(lines, `lines containing ${text}`).toHaveLength(1);
  return lines[0]!;
}

describe('App', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  function show(store: FakeStore, now = (): number => T0): InkHarness {
    ink = renderInk(<App store={store} onQuit={() => {}} now={now} ageRefreshMs={0} />);
    return ink;
  }

  it('shows a row per watchlist symbol, in order, with formatted numbers', () => {
    const frame = show(fakeStore(snapshot({ quotes: [spy, qqq] }))).frame();
    expect(lineOf(frame, 'SPY')).toMatch(/SPY\s+512\.34\s+\+1\.23\s+\+0\.24%\s+12\.3M\s+512\.33\s+512\.35\s+0\.4s/);
    expect(lineOf(frame, 'QQQ')).toMatch(/QQQ\s+440\.10\s+-2\.50\s+-0\.56%\s+1\.2M/);
    expect(frame.indexOf('SPY')).toBeLessThan(frame.indexOf('QQQ'));
  });

  it('leaves bid and ask blank when they are unknown', () => {
    const frame = show(fakeStore(snapshot({ quotes: [spy, qqq] }))).frame();
    // Nothing between volume and source: no invented zeros or dashes.
    expect(lineOf(frame, 'QQQ')).toMatch(/1\.2M\s+3m/);
  });

  it('shows a symbol that has no data yet with every value blank', () => {
    const frame = show(fakeStore(snapshot({ symbols: ['NVDA'], quotes: [] }))).frame();
    expect(lineOf(frame, 'NVDA')).toMatch(/^│ › NVDA\s+│$/);
  });

  it('formats the age of the last update from the wall clock', () => {
    const frame = show(fakeStore(snapshot({ quotes: [spy, qqq] })), () => T0 + 12_000).frame();
    expect(lineOf(frame, 'SPY')).toMatch(/512\.35\s+12s/);
    expect(lineOf(frame, 'QQQ')).toMatch(/1\.2M\s+3m/);
  });

  it('marks stale rows with the word stale', () => {
    const store = fakeStore(snapshot({ quotes: [spy, { ...qqq, stale: true }] }));
    const frame = show(store).frame();
    expect(lineOf(frame, 'QQQ')).toMatch(/3m stale/);
    expect(lineOf(frame, 'SPY')).not.toMatch(/stale/);
  });

  it('shows a DEMO DATA badge only on demo data', () => {
    expect(
      show(fakeStore(snapshot({ status: { demo: true } })))
        .frame()
        .split('\n')[0],
    ).toContain('DEMO DATA');
    ink?.unmount();
    expect(show(fakeStore(snapshot({ status: { demo: false } }))).frame()).not.toContain('DEMO');
  });

  it.each([
    ['live', 'live'],
    ['connecting', 'connecting…'],
    ['reconnecting', 'reconnecting…'],
    ['polling', 'polling (REST)'],
    ['offline', 'offline'],
    ['auth_failed', 'auth failed'],
  ] as const)('names the %s connection state in the status line', (state: ConnectionState, label) => {
    const header = show(fakeStore(snapshot({ status: { connection: state } })))
      .frame()
      .split('\n')[0]!;
    expect(header).toMatch(new RegExp(`^ massive ● ${label.replace(/[()]/g, '\\$&')}`));
  });

  it('shows the status message and the REST quota', () => {
    const status = {
      connection: 'polling',
      message: 'stream down, polling',
      quota: { used: 3, limit: 5, windowMs: 60_000 },
    } as const;
    const header = show(fakeStore(snapshot({ status })))
      .frame()
      .split('\n')[0]!;
    expect(header).toContain('stream down, polling');
    expect(header).toMatch(/REST 3\/5 per 1m, 2 left\s*$/);
  });

  it('shows SPX and VIX in the bias panel, and words instead of numbers while one is missing', () => {
    const spx = row('I:SPX', { price: 5123.45, change: 12.3, changePct: 0.24, asOf: T0 - 1000 });
    const frame = show(fakeStore(snapshot({ indices: [spx] }))).frame();
    expect(frame).toContain('Market bias');
    expect(lineOf(frame, 'SPX')).toMatch(/SPX\s+5,123\.45\s+\+12\.30\s+\+0\.24%/);
    expect(lineOf(frame, 'VIX')).toMatch(/VIX\s+waiting for data\s+│$/);
  });

  it('shows the key hints in the footer', () => {
    const lines = show(fakeStore(snapshot())).frame().split('\n');
    expect(lines.at(-1)).toMatch(/q quit/);
  });

  it('says how to add symbols when the watchlist is empty', () => {
    expect(show(fakeStore(snapshot({ symbols: [] }))).frame()).toContain('No symbols');
  });

  it('re-renders when the store publishes a new snapshot', () => {
    const store = fakeStore(snapshot({ quotes: [spy, qqq] }));
    const view = show(store);
    store.publish(
      snapshot({
        quotes: [{ ...spy, price: 513.5, change: 2.39, changePct: 0.47 }, qqq],
        status: { connection: 'reconnecting' },
      }),
    );
    const frame = view.frame();
    expect(lineOf(frame, 'SPY')).toMatch(/SPY\s+513\.50\s+\+2\.39\s+\+0\.47%/);
    expect(frame.split('\n')[0]).toContain('reconnecting…');
  });

  it('stops listening to the store when unmounted', () => {
    const store = fakeStore(snapshot());
    show(store);
    expect(store.listenerCount()).toBe(1);
    ink?.unmount();
    ink = undefined;
    expect(store.listenerCount()).toBe(0);
  });
});
