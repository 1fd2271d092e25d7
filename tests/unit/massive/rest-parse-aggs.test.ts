import { describe, it, expect } from 'vitest';
import {
  parseAggregates,
  parseIndicator,
  parseLastNbbo,
  parseLastTrade,
  parsePrevClose,
} from '../../../src/massive/rest-parse-aggs.js';
import { LAST_TRADE, MACD, PREV_CLOSE } from './rest-fixtures.js';

describe('aggregates parsers', () => {
  it('parses the documented previous close', () => {
    expect(parsePrevClose(PREV_CLOSE)).toMatchObject({
      ok: true,
      requestId: '5e53...',
      value: {
        ticker: 'AAPL',
        open: 162.25,
        high: 162.34,
        low: 156.72,
        close: 156.8,
        volume: 95595226,
        vwap: 158.6074,
        trades: 899965,
        timeMs: 1651003200000,
      },
    });
  });

  it.each([
    ['empty results', '{"status":"OK","results":[]}', 'no results'],
    ['missing results', '{"status":"OK","resultsCount":0}', 'no results'],
    [
      'a bar without c',
      '{"status":"OK","results":[{"T":"AAPL","o":1,"h":1,"l":1,"t":1651003200000}]}',
      'missing o/h/l/c',
    ],
  ])('fails a previous close with %s', (_name, body, reason) => {
    const result = parsePrevClose(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('parses a range of index bars (o/h/l/c/t only) and flags delayed data', () => {
    const result = parseAggregates({
      ticker: 'I:SPX',
      status: 'DELAYED',
      next_url:
        'https://api.massive.com/v2/aggs/ticker/I:SPX/range/1/day/1578114000000/2020-01-10?cursor=bGltaXQ9MiZzb3J0PWFzYw',
      results: [
        { o: 1, h: 2, l: 0.5, c: 1.5, t: 1578114000000 },
        { o: 1, h: 2, l: 0.5, c: 'x', t: 1578200400000 },
        { o: 1.5, h: 2, l: 1, c: 2, t: 1578286800000 },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.delayed).toBe(true);
    expect(result.nextUrl).toContain('cursor=');
    expect(result.value.ticker).toBe('I:SPX');
    expect(result.value.bars.map((b) => b.timeMs)).toEqual([1578114000000, 1578286800000]);
    expect(result.value.bars[0]).toMatchObject({ volume: undefined, vwap: undefined });
    expect(result.issues).toEqual([{ path: 'results[1]', reason: 'missing o/h/l/c' }]);
  });

  it('treats an empty window as an empty bar list', () => {
    expect(parseAggregates('{"ticker":"AAPL","status":"OK","resultsCount":0}')).toMatchObject({
      ok: true,
      value: { bars: [] },
    });
  });
});

describe('indicator parser', () => {
  it('parses the documented MACD values', () => {
    expect(parseIndicator(MACD)).toMatchObject({
      ok: true,
      value: [{ timeMs: 1517562000016, value: 145.36, signal: 106.98, histogram: 38.38 }],
    });
  });

  it('skips values without a number and leaves MACD fields undefined for SMA', () => {
    const result = parseIndicator({
      status: 'OK',
      results: {
        values: [
          { timestamp: 1517562000016, value: 'NaN' },
          { timestamp: 1517562000017, value: 1 },
        ],
      },
    });
    expect(result).toMatchObject({ ok: true, issues: [{ path: 'results.values[0]', reason: 'missing value' }] });
    expect(result.ok && result.value).toEqual([
      { timeMs: 1517562000017, value: 1, signal: undefined, histogram: undefined },
    ]);
  });
});

describe('last trade and NBBO parsers', () => {
  it('parses the documented last option trade with its ns time in ms', () => {
    expect(parseLastTrade(LAST_TRADE)).toMatchObject({
      ok: true,
      value: {
        ticker: 'O:TSLA210903C00700000',
        price: 115.55,
        size: 25,
        exchange: 312,
        conditions: [227],
        timeMs: 1617901342969,
      },
    });
  });

  it('parses a last NBBO with bid under p/s and ask under P/S', () => {
    const result = parseLastNbbo({
      status: 'OK',
      results: { T: 'AAPL', p: 120.46, s: 8, x: 11, P: 120.47, S: 4, X: 12, t: 1605195918507251700 },
    });
    expect(result).toMatchObject({
      ok: true,
      value: { ticker: 'AAPL', bid: 120.46, bidSize: 8, ask: 120.47, askSize: 4, timeMs: 1605195918507 },
    });
  });

  it('fails a last trade without a price', () => {
    expect(parseLastTrade('{"status":"OK","results":{"T":"AAPL","s":1}}')).toMatchObject({ ok: false });
  });
});
