import { describe, it, expect } from 'vitest';
import { parseOptionChain, parseOptionContractSnapshot } from '../../../src/massive/rest-parse-options.js';
import { OPTION_CHAIN } from './rest-fixtures.js';

const CONTRACT = {
  ticker: 'O:AAPL230616C00150000',
  root: 'AAPL',
  contractType: 'call',
  exerciseStyle: 'american',
  expiry: '2023-06-16',
  strike: 150,
  sharesPerContract: 100,
  open: 22.49,
  high: 22.49,
  low: 21.35,
  close: 21.4,
  volume: 37,
  vwap: 21.6741,
  change: -1.05,
  changePct: -4.67,
  prevClose: 22.45,
  bid: 20.9,
  ask: 21.25,
  bidSize: 172,
  askSize: 110,
  midpoint: 21.075,
  quoteUpdatedMs: 1636573458756,
  lastPrice: 21.1,
  lastSize: 2,
  lastExchange: 316,
  lastConditions: [209],
  lastTradeMs: 1675280958783,
  greeks: { delta: 0.552, gamma: 0.00707, theta: -0.0185, vega: 0.7275 },
  impliedVolatility: 0.3049,
  openInterest: 8921,
  breakEven: 171.075,
  underlyingTicker: 'AAPL',
  underlyingPrice: 147.951,
  underlyingUpdatedMs: 1636573459862,
  fmv: undefined,
  updatedMs: 1675280958783,
};

describe('option chain parser', () => {
  it('parses the documented chain page and keeps next_url', () => {
    const result = parseOptionChain(OPTION_CHAIN);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual([CONTRACT]);
    expect(result.nextUrl).toBe('https://api.massive.com/v3/snapshot/options/AAPL?cursor=YXA9...');
    expect(result.requestId).toBe('d9ff18da');
  });

  it('derives type, expiry and strike from the ticker when details omit them', () => {
    const result = parseOptionChain({
      status: 'OK',
      results: [{ details: { ticker: 'O:SPY261218P00650000' }, underlying_asset: { ticker: 'I:SPX', value: 5431.6 } }],
    });
    expect(result.ok && result.value[0]).toMatchObject({
      contractType: 'put',
      expiry: '2026-12-18',
      strike: 650,
      root: 'SPY',
      greeks: undefined,
      bid: undefined,
      underlyingPrice: 5431.6,
      updatedMs: undefined,
    });
  });

  it.each([
    ['an item without details', { day: {} }, 'missing details'],
    ['details without a ticker', { details: { strike_price: 1 } }, 'missing details.ticker'],
    ['a non-OCC ticker without strike or type', { details: { ticker: 'BOGUS' } }, 'missing contract_type'],
    ['a string item', 'O:SPY261218P00650000', 'not an object'],
  ])('skips %s and reports why', (_name, item, reason) => {
    const good = { details: { ticker: 'O:SPY261218C00650000' } };
    const result = parseOptionChain({ status: 'OK', results: [good, item] });
    expect(result).toMatchObject({ ok: true, issues: [{ path: 'results[1]', reason }] });
    expect(result.ok && result.value).toHaveLength(1);
  });

  it('ignores malformed numeric fields instead of dropping the contract', () => {
    const result = parseOptionChain({
      status: 'OK',
      results: [
        {
          details: { ticker: 'O:SPY261218C00650000', strike_price: 'NaN' },
          greeks: { delta: 'x' },
          implied_volatility: -1,
          last_trade: { price: 'x', conditions: ['209'] },
        },
      ],
    });
    expect(result.ok && result.value[0]).toMatchObject({
      strike: 650,
      greeks: undefined,
      impliedVolatility: undefined,
      lastPrice: undefined,
      lastConditions: undefined,
    });
  });

  it('fails on an error envelope', () => {
    const result = parseOptionChain('{"status":"NOT_FOUND","request_id":"x","message":"Option Ticker not found."}');
    expect(result).toMatchObject({ ok: false, error: { status: 'NOT_FOUND', message: 'Option Ticker not found.' } });
  });
});

describe('option contract snapshot parser', () => {
  it('parses a single contract whose results is an object', () => {
    const chain = JSON.parse(OPTION_CHAIN) as { results: unknown[] };
    const result = parseOptionContractSnapshot({ status: 'OK', request_id: 'r', results: chain.results[0] });
    expect(result).toMatchObject({ ok: true, value: CONTRACT, requestId: 'r' });
  });

  it('fails when results is an array', () => {
    expect(parseOptionContractSnapshot(OPTION_CHAIN)).toMatchObject({ ok: false, reason: 'results: not an object' });
  });
});
