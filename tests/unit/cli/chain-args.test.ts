import { describe, expect, it } from 'vitest';
import {
  addDays,
  buildChainQuery,
  marketDate,
  parseRange,
  strikeRangeFromMoneyness,
} from '../../../src/cli/chain-args.js';
import { optionChainPath } from '../../../src/massive/endpoints.js';
import { isMassiveError } from '../../../src/lib/errors.js';

const TODAY = '2026-11-25';
const path = (symbol: string, opts: Parameters<typeof buildChainQuery>[1]): string => {
  const q = buildChainQuery(symbol, opts, TODAY);
  return optionChainPath(q.underlying, q.filters);
};

describe('buildChainQuery', () => {
  it.each([
    [{}, '/v3/snapshot/options/SPY?limit=250'],
    [{ expiry: '2026-12-18' }, '/v3/snapshot/options/SPY?expiration_date=2026-12-18&limit=250'],
    [
      { expiry: '2026-12-01..2026-12-31' },
      '/v3/snapshot/options/SPY?expiration_date.gte=2026-12-01&expiration_date.lte=2026-12-31&limit=250',
    ],
    [
      { dte: '0..30' },
      '/v3/snapshot/options/SPY?expiration_date.gte=2026-11-25&expiration_date.lte=2026-12-25&limit=250',
    ],
    [{ dte: '7' }, '/v3/snapshot/options/SPY?expiration_date=2026-12-02&limit=250'],
    [{ dte: '..7' }, '/v3/snapshot/options/SPY?expiration_date.lte=2026-12-02&limit=250'],
    [{ type: 'call' }, '/v3/snapshot/options/SPY?contract_type=call&limit=250'],
    [{ type: 'P' }, '/v3/snapshot/options/SPY?contract_type=put&limit=250'],
    [{ strike: '640..660' }, '/v3/snapshot/options/SPY?strike_price.gte=640&strike_price.lte=660&limit=250'],
    [{ strike: '650' }, '/v3/snapshot/options/SPY?strike_price=650&limit=250'],
    [{ strike: '640..' }, '/v3/snapshot/options/SPY?strike_price.gte=640&limit=250'],
    [{ limit: '20' }, '/v3/snapshot/options/SPY?limit=20'],
    [{ limit: '1000' }, '/v3/snapshot/options/SPY?limit=250'],
  ])('sends %j as query parameters', (opts, expected) => {
    expect(path('spy', opts)).toBe(expected);
  });

  it('keeps moneyness for after the spot price is known, and accepts index underlyings', () => {
    const q = buildChainQuery('i:spx', { moneyness: '0.95..1.05' }, TODAY);
    expect(q.underlying).toBe('I:SPX');
    expect(q.moneyness).toEqual({ min: 0.95, max: 1.05 });
    expect(q.filters.strikePriceGte).toBeUndefined();
  });

  it.each([
    ['SPY', { expiry: '2026-12-18', dte: '0..30' }, /either --expiry or --dte/],
    ['SPY', { strike: '600..700', moneyness: '0.9..1.1' }, /either --strike or --moneyness/],
    ['SPY', { strike: '660..640' }, /660 is above 640/],
    ['SPY', { strike: 'abc' }, /not a number/],
    ['SPY', { strike: '-5' }, /not a number ≥ 0/],
    ['SPY', { strike: '..' }, /range like/],
    ['SPY', { dte: '1.5' }, /whole number/],
    ['SPY', { dte: '30..0' }, /30 is above 0/],
    ['SPY', { expiry: '2026-02-30' }, /date like 2026-12-18/],
    ['SPY', { expiry: 'tomorrow' }, /date like/],
    ['SPY', { expiry: '2026-12-31..2026-12-01' }, /is after/],
    ['SPY', { type: 'straddle' }, /call or put/],
    ['SPY', { limit: '0' }, /--limit/],
    ['SPY', { limit: 'ten' }, /--limit/],
    ['SPY', { moneyness: '0' }, /strike ÷ spot/],
    ['$$$', {}, /not an underlying/],
    ['O:SPY261218C00650000', {}, /not an underlying/],
  ])('rejects %s %j with a usage error', (symbol, opts, message) => {
    try {
      buildChainQuery(symbol, opts, TODAY);
      expect.unreachable();
    } catch (error) {
      expect(isMassiveError(error, 'USAGE')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe('chain helpers', () => {
  it.each([
    ['1..2', { min: 1, max: 2 }],
    ['3', { min: 3, max: 3 }],
    ['..2', { min: undefined, max: 2 }],
    [' 1 .. 2 ', { min: 1, max: 2 }],
  ])('parses the range %j', (text, expected) => {
    expect(parseRange('x', text)).toEqual(expected);
  });

  it('turns moneyness into a strike range that keeps boundary strikes', () => {
    expect(strikeRangeFromMoneyness({ min: 0.95, max: 1.05 }, 640)).toEqual({
      strikePriceGte: 608,
      strikePriceLte: 672,
    });
    expect(strikeRangeFromMoneyness({ min: undefined, max: 1.1 }, 100.01)).toEqual({ strikePriceLte: 110.02 });
  });

  it('counts days across month ends and takes the New York date', () => {
    expect(addDays('2026-11-25', 7)).toBe('2026-12-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    // 03:00 UTC is still the previous evening in New York.
    expect(marketDate(Date.UTC(2026, 10, 26, 3, 0))).toBe('2026-11-25');
    expect(marketDate(Date.UTC(2026, 10, 26, 15, 0))).toBe('2026-11-26');
  });
});
