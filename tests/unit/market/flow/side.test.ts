import { describe, expect, it } from 'vitest';
import { conditionTraits, isSidelessPrint, OPTION_TRADE_CONDITIONS } from '../../../../src/market/flow/conditions.js';
import { classifySide, sentimentOf } from '../../../../src/market/flow/side.js';

describe('classifySide against the NBBO', () => {
  it.each([
    // bid 1.00 × ask 2.00: spread 1.00, tolerance max(0.10, 0.01) = 0.10
    [0.9, 1, 2, 'below_bid'],
    [0.99, 1, 2, 'below_bid'],
    [1, 1, 2, 'bid'],
    [1.1, 1, 2, 'bid'],
    [1.11, 1, 2, 'mid'],
    [1.5, 1, 2, 'mid'],
    [1.89, 1, 2, 'mid'],
    [1.9, 1, 2, 'ask'],
    [2, 1, 2, 'ask'],
    [2.01, 1, 2, 'above_ask'],
    // bid 1.00 × ask 1.04: 10 % is 0.004, so the one-tick rule (0.01) decides
    [1.01, 1, 1.04, 'bid'],
    [1.02, 1, 1.04, 'mid'],
    [1.03, 1, 1.04, 'ask'],
    // bid 1.00 × ask 1.02: one tick from both sides is the midpoint
    [1.01, 1, 1.02, 'mid'],
    // locked market
    [1, 1, 1, 'mid'],
    // a zero bid is a valid quote
    [0, 0, 0.05, 'bid'],
    [0.05, 0, 0.05, 'ask'],
  ] as const)('price %s in %s × %s is %s', (price, bid, ask, side) => {
    expect(classifySide(price, bid, ask, undefined)).toBe(side);
  });

  it.each([
    ['no bid', 1, undefined, 2],
    ['no ask', 1, 1, undefined],
    ['a zero ask', 0, 0, 0],
    ['a crossed market', 1.5, 2, 1],
    ['a negative bid', 1, -1, 2],
    ['a NaN price', Number.NaN, 1, 2],
    ['a negative price', -1, 1, 2],
  ] as const)('is none with %s', (_name, price, bid, ask) => {
    expect(classifySide(price, bid, ask, [])).toBe('none');
  });

  it.each([
    [202, 'Late and Out Of Sequence'],
    [204, 'Late'],
    [206, 'Opening Trade, Late, and Out Of Sequence'],
    [208, 'Opening Trade and Late'],
    [201, 'Canceled'],
    [229, 'Single Leg Cross Non ISO'],
    [230, 'Single Leg Cross ISO'],
    [232, 'Multi Leg auto-electronic trade'],
    [234, 'Multi Leg Cross'],
    [236, 'Multi Leg auto-electronic trade against single leg(s)'],
    [240, 'Stock Options auto-electronic trade'],
    [246, 'Multi Leg Floor Trade of Proprietary Products'],
  ])('is none for condition %i (%s) even at the ask', (code, name) => {
    expect(OPTION_TRADE_CONDITIONS[code]?.name).toBe(name);
    expect(classifySide(2, 1, 2, [209, code])).toBe('none');
  });

  it.each([
    [209, 'Automatic Execution'],
    [219, 'Intermarket Sweep Order'],
    [227, 'Single Leg Auction Non ISO'],
    [231, 'Single Leg Floor Trade'],
    [248, 'Extended Hours Trade'],
    [999, undefined],
  ])('keeps the side for condition %i (%s)', (code, name) => {
    expect(OPTION_TRADE_CONDITIONS[code]?.name).toBe(name);
    expect(classifySide(2, 1, 2, [code])).toBe('ask');
  });

  it('honours a configured spread fraction and tick', () => {
    expect(classifySide(1.2, 1, 2, [], { spreadFraction: 0.25 })).toBe('bid');
    expect(classifySide(1.03, 1, 1.1, [], { tick: 0.05 })).toBe('bid');
    expect(classifySide(1.03, 1, 1.1, [])).toBe('mid');
  });
});

describe('conditionTraits', () => {
  it.each([
    [undefined, {}],
    [[], {}],
    [[209, 219], { iso: true }],
    [[202], { late: true, outOfSequence: true }],
    [[234], { multiLeg: true, cross: true }],
    [[203], { canceled: true }],
    [[-1, 12.5], {}],
  ] as const)('reads %j', (codes, set) => {
    const expected = {
      late: false,
      outOfSequence: false,
      canceled: false,
      cross: false,
      multiLeg: false,
      iso: false,
      ...set,
    };
    expect(conditionTraits(codes)).toEqual(expected);
    expect(isSidelessPrint(conditionTraits(codes))).toBe(
      expected.late || expected.canceled || expected.cross || expected.multiLeg,
    );
  });
});

describe('sentimentOf', () => {
  it.each([
    ['call', 'ask', 'bullish'],
    ['call', 'above_ask', 'bullish'],
    ['call', 'bid', 'bearish'],
    ['call', 'below_bid', 'bearish'],
    ['call', 'mid', 'neutral'],
    ['call', 'none', 'neutral'],
    ['put', 'bid', 'bullish'],
    ['put', 'below_bid', 'bullish'],
    ['put', 'ask', 'bearish'],
    ['put', 'above_ask', 'bearish'],
    ['put', 'mid', 'neutral'],
    ['put', 'none', 'neutral'],
  ] as const)('%s at %s is %s', (right, side, sentiment) => {
    expect(sentimentOf(right, side)).toBe(sentiment);
  });
});
