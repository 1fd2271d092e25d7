import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/ui/app.js';
import { bindings } from '../../../src/ui/keymap.js';
import type { Bar } from '../../../src/massive/rest-models.js';
import type { MarketSnapshot } from '../../../src/store/types.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { flowPrint } from './flow-fixtures.js';
import { fakeStore, row, snapshot, T0 } from './fake-store.js';

const OPEN = Date.UTC(2026, 0, 5, 14, 30);

function bars(n: number): Bar[] {
  return Array.from({ length: n }, (_, i) => {
    const open = 500 + Math.sin(i / 7) * 3;
    const close = 500 + Math.sin((i + 1) / 7) * 3;
    return {
      timeMs: OPEN + i * 60_000,
      open,
      close,
      high: Math.max(open, close) + 0.2,
      low: Math.min(open, close) - 0.2,
      volume: 1000 + i * 10,
      vwap: undefined,
      trades: undefined,
    };
  });
}

function market(symbols: number, prints: number, withAlert = false): MarketSnapshot {
  const names = Array.from({ length: symbols }, (_, i) => (i === 0 ? 'SPY' : `S${String.fromCharCode(65 + i)}`));
  return snapshot({
    quotes: names.map((s) => row(s, { price: 500, change: 1, changePct: 0.2, volume: 1e6, source: 'ws', asOf: T0 })),
    indices: [
      row('I:SPX', { price: 5123.45, change: 12.3, changePct: 0.24 }),
      row('I:VIX', { price: 14.21, change: -0.3, changePct: -2.07 }),
    ],
    flow: Array.from({ length: prints }, (_, i) => flowPrint({ id: `p${i}`, underlying: 'SPY' })),
    sessionBars: { SPY: bars(120) },
    ...(withAlert ? { alerts: [{ id: 'a1', rule: 'SPY > 1', message: 'SPY above 1', time: T0 }] } : {}),
  });
}

describe('the screen fills the terminal, one line short of it', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  const show = (snap: MarketSnapshot, columns: number, rows: number) => {
    ink = renderInk(<App store={fakeStore(snap)} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} />, {
      columns,
      rows,
    });
    return ink;
  };
  const lines = () => ink!.frame().split('\n');

  it.each([
    [80, 24],
    [120, 40],
    [200, 60],
  ])('at %i×%i: main screen, detail view with its chart, help', (columns, rows) => {
    for (const snap of [market(3, 0), market(3, 300), market(30, 300, true)]) {
      show(snap, columns, rows);
      expect(lines()).toHaveLength(rows - 1);
      for (const l of lines()) expect(l.length).toBeLessThanOrEqual(columns);
      ink!.press('\r');
      expect(lines().length).toBeLessThanOrEqual(rows - 1);
      expect(ink!.frame()).toMatch(/Chart 1m/);
      ink!.press('m');
      expect(ink!.frame()).toMatch(/Chart 5m/);
      expect(lines().length).toBeLessThanOrEqual(rows - 1);
      ink!.unmount();
      ink = undefined;
    }
  });

  it.each([
    [80, 24],
    [200, 60],
  ])('lists every key in ? help at %i×%i, in columns when one does not fit', (columns, rows) => {
    show(market(3, 10), columns, rows);
    ink!.press('?');
    const frame = ink!.frame();
    expect(lines().length).toBeLessThanOrEqual(rows - 1);
    for (const b of bindings) expect(frame, b.label).toContain(b.label);
    expect(frame).toContain('saved to the `watchlist` setting');
  });

  it('shows at least 8 prints at 80×24, even with 30 symbols and an alert line', () => {
    show(market(30, 300, true), 80, 24);
    const prints = lines().filter((l) => /\d\d:\d\d:\d\d SPY/.test(l));
    expect(prints.length).toBeGreaterThanOrEqual(8);
  });

  it('reflows on a resize: the tape takes the new rows', () => {
    show(market(3, 300), 120, 30);
    const before = lines().filter((l) => /\d\d:\d\d:\d\d SPY/.test(l)).length;
    ink!.resize(120, 40);
    expect(lines()).toHaveLength(39);
    expect(lines().filter((l) => /\d\d:\d\d:\d\d SPY/.test(l)).length).toBe(before + 10);
  });
});
