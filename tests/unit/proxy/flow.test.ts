import { describe, it, expect } from 'vitest';
import {
  parseChainPage,
  parseFlowTopic,
  selectWindow,
  underlyingOfContract,
  windowChainPath,
  windowTopics,
  type ChainRow,
} from '../../../src/proxy/flow.js';

describe('parseFlowTopic', () => {
  it.each([
    ['FLOW.SPY', 'SPY'],
    ['FLOW.BRK.B', 'BRK.B'],
    ['FLOW.I:SPX', 'I:SPX'],
    ['FLOW.*', undefined],
    ['FLOW.', undefined],
    ['FLOW.spy', undefined],
    ['FLOWSPY', undefined],
    ['T.SPY', undefined],
    ['FLOW.O:SPY261218C00650000', undefined],
    ['FLOW.TOOLONGTICKER1', undefined],
    ['', undefined],
  ])('%s → %s', (topic, expected) => {
    expect(parseFlowTopic(topic)).toBe(expected);
  });
});

describe('underlyingOfContract', () => {
  it.each([
    ['O:SPY261218C00650000', 'SPY'],
    ['O:SPXW261218P05000000', 'I:SPX'],
    ['O:SPX261218P05000000', 'I:SPX'],
    ['O:AMC1261218C00005000', 'AMC'],
    ['O:NDXP261218C20000000', 'I:NDX'],
    ['SPY', undefined],
    ['O:SPY261318C00650000', undefined],
    ['O:', undefined],
    ['', undefined],
  ])('%s → %s', (sym, expected) => {
    expect(underlyingOfContract(sym)).toBe(expected);
  });
});

const row = (expiry: string, strike: number, right: 'C' | 'P'): ChainRow => ({
  ticker: `O:SPY${expiry.slice(2).replaceAll('-', '')}${right}${String(strike * 1000).padStart(8, '0')}`,
  expiry,
  strike,
});

describe('selectWindow', () => {
  const rows: ChainRow[] = [];
  for (const e of ['2026-01-09', '2026-01-16', '2026-01-23'])
    for (const k of [590, 595, 600, 605, 610]) for (const r of ['C', 'P'] as const) rows.push(row(e, k, r));

  it('takes the nearest strikes of the nearest expiries first', () => {
    const w = selectWindow(rows, 601, { expiries: 2, maxContracts: 4 });
    expect(w).toEqual([
      row('2026-01-09', 600, 'C').ticker,
      row('2026-01-09', 600, 'P').ticker,
      row('2026-01-16', 600, 'C').ticker,
      row('2026-01-16', 600, 'P').ticker,
    ]);
  });

  it('never goes beyond the given number of expiries', () => {
    const w = selectWindow(rows, 600, { expiries: 2, maxContracts: 1000 });
    expect(w).toHaveLength(20);
    expect(w.some((t) => t.includes('260123'))).toBe(false);
  });

  it('follows spot: a higher price moves the window up', () => {
    const low = selectWindow(rows, 591, { expiries: 1, maxContracts: 2 });
    const high = selectWindow(rows, 609, { expiries: 1, maxContracts: 2 });
    expect(low.every((t) => t.includes('00590000'))).toBe(true);
    expect(high.every((t) => t.includes('00610000'))).toBe(true);
  });

  it.each([
    ['no spot', 0, 10],
    ['a NaN spot', Number.NaN, 10],
    ['no room', 600, 0],
  ])('is empty with %s', (_l, spot, max) => {
    expect(selectWindow(rows, spot, { expiries: 2, maxContracts: max })).toEqual([]);
  });

  it('is deterministic whatever the row order', () => {
    const shuffled = [...rows].reverse();
    expect(selectWindow(shuffled, 603, { expiries: 2, maxContracts: 7 })).toEqual(
      selectWindow(rows, 603, { expiries: 2, maxContracts: 7 }),
    );
  });
});

describe('parseChainPage', () => {
  it('reads contracts and the underlying price', () => {
    const page = parseChainPage({
      results: [
        {
          details: { ticker: 'O:SPY260109C00600000', expiration_date: '2026-01-09', strike_price: 600 },
          underlying_asset: { price: 601.5 },
        },
        { details: { ticker: 'O:SPY260109P00600000', expiration_date: '2026-01-09', strike_price: 600 } },
      ],
    });
    expect(page.spot).toBe(601.5);
    expect(page.rows.map((r) => r.ticker)).toEqual(['O:SPY260109C00600000', 'O:SPY260109P00600000']);
  });

  it('reads an index value as spot', () => {
    const row = { details: { ticker: 'O:SPXW260105C06000000', expiration_date: '2026-01-05', strike_price: 6000 } };
    expect(parseChainPage({ results: [{ ...row, underlying_asset: { value: 6000 } }] }).spot).toBe(6000);
  });

  it.each([
    ['null', null],
    ['a string', 'nope'],
    ['results not an array', { results: {} }],
    ['rows of junk', { results: [null, 3, { details: { ticker: 5 } }, { underlying_asset: { price: -1 } }] }],
  ])('tolerates %s', (_l, body) => {
    const page = parseChainPage(body);
    expect(page.rows).toEqual([]);
    expect(page.spot).toBeUndefined();
  });
});

describe('windowChainPath and windowTopics', () => {
  it('asks for strikes around spot from today, nearest expiries first', () => {
    const url = new URL(windowChainPath('I:SPX', 6000, 0.05, '2026-01-05'), 'http://x');
    // The path the rest of the code builds (massive/endpoints.ts): Massive's docs write I:SPX as is.
    expect(url.pathname).toBe('/v3/snapshot/options/I:SPX');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      'expiration_date.gte': '2026-01-05',
      'strike_price.gte': '5700',
      'strike_price.lte': '6300',
      sort: 'expiration_date',
      order: 'asc',
      limit: '250',
    });
  });

  it('subscribes a trade and a quote per contract', () => {
    expect(windowTopics(['O:A', 'O:B'])).toEqual(['T.O:A', 'Q.O:A', 'T.O:B', 'Q.O:B']);
  });
});
