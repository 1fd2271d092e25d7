import { describe, it, expect } from 'vitest';
import { columns, fitColumns, rowCells, tableWidth } from '../../../src/ui/watchlist-columns.js';
import { row, T0 } from './fake-store.js';

const ids = (available: number): string[] => fitColumns(available).map((c) => c.id);

describe('fitColumns', () => {
  it('keeps every column when there is room', () => {
    expect(ids(tableWidth(columns))).toEqual(columns.map((c) => c.id));
  });

  it.each([
    [200, ['symbol', 'last', 'change', 'changePct', 'volume', 'bid', 'ask', 'source', 'age', 'flag']],
    // 80-column terminal minus border and padding: bid/ask go as a pair, cheap source stays.
    [76, ['symbol', 'last', 'change', 'changePct', 'volume', 'source', 'age', 'flag']],
    [56, ['symbol', 'last', 'change', 'changePct', 'source', 'age', 'flag']],
    [40, ['symbol', 'last', 'changePct', 'age', 'flag']],
    // Never fewer than the essentials, even if they overflow (Ink truncates the line).
    [10, ['symbol', 'last', 'changePct', 'flag']],
  ])('at %s characters shows %j', (available, expected) => {
    expect(ids(available)).toEqual(expected);
  });

  it.each([200, 120, 96, 76, 60, 50, 40, 34])('fits within %s characters whenever the essentials do', (available) => {
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
      row('SPY', { price: 512.34, change: 1.23, changePct: 0.24, volume: 12_345_678, bid: 512.33, ask: 512.35, source: 'ws', asOf: T0 - 400 }),
      T0,
    );
    expect(cells).toEqual({
      symbol: 'SPY',
      last: '512.34',
      change: '+1.23',
      changePct: '+0.24%',
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
      symbol: undefined,
      last: '',
      change: '',
      changePct: '',
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
});
