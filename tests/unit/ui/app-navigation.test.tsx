import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../src/ui/app.js';
import { bindings } from '../../../src/ui/keymap.js';
import type { IndicatorValues } from '../../../src/market/types.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0, type FakeStore } from './fake-store.js';
import { flowPrint } from './flow-fixtures.js';

const quotes = [
  row('SPY', { price: 512.34, change: 1.23, changePct: 0.24, volume: 12_345_678, source: 'ws', asOf: T0 }),
  row('QQQ', { price: 440.1, change: -2.5, changePct: -0.56, volume: 41_234_567, source: 'ws', asOf: T0 }),
  row('NVDA', { price: 120.5, change: 3.1, changePct: 2.64, volume: 1_234, source: 'ws', asOf: T0 }),
];
const flow = [
  flowPrint({
    id: 'f3',
    underlying: 'QQQ',
    contract: 'O:QQQ261218P00400000',
    right: 'put',
    strike: 400,
    premium: 80_000,
    kind: 'block',
    sentiment: 'bearish',
  }),
  flowPrint({ id: 'f2', premium: 1_200_000 }),
  flowPrint({
    id: 'f1',
    underlying: 'NVDA',
    contract: 'O:NVDA261218C00130000',
    strike: 130,
    premium: 30_000,
    kind: 'single',
  }),
];

const lines = (frame: string): string[] => frame.split('\n');
const lineOf = (frame: string, re: RegExp): string => lines(frame).find((l) => re.test(l)) ?? '';
/** Watchlist symbols in screen order, read from the rows that start with the marker column. */
const watchOrder = (frame: string): string[] =>
  lines(frame).flatMap((l) => /^│ [› ] (SPY|QQQ|NVDA|S\d+)\s/.exec(l)?.[1] ?? []);
const selectedRow = (frame: string): string | undefined => /^│ › (\S+)/m.exec(frame)?.[1];

describe('App navigation', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
    vi.unstubAllEnvs();
  });

  function show(
    store: FakeStore,
    opts: { columns?: number; rows?: number } = {},
    props: { onBell?: () => void; flashMs?: number } = {},
  ): InkHarness {
    ink = renderInk(
      <App
        store={store}
        onQuit={() => {}}
        now={() => T0}
        ageRefreshMs={0}
        flashMs={props.flashMs ?? 0}
        onBell={props.onBell ?? (() => {})}
      />,
      opts,
    );
    return ink;
  }

  it('moves the selection with j/k and the arrow keys', () => {
    const view = show(fakeStore(snapshot({ quotes })));
    expect(selectedRow(view.frame())).toBe('SPY');
    view.press('j');
    expect(selectedRow(view.frame())).toBe('QQQ');
    view.press('\u001B[B');
    expect(selectedRow(view.frame())).toBe('NVDA');
    view.press('j');
    expect(selectedRow(view.frame())).toBe('NVDA');
    view.press('k');
    view.press('\u001B[A');
    expect(selectedRow(view.frame())).toBe('SPY');
  });

  it('cycles the sort with s: change %, symbol, volume, your order, keeping the selection', () => {
    const view = show(fakeStore(snapshot({ quotes })));
    view.press('j');
    const seen: [string, string[]][] = [];
    for (let i = 0; i < 4; i++) {
      view.press('s');
      seen.push([/sort: ([^·│]+?)\s*(?:·|│)/.exec(view.frame())![1]!, watchOrder(view.frame())]);
      expect(selectedRow(view.frame())).toBe('QQQ');
    }
    expect(seen).toEqual([
      ['change %', ['NVDA', 'SPY', 'QQQ']],
      ['symbol', ['NVDA', 'QQQ', 'SPY']],
      ['volume', ['QQQ', 'SPY', 'NVDA']],
      ['your order', ['SPY', 'QQQ', 'NVDA']],
    ]);
  });

  it('shows every key from the keymap on ?, and closes on ? or Esc', async () => {
    const view = show(fakeStore(snapshot({ quotes })));
    view.press('?');
    const help = view.frame();
    for (const b of bindings) expect(help).toContain(b.label);
    expect(help).not.toContain('Watchlist');
    view.press('?');
    expect(view.frame()).toContain('Watchlist');
    view.press('?');
    await view.pressEscape();
    expect(view.frame()).toContain('Watchlist');
  });

  it('opens a detail view with indicators, the session chart and the symbol’s own flow, and goes back', async () => {
    const indicators: IndicatorValues = {
      symbol: 'SPY',
      ema9: 511.5,
      ema21: 510.25,
      rsi14: 61.23,
      atr14: 1.5,
      vwap: 511.9,
      macd: { macd: 0.5, signal: 0.25, histogram: 0.25 },
      trend: 'up',
      barTime: T0,
      bars: 42,
    };
    const store = fakeStore(
      snapshot({
        quotes,
        flow,
        indicators: { SPY: indicators },
        sparklines: { SPY: [1, 2, 3, 4, 5, 6, 7, 8] },
        sessionBars: {
          SPY: [1, 2, 3, 4, 5, 6, 7, 8].map((close, i) => ({
            timeMs: T0 + i * 60_000,
            open: close - 0.5,
            high: close + 0.2,
            low: close - 0.7,
            close,
            volume: 1000,
            vwap: undefined,
            trades: undefined,
          })),
        },
      }),
    );
    const view = show(store);
    view.press('\r');
    const detail = view.frame();
    expect(detail).not.toContain('Watchlist');
    expect(lineOf(detail, /Indicators/)).toMatch(/EMA9 511\.50\s+EMA21 510\.25\s+RSI14 61\.2\s+ATR14 1\.50/);
    expect(detail).toMatch(/VWAP 511\.90\s+MACD 0\.50\/0\.25 hist 0\.25\s+trend up/);
    expect(lineOf(detail, /Chart 1m/)).toMatch(/8 bars\s+─ VWAP/);
    expect(detail).toContain('█');
    expect(detail).toContain('SPY flow');
    expect(detail).toContain('$1.2M');
    expect(detail).not.toContain('400P');
    view.press('\u007F');
    expect(view.frame()).toContain('Watchlist');
    view.press('j');
    view.press('\r');
    expect(view.frame()).toMatch(/│ QQQ\s+440\.10/);
    // QQQ has no indicators or sparkline yet: words, not zeros.
    expect(lineOf(view.frame(), /Indicators/)).toContain('no data yet');
    expect(lineOf(view.frame(), /Chart 1m/)).toContain('no minute bars yet');
    await view.pressEscape();
    expect(view.frame()).toContain('Watchlist');
  });

  it('moves focus between watchlist, tape and bias with Tab, marking the focused panel without colour', () => {
    vi.stubEnv('NO_COLOR', '1');
    const view = show(fakeStore(snapshot({ quotes, flow })));
    expect(view.frame()).toContain('▸ Watchlist');
    view.press('\t');
    expect(view.frame()).toContain('▸ Flow tape');
    expect(view.frame()).not.toContain('▸ Watchlist');
    view.press('\t');
    expect(view.frame()).toContain('▸ Market bias');
    view.press('\u001B[Z');
    expect(view.frame()).toContain('▸ Flow tape');
  });

  it('filters the tape with / (text input, Enter applies) and shows the filter in the title', () => {
    const view = show(fakeStore(snapshot({ quotes, flow })));
    expect(view.frame()).toMatch(/QQQ\s+2026-12-18\s+400P/);
    view.press('/');
    expect(view.frame()).toContain('Esc cancel');
    for (const ch of '>100k c') view.press(ch);
    expect(view.frame()).toContain('filter: >100k c');
    view.press('\r');
    const frame = view.frame();
    expect(frame).toMatch(/Flow tape · filter: >100k c/);
    expect(frame).toMatch(/SPY\s+2026-12-18\s+650C/);
    expect(frame).not.toMatch(/400P|130C/);
    // Keys work as keys again once the filter is applied.
    view.press('j');
    expect(selectedRow(view.frame())).toBe('QQQ');
  });

  it('cancels a filter edit with Esc and keeps typing letters that are also keys', async () => {
    const view = show(fakeStore(snapshot({ quotes, flow })));
    view.press('/');
    for (const ch of 'sp') view.press(ch);
    expect(view.frame()).toContain('filter: sp');
    await view.pressEscape();
    expect(view.frame()).not.toContain('filter:');
    expect(view.frame()).toMatch(/400P/);
  });

  it('pauses the tape with p while data keeps arriving, then catches up', () => {
    const store = fakeStore(snapshot({ quotes, flow }));
    const view = show(store);
    view.press('p');
    const newer = flowPrint({
      id: 'f4',
      underlying: 'NVDA',
      contract: 'O:NVDA261218P00100000',
      right: 'put',
      strike: 100,
      premium: 55_000,
    });
    store.publish(snapshot({ quotes, flow: [newer, ...flow] }));
    expect(view.frame()).toContain('PAUSED (1 new)');
    expect(view.frame()).not.toContain('100P');
    view.press('p');
    expect(view.frame()).not.toContain('PAUSED');
    expect(view.frame()).toContain('100P');
  });

  it('marks liquidity warnings on tape rows and watchlist rows', () => {
    const liquidity = [
      { symbol: 'O:SPY261218C00650000', reason: 'wide_spread', detail: 'spread 18% of mid', time: T0 },
      { symbol: 'NVDA', reason: 'stale_quote', detail: 'no quote for 30 s', time: T0 },
    ] as const;
    const frame = show(fakeStore(snapshot({ quotes, flow, liquidity }))).frame();
    expect(lineOf(frame, /650C/)).toMatch(/bull\s+!\s*│$/);
    expect(lineOf(frame, /400P/)).not.toContain('!');
    expect(lineOf(frame, /^│ [› ] NVDA/)).toMatch(/!\s*│$/);
  });

  it('shows the flow summary per watchlist row when the terminal is wide enough', () => {
    const flowSummary = {
      SPY: { underlying: 'SPY', bullishPremium: 1_500_000, bearishPremium: 250_000, largest: flow[1], count: 4 },
    };
    const wide = show(fakeStore(snapshot({ quotes, flow, flowSummary })), { columns: 200 }).frame();
    expect(lineOf(wide, /^│ [› ] SPY/)).toMatch(/\+\$1\.5M\/-\$250K\s+650C \$1\.2M/);
    ink?.unmount();
    const narrow = show(fakeStore(snapshot({ quotes, flow, flowSummary })), { columns: 100 }).frame();
    expect(narrow).not.toContain('+$1.5M');
  });

  it('shows the bias verdict, trend, regime and reasons', () => {
    const bias = {
      label: 'bullish',
      score: 42,
      spxTrend: 'up',
      vixRegime: 'calm',
      vixDirection: 'falling',
      reasons: ['SPX above EMA9 and EMA21 (+30)', 'VIX calm and falling (+12)'],
    } as const;
    const frame = show(fakeStore(snapshot({ quotes, bias }))).frame();
    expect(frame).toMatch(/BULLISH \+42 SPX up · VIX calm↓/);
    expect(frame).toContain('· SPX above EMA9 and EMA21 (+30)');
  });
});

describe('App typing speed', () => {
  it('treats keys that arrive together as separate presses', () => {
    const ink = renderInk(
      <App
        store={fakeStore(snapshot({ quotes }))}
        onQuit={() => {}}
        now={() => T0}
        ageRefreshMs={0}
        flashMs={0}
        onBell={() => {}}
      />,
    );
    ink.press('jj');
    expect(selectedRow(ink.frame())).toBe('NVDA');
    ink.press('ss');
    expect(ink.frame()).toContain('sort: symbol');
    ink.unmount();
  });
});
