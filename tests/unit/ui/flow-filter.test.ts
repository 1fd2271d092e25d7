import { describe, expect, it } from 'vitest';
import { filterFlow, isEmptyFilter, matchesFlow, parseFlowFilter } from '../../../src/ui/flow-filter.js';
import { flowPrint } from './flow-fixtures.js';

describe('parseFlowFilter', () => {
  it.each([
    ['', {}],
    ['spy', { underlyings: ['SPY'] }],
    ['SPY QQQ', { underlyings: ['SPY', 'QQQ'] }],
    ['>100k', { minPremium: 100_000, strict: true }],
    ['>=1.5m', { minPremium: 1_500_000, strict: false }],
    ['>$250K', { minPremium: 250_000, strict: true }],
    ['>2b', { minPremium: 2e9 }],
    ['c', { right: 'call' }],
    ['puts', { right: 'put' }],
    ['sweeps block', { kinds: ['sweep', 'block'] }],
    ['bear', { sentiment: 'bearish' }],
    ['SPY, >100k c sweep', { underlyings: ['SPY'], minPremium: 100_000, right: 'call', kinds: ['sweep'] }],
  ])('reads %j', (text, expected) => {
    const { filter, unknown } = parseFlowFilter(text);
    expect(filter).toMatchObject(expected);
    expect(unknown).toEqual([]);
  });

  it.each([
    ['>abc', ['>abc']],
    ['$$ SPY', ['$$']],
    ['<100k', ['<100k']],
  ])('reports the terms it does not understand in %j and keeps the rest', (text, unknown) => {
    expect(parseFlowFilter(text).unknown).toEqual(unknown);
  });

  it('calls an empty filter empty', () => {
    expect(isEmptyFilter(parseFlowFilter('  ').filter)).toBe(true);
    expect(isEmptyFilter(parseFlowFilter('c').filter)).toBe(false);
  });
});

describe('matchesFlow', () => {
  const print = flowPrint({ premium: 100_000 });
  it.each([
    ['', true],
    ['SPY', true],
    ['QQQ', false],
    ['SPY QQQ', true],
    ['>100k', false],
    ['>=100k', true],
    ['>99k', true],
    ['c', true],
    ['p', false],
    ['sweep', true],
    ['block', false],
    ['sweep block', true],
    ['bull', true],
    ['bear', false],
    ['SPY c >=100k sweep bull', true],
    ['SPY p', false],
  ])('%j matches a $100K SPY call sweep: %s', (text, expected) => {
    expect(matchesFlow(parseFlowFilter(text).filter, print)).toBe(expected);
  });

  it('returns the same array when there is nothing to filter, and a filtered copy otherwise', () => {
    const flow = [flowPrint({ id: 'a' }), flowPrint({ id: 'b', right: 'put', sentiment: 'bearish' })];
    expect(filterFlow(parseFlowFilter('').filter, flow)).toBe(flow);
    expect(filterFlow(parseFlowFilter('p').filter, flow).map((p) => p.id)).toEqual(['b']);
  });
});
