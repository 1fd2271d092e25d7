import { describe, it, expect } from 'vitest';
import { optionalMillis, toMillis } from '../../../src/massive/timestamps.js';

describe('toMillis', () => {
  it.each([
    ['seconds (10 digits)', 1_651_684_192, 1_651_684_192_000],
    ['milliseconds (13 digits)', 1_651_684_192_462, 1_651_684_192_462],
    ['microseconds (16 digits, LULD sample)', 1_601_316_752_683_746, 1_601_316_752_683],
    ['nanoseconds (19 digits, REST updated)', 1_605_195_918_306_274_000, 1_605_195_918_306],
    ['nanoseconds (FMV options sample)', 1_401_715_883_806_000_000, 1_401_715_883_806],
    ['nanoseconds built from whole ms', 1_605_195_918_306 * 1e6, 1_605_195_918_306],
    ['zero', 0, 0],
  ])('converts %s by magnitude', (_name, input, expected) => {
    expect(toMillis(input)).toBe(expected);
  });

  it('returns non-finite input unchanged so callers can reject it', () => {
    expect(toMillis(Number.NaN)).toBeNaN();
    expect(toMillis(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('optionalMillis', () => {
  it.each([
    [undefined, undefined],
    ['1651684192462', undefined],
    [Number.NaN, undefined],
    [1_718_200_000_123_000_000, 1_718_200_000_123],
  ])('maps %s to %s', (input, expected) => {
    expect(optionalMillis(input)).toBe(expected);
  });
});
