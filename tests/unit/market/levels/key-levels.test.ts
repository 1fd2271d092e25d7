import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bsGamma, expiryCloseMs, RISK_FREE_RATE, yearsToExpiry } from '../../../../src/market/levels/black-scholes.js';
import {
  atTheMoney,
  gammaFlip,
  gexAt,
  keyLevels,
  maxPain,
  netGex,
  putCallRatio,
  wall,
  type LevelContract,
} from '../../../../src/market/levels/key-levels.js';

const NOW = Date.parse('2026-11-18T15:00:00Z');
const E1 = '2026-12-18';
const E2 = '2027-01-15';

interface Row {
  oi?: number;
  vol?: number;
  iv?: number;
  gamma?: number;
  bid?: number;
  ask?: number;
  expiry?: string;
}

function row(right: 'call' | 'put', strike: number, r: Row = {}): LevelContract {
  return {
    contractType: right,
    strike,
    expiry: r.expiry ?? E1,
    openInterest: r.oi,
    volume: r.vol,
    impliedVolatility: r.iv,
    greeks: r.gamma === undefined ? undefined : { delta: undefined, gamma: r.gamma, theta: undefined, vega: undefined },
    bid: r.bid,
    ask: r.ask,
    midpoint: undefined,
  };
}

/**
 * Put-heavy chain, spot 100. By hand: walls C105 / P95; P/C OI 1350/900 = 1.5, volume 2500/1000;
 * pain at 95 = 400·5 + 50·10 = 2500, at 100 = 100·5 + 50·5 = 750, at 105 = 100·10 + 300·5 = 2500;
 * GEX per strike = ±OI·Γ·100·100²·0.01 = ±OI·Γ·10⁴: 95 → 30,000 − 270,000, 100 → 150,000 −
 * 200,000, 105 → 150,000 − 15,000.
 */
const PUT_HEAVY: LevelContract[] = [
  row('call', 95, { oi: 100, vol: 100, gamma: 0.03, iv: 0.2 }),
  row('put', 95, { oi: 900, vol: 1200, gamma: 0.03, iv: 0.24 }),
  row('call', 100, { oi: 300, vol: 600, gamma: 0.05, iv: 0.2, bid: 2, ask: 2.2 }),
  row('put', 100, { oi: 400, vol: 1000, gamma: 0.05, iv: 0.22, bid: 1.9, ask: 2.1 }),
  row('call', 105, { oi: 500, vol: 300, gamma: 0.03, iv: 0.19 }),
  row('put', 105, { oi: 50, vol: 300, gamma: 0.03, iv: 0.2 }),
];

describe('Black–Scholes helpers', () => {
  it.each([
    ['2026-12-18', '2026-12-18T21:00:00.000Z'],
    ['2026-07-17', '2026-07-17T20:00:00.000Z'],
  ])('an expiry settles at 16:00 New York (%s → %s)', (expiry, iso) => {
    expect(new Date(expiryCloseMs(expiry)!).toISOString()).toBe(iso);
  });

  it('counts years of 365 days to the close, and zero once expired', () => {
    expect(yearsToExpiry(E1, Date.parse('2026-12-17T21:00:00Z'))).toBeCloseTo(1 / 365, 12);
    expect(yearsToExpiry(E1, Date.parse('2026-12-19T00:00:00Z'))).toBe(0);
    expect(yearsToExpiry('not-a-date', NOW)).toBe(0);
  });

  it('matches the closed-form gamma and is zero without time or volatility', () => {
    // ATM, T = 1, σ = 0.2, r = 0: d1 = 0.1, Γ = φ(0.1) / (100·0.2) = 0.396953 / 20.
    expect(bsGamma(100, 100, 0.2, 1, 0)).toBeCloseTo(0.3969525 / 20, 7);
    expect(bsGamma(100, 100, 0, 1)).toBe(0);
    expect(bsGamma(100, 100, 0.2, 0)).toBe(0);
    expect(bsGamma(0, 100, 0.2, 1)).toBe(0);
  });
});

describe('walls, max pain and ratios on a put-heavy chain', () => {
  it('puts the call wall and the put wall at the largest open interest of each side', () => {
    expect(wall(PUT_HEAVY, 'call', 100)).toBe(105);
    expect(wall(PUT_HEAVY, 'put', 100)).toBe(95);
  });

  it('finds max pain where holders are paid least', () => {
    expect(maxPain(PUT_HEAVY, 100)).toBe(100);
  });

  it('divides puts by calls', () => {
    expect(putCallRatio(PUT_HEAVY, 'openInterest')).toBeCloseTo(1.5, 12);
    expect(putCallRatio(PUT_HEAVY, 'volume')).toBeCloseTo(2.5, 12);
  });

  it('sums dealer gamma per strike, calls positive and puts negative', () => {
    const { perStrike, total } = netGex(PUT_HEAVY, 100);
    expect(perStrike.map((s) => s.strike)).toEqual([95, 100, 105]);
    expect(perStrike[0]!.gex).toBeCloseTo(-240_000, 6);
    expect(perStrike[1]!.gex).toBeCloseTo(-50_000, 6);
    expect(perStrike[2]!.gex).toBeCloseTo(135_000, 6);
    expect(total).toBeCloseTo(-155_000, 6);
  });

  it('reads ATM IV and the expected move at the strike nearest spot', () => {
    const atm = atTheMoney(PUT_HEAVY, 100.4);
    expect(atm.atmIv).toBeCloseTo(0.21, 12);
    expect(atm.expectedMove).toBeCloseTo(2.1 + 2.0, 12);
  });

  it('assembles every level, max pain and ATM from the nearest expiry only', () => {
    const far = [row('call', 120, { oi: 10_000, expiry: E2 }), row('put', 80, { oi: 50, expiry: E2 })];
    const levels = keyLevels({ contracts: [...PUT_HEAVY, ...far], spot: 100, nowMs: NOW });
    expect(levels).toMatchObject({
      expiry: E1,
      callWall: 120,
      putWall: 95,
      maxPain: 100,
      atmIv: expect.closeTo(0.21, 12) as number,
    });
    expect(levels.putCallOi).toBeCloseTo(1400 / 10_900, 12);
    const other = keyLevels({ contracts: [...PUT_HEAVY, ...far], spot: 100, nowMs: NOW, expiry: E2 });
    // At 80 nobody is paid (the call is out, the put at the money); at 120 the put pays 50·40.
    expect(other).toMatchObject({ expiry: E2, maxPain: 80, atmIv: null, expectedMove: null });
  });
});

describe('the gamma flip', () => {
  it('sits where a call wing and a put wing of equal size cancel (closed form)', () => {
    // Same σ and T: Γ(P,110) = Γ(P,90) when d1 are opposite, i.e. P = √(110·90)·e^(−(r+σ²/2)T).
    const iv = 0.25;
    const chain = [row('call', 110, { oi: 1000, iv }), row('put', 90, { oi: 1000, iv })];
    const t = yearsToExpiry(E1, NOW);
    const expected = Math.sqrt(110 * 90) * Math.exp(-(RISK_FREE_RATE + (iv * iv) / 2) * t);
    const flip = gammaFlip(chain, 100, NOW);
    expect(flip).not.toBeNull();
    expect(flip!).toBeCloseTo(expected, 2);
    expect(gexAt(chain, flip! - 0.5, NOW)).toBeLessThan(0);
    expect(gexAt(chain, flip! + 0.5, NOW)).toBeGreaterThan(0);
  });

  it('is null on a chain whose net gamma never changes sign', () => {
    const calls = [row('call', 95, { oi: 10, iv: 0.2 }), row('call', 105, { oi: 20, iv: 0.3 })];
    expect(gammaFlip(calls, 100, NOW)).toBeNull();
    expect(
      gammaFlip(
        PUT_HEAVY.filter((c) => c.contractType === 'put'),
        100,
        NOW,
      ),
    ).toBeNull();
  });

  it('is null when nothing has time left or an IV', () => {
    const expired = [row('call', 110, { oi: 1000, iv: 0.2 }), row('put', 90, { oi: 1000, iv: 0.2 })];
    expect(gammaFlip(expired, 100, Date.parse('2026-12-19T00:00:00Z'))).toBeNull();
    expect(gammaFlip([row('call', 110, { oi: 1000 }), row('put', 90, { oi: 1000 })], 100, NOW)).toBeNull();
  });
});

describe('edge cases', () => {
  it('handles a one-strike chain', () => {
    const one = [
      row('call', 100, { oi: 10, vol: 4, iv: 0.2, gamma: 0.04, bid: 1, ask: 1.2 }),
      row('put', 100, { oi: 20, vol: 2, iv: 0.2, gamma: 0.04, bid: 0.8, ask: 1 }),
    ];
    const levels = keyLevels({ contracts: one, spot: 101, nowMs: NOW });
    expect(levels).toMatchObject({
      expiry: E1,
      callWall: 100,
      putWall: 100,
      maxPain: 100,
      gammaFlip: null,
      putCallOi: 2,
      putCallVolume: 0.5,
      atmIv: 0.2,
    });
    expect(levels.expectedMove).toBeCloseTo(2, 12);
    // (10 − 20)·0.04·100·101²·0.01
    expect(levels.netGex).toEqual([
      { strike: 100, gex: expect.closeTo(-10 * 0.04 * 100 * 101 * 101 * 0.01, 6) as number },
    ]);
    expect(levels.netGexTotal).toBeCloseTo(-4080.4, 6);
  });

  it('leaves out contracts without greeks, IV or open interest, and says null when none is left', () => {
    const bare = [row('call', 100, { oi: 500 }), row('put', 95, { oi: 700 }), row('call', 105, {})];
    const levels = keyLevels({ contracts: bare, spot: 100, nowMs: NOW });
    expect(levels).toMatchObject({
      callWall: 100,
      putWall: 95,
      gammaFlip: null,
      netGexTotal: null,
      netGex: [],
      atmIv: null,
      expectedMove: null,
      putCallVolume: null,
    });
    const mixed = netGex(
      [row('call', 100, { oi: 10, gamma: 0.01 }), row('put', 100, { gamma: 0.02 }), row('put', 95, { oi: 5 })],
      100,
    );
    expect(mixed.perStrike).toEqual([{ strike: 100, gex: expect.closeTo(1000, 6) as number }]);
  });

  it('says null for everything on an empty chain, and for spot-bound levels without a spot', () => {
    expect(keyLevels({ contracts: [], spot: 100, nowMs: NOW })).toEqual({
      expiry: null,
      callWall: null,
      putWall: null,
      maxPain: null,
      gammaFlip: null,
      netGexTotal: null,
      netGex: [],
      putCallOi: null,
      putCallVolume: null,
      atmIv: null,
      expectedMove: null,
    });
    const noSpot = keyLevels({ contracts: PUT_HEAVY, spot: undefined, nowMs: NOW });
    expect(noSpot).toMatchObject({
      callWall: 105,
      putWall: 95,
      maxPain: 100,
      gammaFlip: null,
      netGexTotal: null,
      atmIv: null,
    });
  });

  it.each([
    ['the strike nearer spot', [row('call', 95, { oi: 100 }), row('call', 105, { oi: 100 })], 104, 105],
    ['the lower strike when equally near', [row('call', 95, { oi: 100 }), row('call', 105, { oi: 100 })], 100, 95],
  ])('breaks a wall tie towards %s', (_name, chain, spot, expected) => {
    expect(wall(chain, 'call', spot)).toBe(expected);
  });

  it('sums a wall over expiries', () => {
    const chain = [row('put', 90, { oi: 300 }), row('put', 90, { oi: 300, expiry: E2 }), row('put', 95, { oi: 500 })];
    expect(wall(chain, 'put', 100)).toBe(90);
  });
});

describe('gexAt, computed once per chain for many prices', () => {
  it('equals Σ ±Γ·OI·100·S²·0.01 with Black–Scholes gamma, for any small chain and price', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            right: fc.constantFrom('call' as const, 'put' as const),
            strike: fc.integer({ min: 50, max: 150 }),
            oi: fc.integer({ min: 0, max: 50_000 }),
            iv: fc.double({ min: 0.05, max: 2, noNaN: true }),
            expiry: fc.constantFrom(E1, E2, '2026-11-18', '2026-11-01'),
          }),
          { maxLength: 12 },
        ),
        fc.double({ min: 60, max: 140, noNaN: true }),
        (rows, price) => {
          const chain = rows.map((r) => row(r.right, r.strike, { oi: r.oi, iv: r.iv, expiry: r.expiry }));
          let want = 0;
          for (const c of chain) {
            const g = bsGamma(price, c.strike, c.impliedVolatility!, yearsToExpiry(c.expiry, NOW), RISK_FREE_RATE);
            want += (c.contractType === 'call' ? 1 : -1) * g * c.openInterest! * 100 * price * price * 0.01;
          }
          const got = gexAt(chain, price, NOW);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
        },
      ),
      { seed: 20261202, numRuns: 500 },
    );
  });
});
