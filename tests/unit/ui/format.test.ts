import { describe, it, expect } from 'vitest';
import {
  direction,
  // Renamed: linters read a bare `fit(` as a focused test (Jasmine's `fit`).
  fit as fitText,
  formatAge,
  formatChange,
  formatPct,
  formatOptionPrice,
  formatPrice,
  formatSize,
  formatVolume,
  formatWindow,
} from '../../../src/ui/format.js';

describe('formatOptionPrice', () => {
  it.each([
    [0.4, '0.40'],
    [0.05, '0.05'],
    [12.345, '12.35'],
    [1234.5, '1,234.50'],
    [0, '0.00'],
    [undefined, ''],
    [Number.NaN, ''],
  ])('formats %s in cents as %j', (value, expected) => {
    expect(formatOptionPrice(value)).toBe(expected);
  });
});

describe('formatSize', () => {
  it.each([
    [7, '7'],
    [1000, '1,000'],
    [99_999, '99,999'],
    [250_000, '250K'],
    [undefined, ''],
  ])('formats %s as %j', (value, expected) => {
    expect(formatSize(value)).toBe(expected);
  });
});

describe('formatPrice', () => {
  it.each([
    [512.345, '512.35'],
    [5123.456, '5,123.46'],
    [0.51234, '0.5123'],
    [0, '0.00'],
    [-0.001, '-0.0010'],
    [undefined, ''],
    [Number.NaN, ''],
    [Number.POSITIVE_INFINITY, ''],
  ])('formats %s as %j', (value, expected) => {
    expect(formatPrice(value)).toBe(expected);
  });
});

describe('formatChange', () => {
  it.each([
    [1.234, undefined, '+1.23'],
    [-0.45, 500, '-0.45'],
    [0, 500, '0.00'],
    [-0.001, 500, '0.00'],
    [0.001, 500, '0.00'],
    [0.05, 0.5, '+0.0500'],
    [12.5, 5123, '+12.50'],
    [1234.5, 50000, '+1,234.50'],
    [undefined, 500, ''],
    [Number.NaN, 500, ''],
  ])('formats %s (price %s) as %j', (value, price, expected) => {
    expect(formatChange(value, price)).toBe(expected);
  });
});

describe('formatPct', () => {
  it.each([
    [0.24, '+0.24%'],
    [-2.071, '-2.07%'],
    [0, '0.00%'],
    [-0.004, '0.00%'],
    [123.456, '+123.46%'],
    [undefined, ''],
    [Number.NEGATIVE_INFINITY, ''],
  ])('formats %s as %j', (value, expected) => {
    expect(formatPct(value)).toBe(expected);
  });
});

describe('formatVolume', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [999.6, '1.0K'],
    [1_234, '1.2K'],
    [1_234_567, '1.2M'],
    [12_345_678, '12.3M'],
    [99_940_000, '99.9M'],
    [99_960_000, '100M'],
    [123_456_789, '123M'],
    [999_960, '1.0M'],
    [999_600, '1.0M'],
    [999_400, '999K'],
    [1_500_000_000, '1.5B'],
    [2e15, '2000T'],
    [-5, ''],
    [undefined, ''],
    [Number.NaN, ''],
  ])('formats %s as %j', (value, expected) => {
    expect(formatVolume(value)).toBe(expected);
  });
});

describe('formatAge', () => {
  it.each([
    [0, '0.0s'],
    [400, '0.4s'],
    [499, '0.4s'],
    [9_900, '9.9s'],
    [9_990, '9s'],
    [12_000, '12s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [3 * 60_000 + 5_000, '3m'],
    [2 * 3_600_000, '2h'],
    [4 * 86_400_000, '4d'],
    [-250, '0.0s'],
    [undefined, ''],
    [Number.NaN, ''],
  ])('formats %s ms as %j', (value, expected) => {
    expect(formatAge(value)).toBe(expected);
  });
});

describe('formatWindow', () => {
  it.each([
    [60_000, '1m'],
    [1_000, '1s'],
    [90_000, '90s'],
    [3_600_000, '1h'],
  ])('formats %s ms as %j', (value, expected) => {
    expect(formatWindow(value)).toBe(expected);
  });
});

describe('direction', () => {
  it.each([
    [1, 'up'],
    [-1, 'down'],
    [0, 'flat'],
    [0.001, 'flat'],
    [-0.004, 'flat'],
    [undefined, 'flat'],
    [Number.NaN, 'flat'],
  ] as const)('calls a change of %s %s', (value, expected) => {
    expect(direction(value)).toBe(expected);
  });
});

describe('fit', () => {
  it.each([
    ['SPY', 6, 'left', 'SPY   '],
    ['1.23', 6, 'right', '  1.23'],
    ['ABCDEFGH', 5, 'left', 'ABCD…'],
    ['AB', 1, 'left', '…'],
    ['AB', 0, 'right', ''],
  ] as const)('fits %j into %s columns (%s)', (text, width, align, expected) => {
    expect(fitText(text, width, align)).toBe(expected);
  });
});
