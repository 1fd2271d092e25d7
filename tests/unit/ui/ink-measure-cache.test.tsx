/**
 * Ink's text measure cache is bounded: found in the installed Ink (an upgrade that changes its
 * shape fails here first), grown by a screen whose text changes, emptied past the bound, and the
 * screen still draws right afterwards.
 */
import { Text } from 'ink';
import { describe, expect, it } from 'vitest';
import {
  boundInkMeasureCache,
  findCache,
  inkMeasureCacheSize,
  trimInkMeasureCache,
} from '../../../src/ui/ink-measure-cache.js';
import { renderInk } from '../../helpers/ink.js';

describe("Ink's measure cache", () => {
  it('is found in the installed Ink, grows with every new string, and is emptied past the bound', async () => {
    expect(await boundInkMeasureCache()).toBe(true);
    const ink = renderInk(<Text>price 0</Text>);
    const before = inkMeasureCacheSize()!;
    for (let i = 1; i <= 50; i++) ink.rerender(<Text>price {i * 1.01}</Text>);
    expect(inkMeasureCacheSize()!).toBeGreaterThanOrEqual(before + 50);
    trimInkMeasureCache(10);
    expect(inkMeasureCacheSize()).toBe(0);
    // Below the bound nothing is dropped.
    ink.rerender(<Text>after the trim</Text>);
    trimInkMeasureCache(10);
    expect(inkMeasureCacheSize()).toBeGreaterThan(0);
    expect(ink.frame()).toBe('after the trim');
    ink.unmount();
  });

  it('catches the Map a measure function asks first, and leaves Map.prototype.get as it was', () => {
    const get = Map.prototype.get;
    const own = new Map<string, number>([['a', 1]]);
    const other = new Map<string, number>();
    expect(
      findCache((t) => {
        own.get(t);
        other.get(t);
        return { width: t.length, height: 1 };
      }),
    ).toBe(own);
    expect(own.size).toBe(1);
    expect(findCache((t) => ({ width: t.length, height: 1 }))).toBeUndefined();
    expect(
      findCache(() => {
        throw new Error('changed');
      }),
    ).toBeUndefined();
    expect(Map.prototype.get).toBe(get);
  });
});
