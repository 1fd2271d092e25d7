import fc from 'fast-check';
import sparkly from 'sparkly';
import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/ui/sparkline.js';

/** The rule the sparkline states, written the plain way: the last finite value of each bucket. */
function reference(values: readonly number[], width: number): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2 || width <= 0) return '';
  if (finite.length <= width) return sparkly(finite);
  const points: number[] = [];
  for (let i = 1; i <= width; i++) points.push(finite[Math.ceil((i * finite.length) / width) - 1]!);
  return sparkly(points);
}

describe('sparkline', () => {
  it('draws the last finite close of each of `width` buckets, skipping gaps', () => {
    const value = fc.oneof(
      { weight: 9, arbitrary: fc.double({ min: 1, max: 1000, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 400 }), fc.integer({ min: -1, max: 40 }), (values, width) => {
        expect(sparkline(values, width)).toBe(reference(values, width));
      }),
      { numRuns: 500 },
    );
  });

  it('draws nothing for fewer than two points and follows the series', () => {
    expect(sparkline(undefined, 10)).toBe('');
    expect(sparkline([5, Number.NaN], 10)).toBe('');
    const rising = sparkline([1, 2, 3, 4, 5, 6, 7, 8], 4);
    expect([...rising]).toHaveLength(4);
    expect(rising.at(0)).toBe('▁');
    expect(rising.at(-1)).toBe('█');
  });
});
