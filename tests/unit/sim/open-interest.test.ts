import { describe, expect, it } from 'vitest';
import { simDayVolume, simOpenInterest } from '../../../src/sim/market/open-interest.js';
import { buildChain } from '../../../src/sim/market/options.js';
import { keyLevels } from '../../../src/market/levels/key-levels.js';

const NOW = Date.parse('2026-11-18T05:00:00Z');
const REF = 600;
const chain = buildChain('SPY', REF, NOW).filter((c) => c.expiry <= '2026-12-18');

function rows() {
  return chain.map((c) => ({
    contractType: c.right,
    strike: c.strike,
    expiry: c.expiry,
    openInterest: simOpenInterest(7, c, REF, NOW),
    volume: undefined,
    impliedVolatility: undefined,
    greeks: undefined,
    bid: undefined,
    ask: undefined,
    midpoint: undefined,
  }));
}

describe('simOpenInterest', () => {
  it('is a pure function of seed, contract, previous close and day', () => {
    const c = chain.find((k) => k.right === 'call' && k.strike === 605)!;
    expect(simOpenInterest(7, c, REF, NOW)).toBe(simOpenInterest(7, c, REF, NOW));
    expect(simOpenInterest(7, c, REF, NOW)).not.toBe(simOpenInterest(8, c, REF, NOW));
    expect(Number.isInteger(simOpenInterest(7, c, REF, NOW))).toBe(true);
  });

  it('piles calls above the money and more puts below it, as a real index-ETF chain does', () => {
    const r = rows();
    const mean = (right: 'call' | 'put') => {
      const side = r.filter((c) => c.contractType === right);
      return side.reduce((a, c) => a + c.strike * c.openInterest, 0) / side.reduce((a, c) => a + c.openInterest, 0);
    };
    expect(mean('call')).toBeGreaterThan(REF);
    expect(mean('put')).toBeLessThan(REF);
    const levels = keyLevels({ contracts: r, spot: REF, nowMs: NOW });
    expect(levels.callWall!).toBeGreaterThan(REF);
    expect(levels.putWall!).toBeLessThan(REF);
    expect(levels.putCallOi!).toBeGreaterThan(1);
  });

  it('gives round strikes and the monthly expiry more open interest than their neighbours on average', () => {
    const r = rows().filter((c) => c.contractType === 'put' && c.strike >= 570 && c.strike < 600);
    const avg = (xs: typeof r) => xs.reduce((a, c) => a + c.openInterest, 0) / xs.length;
    expect(avg(r.filter((c) => c.strike % 10 === 0))).toBeGreaterThan(avg(r.filter((c) => c.strike % 5 !== 0)));
    expect(avg(r.filter((c) => c.expiry === '2026-12-18'))).toBeGreaterThan(
      avg(r.filter((c) => c.expiry === '2026-12-11')),
    );
  });
});

describe('simDayVolume', () => {
  const atm = chain.find((k) => k.right === 'put' && k.strike === 600)!;
  const wing = chain.find((k) => k.right === 'put' && k.strike === 540 && k.expiry === atm.expiry)!;

  it('is nothing before the open and only grows through the session', () => {
    expect(simDayVolume(7, atm, REF, NOW, -0.2)).toBe(0);
    const day = [0.1, 0.4, 0.7, 1, 1.3].map((f) => simDayVolume(7, atm, REF, NOW, f));
    expect(day).toEqual([...day].sort((a, b) => a - b));
    expect(day[3]).toBe(day[4]);
    expect(day[3]).toBeGreaterThan(0);
  });

  it('turns over more of the open interest near the money than in the wings', () => {
    const share = (c: typeof atm) => simDayVolume(7, c, REF, NOW, 1) / simOpenInterest(7, c, REF, NOW);
    expect(share(atm)).toBeGreaterThan(share(wing));
  });
});
