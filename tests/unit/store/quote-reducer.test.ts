import { describe, expect, it } from 'vitest';
import { DEFAULT_CONDITION_TABLES } from '../../../src/massive/conditions.js';
import type { DataEvent } from '../../../src/massive/events.js';
import { emptyRow, reduceEvent, reduceSeed, type QuoteSeed } from '../../../src/store/quote-reducer.js';
import type { QuoteRow } from '../../../src/store/types.js';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
const trade = (p: number, t: number, c?: number[]): DataEvent => ({
  ev: 'T',
  sym: 'SPY',
  p,
  s: 100,
  t,
  ...(c ? { c } : {}),
});
const quote = (bp: number, ap: number, t: number): DataEvent => ({ ev: 'Q', sym: 'SPY', bp, ap, t });
const bar = (c: number, s: number, e: number, av?: number): DataEvent => ({
  ev: 'A',
  sym: 'SPY',
  o: c,
  h: c,
  l: c,
  c,
  s,
  e,
  ...(av !== undefined ? { av } : {}),
});
const value = (val: number, t: number): DataEvent => ({ ev: 'V', T: 'I:SPX', val, t });

function run(events: readonly DataEvent[], start: QuoteRow = emptyRow('SPY')): QuoteRow {
  return events.reduce((row, e) => reduceEvent(row, e, 'ws', DEFAULT_CONDITION_TABLES.stocks), start);
}

describe('reduceEvent: separate trade and quote clocks', () => {
  it.each<readonly [string, readonly DataEvent[], Partial<QuoteRow>]>([
    [
      'a trade stamped a millisecond before the newest quote is still the last sale',
      [trade(600, T0), quote(600.5, 600.6, T0 + 10), trade(600.55, T0 + 9)],
      { price: 600.55, tradeAt: T0 + 9, quoteAt: T0 + 10, asOf: T0 + 10, bid: 600.5 },
    ],
    [
      'a trade older than the last applied trade never rewinds Last',
      [trade(601, T0 + 5), trade(600, T0 + 4)],
      { price: 601, tradeAt: T0 + 5 },
    ],
    [
      'a trade at the same millisecond as the last one is applied',
      [trade(601, T0), trade(601.01, T0)],
      { price: 601.01 },
    ],
    [
      'an older quote never replaces a newer one',
      [quote(600, 600.1, T0 + 5), quote(599, 599.1, T0 + 1)],
      { bid: 600, ask: 600.1, quoteAt: T0 + 5 },
    ],
    [
      'asOf is the newest of every clock',
      [quote(600, 600.1, T0 + 50), trade(600.05, T0 + 20)],
      { asOf: T0 + 50, tradeAt: T0 + 20 },
    ],
    [
      'a bar ending after the last trade sets the price',
      [trade(600, T0 + 100), bar(600.2, T0, T0 + 1000, 5000)],
      { price: 600.2, tradeAt: T0 + 1000, volume: 5000 },
    ],
    [
      'a bar never rewinds a newer trade price',
      [trade(601, T0 + 1500), bar(600.2, T0, T0 + 1000, 5000)],
      { price: 601, tradeAt: T0 + 1500, volume: 5000 },
    ],
    [
      'a bar is judged by the trade clock, not by a newer quote',
      [trade(600, T0 + 100), quote(600.1, 600.2, T0 + 1500), bar(600.3, T0, T0 + 1000)],
      { price: 600.3, asOf: T0 + 1500 },
    ],
    [
      'a trade inside an applied bar does not rewind its close',
      [bar(600.3, T0, T0 + 1000), trade(600, T0 + 900)],
      { price: 600.3 },
    ],
    [
      'a no-bid quote shows no bid, not the old bid',
      [quote(1.2, 1.3, T0), quote(0, 0.05, T0 + 1)],
      { bid: 0, ask: 0.05 },
    ],
  ])('%s', (_name, events, expected) => {
    expect(run(events)).toMatchObject(expected);
  });

  it('keeps index values on their own clock too', () => {
    const row = [value(6800, T0 + 5), value(6799, T0 + 4), value(6801, T0 + 6)].reduce(
      (r, e) => reduceEvent(r, e, 'ws'),
      emptyRow('I:SPX'),
    );
    expect(row).toMatchObject({ price: 6801, tradeAt: T0 + 6 });
  });

  it('returns the same row for an event it ignores, so nothing is published', () => {
    const row = run([trade(601, T0 + 5)]);
    expect(reduceEvent(row, trade(600, T0), 'ws')).toBe(row);
    expect(reduceEvent(row, trade(600, T0 + 6, [37]), 'ws', DEFAULT_CONDITION_TABLES.stocks)).toBe(row);
  });
});

describe('reduceEvent: trade conditions', () => {
  it.each<readonly [string, number[] | undefined, number]>([
    ['a regular sale moves Last', undefined, 600.5],
    ['an intermarket sweep moves Last', [14, 41], 600.5],
    ['an odd lot does not', [37], 600],
    ['an average-price print does not', [2], 600],
    ['an out-of-sequence print does not', [32], 600],
    ['an unknown code does', [4242], 600.5],
  ])('%s', (_name, c, price) => {
    expect(run([trade(600, T0), trade(600.5, T0 + 1, c)]).price).toBe(price);
  });

  it('does not let a forbidden print advance the trade clock either', () => {
    const row = run([trade(600, T0), trade(650, T0 + 10, [37]), trade(600.5, T0 + 5)]);
    expect(row).toMatchObject({ price: 600.5, tradeAt: T0 + 5 });
  });

  it('applies every trade when no rules are given', () => {
    expect(reduceEvent(emptyRow('SPY'), trade(600, T0, [37]), 'ws').price).toBe(600);
  });
});

describe('reduceSeed', () => {
  it.each<readonly [string, readonly DataEvent[], QuoteSeed, Partial<QuoteRow>]>([
    [
      'fills an empty row',
      [],
      { price: 600, bid: 599.9, ask: 600.1, prevClose: 590, asOf: T0 },
      { price: 600, bid: 599.9, tradeAt: T0, quoteAt: T0, change: 10 },
    ],
    [
      'an older snapshot keeps the newer streamed price',
      [trade(601, T0)],
      { price: 590, prevClose: 600, asOf: T0 - 5000 },
      { price: 601, prevClose: 600, source: 'ws' },
    ],
    [
      'a snapshot between an older quote and a newer trade updates only the quote',
      [quote(600, 600.1, T0), trade(601, T0 + 2000)],
      { price: 599, bid: 600.5, ask: 600.6, asOf: T0 + 1000 },
      { price: 601, bid: 600.5, ask: 600.6, quoteAt: T0 + 1000, tradeAt: T0 + 2000, asOf: T0 + 2000 },
    ],
    [
      'a snapshot between an older trade and a newer quote updates only the price',
      [trade(600, T0), quote(600, 600.1, T0 + 2000)],
      { price: 600.7, bid: 599, ask: 599.1, asOf: T0 + 1000 },
      { price: 600.7, bid: 600, tradeAt: T0 + 1000, quoteAt: T0 + 2000 },
    ],
    ['a snapshot without a time applies', [trade(601, T0)], { price: 602 }, { price: 602, tradeAt: T0 }],
  ])('%s', (_name, events, seed, expected) => {
    expect(reduceSeed(run(events), seed, 'rest')).toMatchObject(expected);
  });
});
