import { describe, it, expect } from 'vitest';
import { parseAggregates } from '../../../src/massive/rest-parse-aggs.js';
import { PREV_CLOSE } from './rest-fixtures.js';

describe('aggregates parsers', () => {
  it('parses the documented previous close (the poller reads /prev as a one-bar range)', () => {
    expect(parseAggregates(PREV_CLOSE)).toMatchObject({
      ok: true,
      requestId: '5e53...',
      value: {
        ticker: 'AAPL',
        bars: [
          {
            open: 162.25,
            high: 162.34,
            low: 156.72,
            close: 156.8,
            volume: 95595226,
            vwap: 158.6074,
            trades: 899965,
            timeMs: 1651003200000,
          },
        ],
      },
    });
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
