import { describe, it, expect } from 'vitest';
import { columns, fitColumns, rowCells, tableWidth } from '../../../src/ui/watchlist-columns.js';
import { row, T0 } from './fake-store.js';

const ids = (available: number): string[] => fitColumns(available).map((c) => c.id);

describe('fitColumns', () => {
  it('keeps every column when there is room, the extended-hours one only outside regular hours', () => {
    expect(fitColumns(tableWidth(columns), true).map((c) => c.id)).toEqual(columns.map((c) => c.id));
    expect(ids(tableWidth(columns))).toEqual(columns.filter((c) => c.id !== 'ext').map((c) => c.id));
  });

  it.each([
    [
      200,
      [
        'cursor',
        'symbol',
        'last',
        'change',
        'changePct',
        'spark',
        'rsi',
        'trend',
        'volume',
        'bid',
        'ask',
        'flow',
        'largest',
        'source',
        'age',
        'flag',
      ],
    ],
    // Wide terminal beside the bias panel: everything but the flow summary.
    [
      113,
      [
        'cursor',
        'symbol',
        'last',
        'change',
        'changePct',
        'spark',
        'rsi',
        'trend',
        'volume',
        'bid',
        'ask',
        'source',
        'age',
        'flag',
      ],
    ],
    // 100-column terminal minus border and padding: the cheap source column goes first.
    [96, ['cursor', 'symbol', 'last', 'change', 'changePct', 'spark', 'volume', 'bid', 'ask', 'age', 'flag']],
    // 80 columns: bid/ask go as a pair, the sparkline stays.
    [76, ['cursor', 'symbol', 'last', 'change', 'changePct', 'spark', 'volume', 'age', 'flag']],
    [56, ['cursor', 'symbol', 'last', 'change', 'changePct', 'age', 'flag']],
    [40, ['cursor', 'symbol', 'last', 'changePct', 'flag']],
    // Never fewer than the essentials, even if they overflow (Ink truncates the line).
    [10, ['cursor', 'symbol', 'last', 'changePct', 'flag']],
  ])('at %s characters shows %j', (available, expected) => {
    expect(ids(available)).toEqual(expected);
  });

  it.each([200, 120, 96, 76, 60, 50, 40])('fits within %s characters whenever the essentials do', (available) => {
    expect(tableWidth(fitColumns(available))).toBeLessThanOrEqual(available);
  });

  it('never shows bid without ask', () => {
    for (let w = 0; w <= 120; w += 1) {
      const shown = ids(w);
      expect(shown.includes('bid'), `width ${w}`).toBe(shown.includes('ask'));
    }
  });
});

describe('rowCells', () => {
  it('formats every known field', () => {
    const cells = rowCells(
      'SPY',
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
      T0,
    );
    expect(cells).toEqual({
      cursor: '',
      symbol: 'SPY',
      spark: '',
      rsi: '',
      trend: '',
      flow: '',
      largest: '',
      last: '512.34',
      change: '+1.23',
      changePct: '+0.24%',
      ext: '',
      volume: '12.3M',
      bid: '512.33',
      ask: '512.35',
      source: 'ws',
      age: '0.4s',
      flag: '',
    });
  });

  it('leaves unknown fields blank instead of inventing numbers', () => {
    const cells = rowCells('QQQ', row('QQQ'), T0);
    expect({ ...cells, symbol: undefined }).toEqual({
      cursor: '',
      symbol: undefined,
      spark: '',
      rsi: '',
      trend: '',
      flow: '',
      largest: '',
      last: '',
      change: '',
      changePct: '',
      ext: '',
      volume: '',
      bid: '',
      ask: '',
      source: '',
      age: '',
      flag: '',
    });
  });

  it('handles a symbol the store has no row for', () => {
    expect(rowCells('NVDA', undefined, T0)).toMatchObject({ symbol: 'NVDA', last: '', age: '', flag: '' });
  });

  it('flags stale rows', () => {
    expect(rowCells('SPY', row('SPY', { stale: true }), T0).flag).toBe('stale');
  });

  it('marks a delayed or end-of-day row dly, beside the other flags', () => {
    expect(rowCells('SPY', row('SPY', { delayed: true }), T0).flag).toBe('dly');
    expect(rowCells('SPY', row('SPY', { delayed: true, stale: true }), T0, { illiquid: true }).flag).toBe(
      '! dly stale',
    );
    expect(rowCells('SPY', row('SPY', { delayed: false }), T0).flag).toBe('');
  });

  it.each([
    [false, '!'],
    [true, '! stale'],
  ])('marks a liquidity warning with ! (stale: %s)', (stale, flag) => {
    expect(rowCells('SPY', row('SPY', { stale }), T0, { illiquid: true }).flag).toBe(flag);
  });

  it('marks the selected row, draws the session sparkline and summarises the flow', () => {
    const largest = { strike: 650, right: 'call', premium: 1_200_000 } as never;
    const cells = rowCells('SPY', row('SPY'), T0, {
      selected: true,
      sparkline: [1, 2, 3, 4, 5, 6, 7, 8],
      summary: { underlying: 'SPY', bullishPremium: 1_500_000, bearishPremium: 400_000, largest, count: 12 },
    });
    expect(cells.cursor).toBe('›');
    expect(cells.spark).toBe('▁▂▃▄▅▆▇█');
    expect(cells.flow).toBe('+$1.5M/-$400K');
    expect(cells.largest).toBe('650C $1.2M');
  });

  it.each([
    ['up', 71.6, '72', '▲ up'],
    ['down', 28.2, '28', '▼ down'],
    ['flat', 50, '50', '– flat'],
    ['unknown', undefined, '', ''],
  ] as const)('shows RSI and a %s trend as text', (trend, rsi14, rsiText, trendText) => {
    const indicators = { symbol: 'SPY', rsi14, trend } as never;
    const cells = rowCells('SPY', row('SPY'), T0, { indicators });
    expect([cells.rsi, cells.trend]).toEqual([rsiText, trendText]);
  });
});
