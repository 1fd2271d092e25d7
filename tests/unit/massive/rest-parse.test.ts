import { describe, it, expect } from 'vitest';
import {
  isIndexSnapshotError,
  parseErrorBody,
  parseIndicesSnapshot,
  parseStockSnapshotSingle,
  parseStockSnapshots,
} from '../../../src/massive/rest-parse.js';
import {
  ERROR_BODIES,
  INDICES_SNAPSHOT,
  INLINE_NOT_ENTITLED,
  INLINE_NOT_FOUND,
  STOCK_SNAPSHOT_OBJECT,
} from './rest-fixtures.js';

const AAPL = {
  ticker: 'AAPL',
  price: 120.47,
  prevClose: 119.49,
  change: 0.98,
  changePct: 0.82,
  bid: 120.46,
  ask: 120.47,
  bidSize: 8,
  askSize: 4,
  open: 119.62,
  high: 120.53,
  low: 118.81,
  volume: 28727868,
  vwap: 119.725,
  fmv: 120.45,
  updatedMs: 1605195918306,
};

describe('stock snapshot parsers', () => {
  it('parses the documented single-ticker snapshot (lastQuote P/S is the ask, ns times)', () => {
    const result = parseStockSnapshotSingle(`{"status":"OK","request_id":"abc","ticker":${STOCK_SNAPSHOT_OBJECT}}`);
    expect(result).toMatchObject({ ok: true, value: AAPL, requestId: 'abc', delayed: false, issues: [] });
  });

  it('parses a multi-ticker snapshot and reports malformed items by index', () => {
    const body = JSON.parse(
      `{"status":"OK","count":3,"tickers":[${STOCK_SNAPSHOT_OBJECT},{"day":{"c":1}},"AAPL",{"ticker":"TSLA"}]}`,
    );
    const result = parseStockSnapshots(body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((s) => s.ticker)).toEqual(['AAPL', 'TSLA']);
    expect(result.value[0]).toEqual(AAPL);
    expect(result.value[1]).toMatchObject({ ticker: 'TSLA', price: undefined, bid: undefined, updatedMs: undefined });
    expect(result.issues).toEqual([
      { path: 'tickers[1]', reason: 'missing ticker' },
      { path: 'tickers[2]', reason: 'not an object' },
    ]);
  });

  it('falls back to the minute close and computes change when the trade and change fields are missing', () => {
    const result = parseStockSnapshots({
      status: 'OK',
      tickers: [{ ticker: 'SPY', day: { c: 0, v: 0 }, min: { c: 101, t: 1684428720000 }, prevDay: { c: 100 } }],
    });
    expect(result.ok && result.value[0]).toMatchObject({
      price: 101,
      prevClose: 100,
      change: 1,
      changePct: 1,
      volume: 0,
      updatedMs: 1684428720000,
    });
  });

  it.each([
    ['NaN strings', { ticker: 'X', lastTrade: { p: 'NaN' }, lastQuote: { p: 'NaN', P: null } }],
    ['negative prices', { ticker: 'X', lastTrade: { p: -1 }, lastQuote: { p: -1, P: -2 } }],
    ['sub-objects of the wrong type', { ticker: 'X', lastTrade: 5, lastQuote: [1, 2], day: 'x' }],
  ])('ignores %s in price fields', (_name, item) => {
    const result = parseStockSnapshots({ status: 'OK', tickers: [item] });
    expect(result.ok && result.value[0]).toMatchObject({
      ticker: 'X',
      price: undefined,
      bid: undefined,
      ask: undefined,
    });
  });

  it('treats a missing tickers key as an empty list', () => {
    expect(parseStockSnapshots({ status: 'OK', count: 0 })).toMatchObject({ ok: true, value: [] });
  });

  it.each([
    ['invalid JSON', '{"status":', 'invalid JSON'],
    ['an array body', '[]', 'not a JSON object'],
    ['tickers of the wrong type', '{"status":"OK","tickers":{"AAPL":{}}}', 'not an array'],
  ])('fails on %s', (_name, body, reason) => {
    const result = parseStockSnapshots(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('fails on a single-ticker body without a usable ticker object', () => {
    expect(parseStockSnapshotSingle('{"status":"OK","ticker":"AAPL"}')).toMatchObject({
      ok: false,
      reason: 'ticker: not an object',
    });
  });

  it.each(Object.entries(ERROR_BODIES))(
    'turns the %s error envelope into a failure with its details',
    (_name, body) => {
      const result = parseStockSnapshotSingle(body);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const expected = JSON.parse(body) as { status: string; request_id: string; error?: string; message?: string };
      expect(result.error).toEqual({
        status: expected.status,
        requestId: expected.request_id,
        message: expected.error ?? expected.message,
      });
    },
  );
});

describe('indices snapshot parser', () => {
  it('parses the documented indices snapshot', () => {
    const result = parseIndicesSnapshot(INDICES_SNAPSHOT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.requestId).toBe('6a7e...');
    expect(result.value).toEqual([
      {
        ticker: 'I:SPX',
        name: 'S&P 500',
        value: 5431.6,
        change: 12.3,
        changePct: 0.23,
        prevClose: 5419.3,
        open: 5420.1,
        high: 5440.2,
        low: 5415.8,
        marketStatus: 'open',
        timeframe: 'REAL-TIME',
        updatedMs: 1718200000123,
      },
    ]);
  });

  it('keeps inline NOT_FOUND and NOT_ENTITLED items as errors', () => {
    const body = `{"status":"OK","results":[${INLINE_NOT_FOUND},${INLINE_NOT_ENTITLED},{"ticker":"I:VIX","value":14.2}]}`;
    const result = parseIndicesSnapshot(body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.slice(0, 2)).toEqual([
      { ticker: 'TSLAAPL', error: 'NOT_FOUND', message: 'Ticker not found.' },
      { ticker: 'APy', error: 'NOT_ENTITLED', message: 'Not entitled to this ticker.' },
    ]);
    expect(result.value.map(isIndexSnapshotError)).toEqual([true, true, false]);
    expect(result.value[2]).toMatchObject({ ticker: 'I:VIX', value: 14.2, change: undefined });
  });

  it('skips items without a ticker and reports them', () => {
    const result = parseIndicesSnapshot({
      status: 'OK',
      results: [{ value: 1 }, null, { ticker: 'I:SPX', value: 'x' }],
    });
    expect(result).toMatchObject({
      ok: true,
      issues: [
        { path: 'results[0]', reason: 'missing ticker' },
        { path: 'results[1]', reason: 'not an object' },
      ],
    });
    expect(result.ok && result.value[0]).toMatchObject({ ticker: 'I:SPX', value: undefined });
  });
});

describe('parseErrorBody', () => {
  it.each([
    [ERROR_BODIES.noKey, undefined, { status: 'ERROR', requestId: 'r1', message: 'API Key was not provided' }],
    [ERROR_BODIES.notFound, undefined, { status: 'NOT_FOUND', requestId: 'r4', message: 'Data not found.' }],
    ['{"status":"ERROR","error":"bad"}', 'hdr-1', { status: 'ERROR', requestId: 'hdr-1', message: 'bad' }],
    ['<html>502 Bad Gateway</html>', 'hdr-2', { status: undefined, requestId: 'hdr-2', message: undefined }],
    [null, undefined, { status: undefined, requestId: undefined, message: undefined }],
  ])('reads %s', (body, header, expected) => {
    expect(parseErrorBody(body, header)).toEqual(expected);
  });
});
