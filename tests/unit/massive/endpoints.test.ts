import { describe, it, expect } from 'vitest';
import {
  aggsPath,
  encodeSegment,
  indicesSnapshotPath,
  optionChainPath,
  optionContractSnapshotPath,
  prevClosePath,
  stockSnapshotPath,
  stockSnapshotsPath,
} from '../../../src/massive/endpoints.js';

describe('endpoint builders', () => {
  it.each([
    [
      'multi stock snapshot',
      stockSnapshotsPath(['AAPL', 'TSLA']),
      '/v2/snapshot/locale/us/markets/stocks/tickers?tickers=AAPL,TSLA',
    ],
    [
      'multi stock snapshot without OTC',
      stockSnapshotsPath(['BRK.B'], { includeOtc: false }),
      '/v2/snapshot/locale/us/markets/stocks/tickers?tickers=BRK.B&include_otc=false',
    ],
    ['whole-market stock snapshot', stockSnapshotsPath([]), '/v2/snapshot/locale/us/markets/stocks/tickers'],
    ['single stock snapshot', stockSnapshotPath('AAPL'), '/v2/snapshot/locale/us/markets/stocks/tickers/AAPL'],
    ['indices snapshot', indicesSnapshotPath(['I:SPX', 'I:VIX']), '/v3/snapshot/indices?ticker.any_of=I:SPX,I:VIX'],
    [
      'indices snapshot with paging',
      indicesSnapshotPath(['I:SPX'], { limit: 250, order: 'asc', sort: 'ticker' }),
      '/v3/snapshot/indices?ticker.any_of=I:SPX&order=asc&limit=250&sort=ticker',
    ],
    ['option chain without filters', optionChainPath('SPY'), '/v3/snapshot/options/SPY'],
    [
      'option chain with every filter',
      optionChainPath('SPY', {
        strikePrice: 650,
        strikePriceGt: 600,
        strikePriceGte: 600.5,
        strikePriceLt: 700,
        strikePriceLte: 699.5,
        expirationDate: '2026-12-18',
        expirationDateGt: '2026-01-01',
        expirationDateGte: '2026-01-02',
        expirationDateLt: '2027-01-01',
        expirationDateLte: '2026-12-31',
        contractType: 'call',
        sort: 'strike_price',
        order: 'asc',
        limit: 250,
      }),
      '/v3/snapshot/options/SPY?strike_price=650&strike_price.gt=600&strike_price.gte=600.5&strike_price.lt=700&strike_price.lte=699.5' +
        '&expiration_date=2026-12-18&expiration_date.gt=2026-01-01&expiration_date.gte=2026-01-02&expiration_date.lt=2027-01-01' +
        '&expiration_date.lte=2026-12-31&contract_type=call&sort=strike_price&order=asc&limit=250',
    ],
    [
      'option chain skips non-finite numbers',
      optionChainPath('I:SPX', { strikePriceGte: Number.NaN, contractType: 'put' }),
      '/v3/snapshot/options/I:SPX?contract_type=put',
    ],
    [
      'option contract snapshot',
      optionContractSnapshotPath('AAPL', 'O:AAPL230616C00150000'),
      '/v3/snapshot/options/AAPL/O:AAPL230616C00150000',
    ],
    [
      'aggregates range',
      aggsPath('AAPL', 1, 'day', '2023-01-09', '2023-02-10', { adjusted: true, sort: 'asc', limit: 120 }),
      '/v2/aggs/ticker/AAPL/range/1/day/2023-01-09/2023-02-10?adjusted=true&sort=asc&limit=120',
    ],
    [
      'aggregates with ms bounds',
      aggsPath('I:SPX', 5, 'minute', 1578114000000, 1578200400000),
      '/v2/aggs/ticker/I:SPX/range/5/minute/1578114000000/1578200400000',
    ],
    ['previous close', prevClosePath('AAPL', { adjusted: true }), '/v2/aggs/ticker/AAPL/prev?adjusted=true'],
    ['previous close of an option', prevClosePath('O:SPY251219C00650000'), '/v2/aggs/ticker/O:SPY251219C00650000/prev'],
  ])('builds the %s path', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    ['I:SPX', 'I:SPX'],
    ['A B', 'A%20B'],
    ['a/b', 'a%2Fb'],
    ['x?y#z', 'x%3Fy%23z'],
    ['BRK.B', 'BRK.B'],
  ])('encodes the path segment %j as %j', (segment, expected) => {
    expect(encodeSegment(segment)).toBe(expected);
  });

  it('encodes unsafe characters inside query values', () => {
    expect(stockSnapshotsPath(['A&B', 'C D'])).toBe(
      '/v2/snapshot/locale/us/markets/stocks/tickers?tickers=A%26B,C%20D',
    );
  });

  it('never includes a host or an apiKey', () => {
    const paths = [
      stockSnapshotsPath(['AAPL']),
      optionChainPath('SPY', { limit: 5 }),
      aggsPath('AAPL', 1, 'day', 0, 1),
    ];
    for (const path of paths) {
      expect(path.startsWith('/')).toBe(true);
      expect(path).not.toMatch(/apiKey|https?:/);
    }
  });
});
