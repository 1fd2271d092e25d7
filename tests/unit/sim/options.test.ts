import { describe, expect, it } from 'vitest';
import {
  buildChain,
  chainExpiries,
  strikeStep,
  theoretical,
  underlyingOfRoot,
} from '../../../src/sim/market/options.js';

const NOW = Date.parse('2026-01-06T15:00:00Z');

describe('option model', () => {
  it('lists weekly Fridays and monthly third Fridays, ascending and in the future', () => {
    const e = chainExpiries(NOW);
    expect(e[0]).toBe('2026-01-09');
    expect(e).toContain('2026-01-16');
    expect(e).toContain('2026-12-18');
    expect(e).toEqual([...e].sort());
    for (const d of e) expect(new Date(`${d}T12:00:00Z`).getUTCDay()).toBe(5);
  });

  it('rolls past an expiry once it has passed that afternoon', () => {
    expect(chainExpiries(Date.parse('2026-01-09T22:00:00Z'))[0]).toBe('2026-01-16');
  });

  it.each([
    [6800, 25],
    [680, 5],
    [150, 2.5],
    [30, 1],
    [8, 0.5],
  ])('uses a strike step for %d of %d', (price, step) => {
    expect(strikeStep(price)).toBe(step);
  });

  it.each([
    ['SPXW', 'I:SPX'],
    ['SPX', 'I:SPX'],
    ['NDXP', 'I:NDX'],
    ['AMC1', 'AMC'],
    ['SPY', 'SPY'],
  ])('maps root %s to %s', (root, u) => {
    expect(underlyingOfRoot(root)).toBe(u);
  });

  it('builds index chains with SPXW weeklies, SPX monthlies and European style', () => {
    const chain = buildChain('I:SPX', 6800, NOW);
    expect(chain.some((c) => c.root === 'SPXW' && c.expiry === '2026-01-09')).toBe(true);
    expect(chain.some((c) => c.root === 'SPX' && c.expiry === '2026-01-16')).toBe(true);
    expect(chain.every((c) => c.style === 'european')).toBe(true);
  });

  it('satisfies put–call parity and sensible greeks', () => {
    const spec = { strike: 680, expiry: '2026-12-18' };
    const call = theoretical(680, { ...spec, right: 'call' }, NOW, 0.16);
    const put = theoretical(680, { ...spec, right: 'put' }, NOW, 0.16);
    const years = (Date.parse('2026-12-18T21:00:00Z') - NOW) / (365 * 86_400_000);
    expect(call.price - put.price).toBeCloseTo(680 - 680 * Math.exp(-0.04 * years), 1);
    expect(call.delta).toBeGreaterThan(0.5);
    expect(put.delta).toBeLessThan(0);
    expect(call.gamma).toBeGreaterThan(0);
    expect(call.theta).toBeLessThan(0);
  });

  it('is worth intrinsic value after expiry', () => {
    const after = Date.parse('2026-12-19T00:00:00Z');
    expect(theoretical(700, { strike: 680, expiry: '2026-12-18', right: 'call' }, after, 0.2).price).toBe(20);
    expect(theoretical(700, { strike: 680, expiry: '2026-12-18', right: 'put' }, after, 0.2).price).toBe(0);
  });
});
