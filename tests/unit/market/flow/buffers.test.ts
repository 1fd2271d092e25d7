import { describe, expect, it } from 'vitest';
import { QuoteBook } from '../../../../src/market/flow/quote-book.js';
import { RingBuffer } from '../../../../src/market/flow/ring-buffer.js';

describe('RingBuffer', () => {
  it.each([
    [3, [], [], 0],
    [3, [1, 2], [2, 1], 0],
    [3, [1, 2, 3], [3, 2, 1], 0],
    [3, [1, 2, 3, 4, 5], [5, 4, 3], 2],
    [1, [1, 2, 3], [3], 2],
  ])('with capacity %i after pushing %j holds %j newest first, %i dropped', (cap, pushes, expected, dropped) => {
    const rb = new RingBuffer<number>(cap);
    for (const p of pushes) rb.push(p);
    expect(rb.toArray()).toEqual(expected);
    expect(rb.size).toBe(expected.length);
    expect(rb.dropped).toBe(dropped);
  });

  it('empties on clear', () => {
    const rb = new RingBuffer<string>(2);
    for (const x of ['a', 'b', 'c']) rb.push(x);
    rb.clear();
    expect([rb.toArray(), rb.size, rb.dropped]).toEqual([[], 0, 0]);
    rb.push('d');
    expect(rb.toArray()).toEqual(['d']);
  });

  it.each([0, -1, Number.NaN])('rejects capacity %s', (cap) => {
    expect(() => new RingBuffer(cap)).toThrow(RangeError);
  });
});

describe('QuoteBook', () => {
  const q = (time: number, bid: number, ask: number) => ({ time, bid, ask });

  it('returns the quote in force at a trade’s time from its short history', () => {
    const book = new QuoteBook();
    book.update('O:X', q(100, 1, 1.1));
    book.update('O:X', q(200, 1.1, 1.2));
    book.update('O:X', q(300, 1.2, 1.3));
    expect(book.at('O:X', 250)).toEqual(q(200, 1.1, 1.2));
    expect(book.at('O:X', 300)).toEqual(q(300, 1.2, 1.3));
    expect(book.at('O:X', 1000)).toEqual(q(300, 1.2, 1.3));
    expect(book.at('O:X', 50)).toEqual(q(100, 1, 1.1));
    expect(book.latest('O:X')).toEqual(q(300, 1.2, 1.3));
    expect(book.at('O:Y', 100)).toBeUndefined();
  });

  it.each([
    ['an older quote', q(50, 9, 9)],
    ['a NaN bid', q(300, Number.NaN, 1)],
    ['a NaN time', q(Number.NaN, 1, 1)],
  ])('rejects %s', (_name, quote) => {
    const book = new QuoteBook();
    book.update('O:X', q(100, 1, 1.1));
    expect(book.update('O:X', quote)).toBe(false);
    expect(book.latest('O:X')).toEqual(q(100, 1, 1.1));
  });

  it('keeps only `depth` quotes per contract and prunes idle contracts', () => {
    const book = new QuoteBook({ depth: 2 });
    for (let t = 1; t <= 5; t++) book.update('O:X', q(t * 100, t, t + 0.1));
    book.update('O:Y', q(50, 1, 2));
    expect(book.at('O:X', 100)).toEqual(q(400, 4, 4.1));
    expect(book.prune(100)).toBe(1);
    expect(book.size).toBe(1);
  });
});
