import { describe, expect, it } from 'vitest';
import {
  buildTradePlan,
  DEFAULT_PLAN_SETTINGS,
  styleForDte,
  type KeyLevel,
  type PlanContract,
  type PlanInput,
  type TradePlan,
} from '../../../src/market/trade-plan.js';
import { liquidityGrade } from '../../../src/market/trade-plan-grade.js';

/** Wednesday 2026-11-18, 10:00 in New York. */
const NOW = Date.parse('2026-11-18T15:00:00Z');

function contract(over: Partial<PlanContract> & { delta?: number; gamma?: number; theta?: number }): PlanContract {
  const { delta, gamma, theta, ...rest } = over;
  return {
    contractType: 'call',
    strike: 100,
    expiry: '2026-11-25',
    bid: 2.08,
    ask: 2.12,
    midpoint: undefined,
    volume: 2000,
    openInterest: 6000,
    sharesPerContract: 100,
    greeks: { delta: delta ?? 0.5, gamma: gamma ?? 0.05, theta: theta ?? -0.1, vega: 0.1 },
    ...rest,
  };
}

/** Hold times fixed here (not the defaults) so the hand computations below stay put. */
const SETTINGS = { ...DEFAULT_PLAN_SETTINGS, holdDays: { scalp: 0.1, day: 0.5, swing: 5, position: 20 } };

function plan(input: Partial<PlanInput> & { contract: PlanContract }): TradePlan {
  const result = buildTradePlan({
    spot: 100,
    atr: 5,
    levels: [],
    riskDollars: 500,
    nowMs: NOW,
    settings: SETTINGS,
    ...input,
  });
  if (!result.ok) throw new Error(result.reason);
  return result.plan;
}

describe('styleForDte', () => {
  it.each([
    [0, 'scalp'],
    [2, 'scalp'],
    [3, 'day'],
    [14, 'day'],
    [15, 'swing'],
    [60, 'swing'],
    [61, 'position'],
    [400, 'position'],
  ] as const)('%i days → %s', (dte, style) => {
    expect(styleForDte(dte)).toBe(style);
  });
});

describe('a call, day style (7 days), ATR 5', () => {
  // Budgets: target 1 0.4×5 = 2, target 2 0.8×5 = 4, stop 0.25×5 = 1.25. Mid 2.10, θ·0.5 day = −0.05.
  const levels: KeyLevel[] = [
    { name: 'call wall', price: 101.5 },
    { name: 'max pain', price: 99 },
    { name: 'put wall', price: 95 },
    { name: 'gamma flip', price: 110 },
  ];
  const p = plan({ contract: contract({}), levels });

  it('takes targets above spot and the stop below, from key levels within each budget', () => {
    expect(p).toMatchObject({ right: 'call', style: 'day', dte: 7, spot: 100 });
    expect(p.targets[0]).toMatchObject({ underlying: 101.5, source: 'call wall' });
    // No level between 101.5 and 104: the ATR multiple itself.
    expect(p.targets[1]).toMatchObject({ underlying: 104, source: 'ATR' });
    expect(p.stop).toMatchObject({ underlying: 99, source: 'max pain' });
  });

  it('prices each level with delta, gamma and theta over the hold', () => {
    expect(p.entry).toBeCloseTo(2.1, 12);
    expect(p.targets[0].premium).toBeCloseTo(2.1 + 0.5 * 1.5 + 0.5 * 0.05 * 1.5 ** 2 - 0.05, 12);
    expect(p.targets[1].premium).toBeCloseTo(2.1 + 0.5 * 4 + 0.5 * 0.05 * 16 - 0.05, 12);
    expect(p.stop.premium).toBeCloseTo(2.1 - 0.5 + 0.5 * 0.05 - 0.05, 12);
  });

  it('derives reward to risk, breakeven, max loss and contracts for the dollar risk', () => {
    expect(p.rewardRisk).toBeCloseTo(0.75625 / 0.525, 12);
    expect(p.breakeven).toBeCloseTo(102.1, 12);
    expect(p.maxLoss).toBeCloseTo(210, 12);
    // $500 ÷ $52.50 to the stop per contract.
    expect(p.contracts).toBe(9);
    expect(p.grade).toBe('A');
    expect(p.reasons).toContain('target 1 101.50: call wall within 0.4×ATR');
    expect(p.reasons).toContain('target 2 104.00: 0.8×ATR (no key level within it)');
  });
});

describe('a put, swing style (30 days), ATR 4, entry given', () => {
  // Budgets: 0.8×4 = 3.2, 1.5×4 = 6, stop 0.4×4 = 1.6. Gamma dropped; θ·5 days = −0.25.
  const p = plan({
    contract: contract({
      contractType: 'put',
      expiry: '2026-12-18',
      bid: 3.9,
      ask: 4.1,
      volume: 500,
      openInterest: 3000,
      delta: -0.4,
      gamma: 0.03,
      theta: -0.05,
    }),
    atr: 4,
    entry: 3.95,
    riskDollars: 1000,
    levels: [
      { name: 'put wall', price: 97 },
      { name: 'gamma flip', price: 96 },
      { name: 'call wall', price: 103 },
    ],
  });

  it('puts the targets below spot and the stop above', () => {
    expect(p).toMatchObject({ right: 'put', style: 'swing', dte: 30 });
    expect(p.targets.map((t) => [t.underlying, t.source])).toEqual([
      [97, 'put wall'],
      [96, 'gamma flip'],
    ]);
    // The call wall (3 above) is beyond the 1.6 stop budget.
    expect(p.stop).toMatchObject({ underlying: 101.6, source: 'ATR' });
  });

  it('gains premium as the underlying falls, without gamma', () => {
    expect(p.targets[0].premium).toBeCloseTo(4 + 1.2 - 0.25, 12);
    expect(p.targets[1].premium).toBeCloseTo(4 + 1.6 - 0.25, 12);
    expect(p.stop.premium).toBeCloseTo(4 - 0.64 - 0.25, 12);
  });

  it('measures reward to risk from the entry paid, and breaks even below the strike', () => {
    expect(p.entry).toBe(3.95);
    expect(p.rewardRisk).toBeCloseTo(1 / 0.84, 12);
    expect(p.breakeven).toBeCloseTo(96.05, 12);
    expect(p.maxLoss).toBeCloseTo(395, 12);
    expect(p.contracts).toBe(11);
    expect(p.grade).toBe('B');
  });
});

describe('edge cases', () => {
  it('merges key levels at one price and looks past target 1 for target 2', () => {
    const p = plan({
      contract: contract({}),
      levels: [
        { name: 'call wall', price: 101 },
        { name: 'max pain', price: 101 },
        { name: 'gamma flip', price: 103 },
      ],
    });
    expect(p.targets.map((t) => t.source)).toEqual(['call wall + max pain', 'gamma flip']);
  });

  it('gives no contracts and no reward to risk when the stop premium is not below the entry', () => {
    const p = plan({ contract: contract({}), entry: 0.5 });
    expect(p.rewardRisk).toBeNull();
    expect(p.contracts).toBe(0);
    expect(p.reasons).toContain('no contracts: the stop premium is not below the entry');
  });

  it('calls a grade D contract untradeable and sizes nothing', () => {
    const p = plan({ contract: contract({ bid: undefined, volume: 3 }), entry: 2 });
    expect(p.grade).toBe('D');
    expect(p.contracts).toBe(0);
    expect(p.reasons).toEqual(
      expect.arrayContaining(['no two-sided quote: D', 'grade D: untradeable', 'no contracts: grade D']),
    );
  });

  it('prices a scalp without gamma from delta alone and says so', () => {
    const p = plan({
      contract: contract({
        expiry: '2026-11-19',
        greeks: { delta: 0.5, gamma: undefined, theta: undefined, vega: undefined },
      }),
    });
    expect(p.style).toBe('scalp');
    expect(p.targets[0].premium).toBeCloseTo(2.1 + 0.5 * 1.25, 12);
    expect(p.reasons).toEqual(
      expect.arrayContaining(['no gamma: premiums from delta alone', 'no theta: time decay not charged']),
    );
  });

  it('says when time decay eats target 1', () => {
    // θ −2 over half a day: 2.10 + 0.75 + 0.05625 − 1 = 1.90625 at target 1, below the 2.10 paid.
    const p = plan({ contract: contract({ theta: -2 }), levels: [{ name: 'call wall', price: 101.5 }] });
    expect(p.targets[0].premium).toBeCloseTo(1.90625, 12);
    expect(p.rewardRisk).toBeLessThan(0);
    expect(p.reasons).toContain('target 1 does not pay: its premium is not above the entry');
  });

  it('never prices an option below zero', () => {
    const p = plan({ contract: contract({ bid: 0.05, ask: 0.07, delta: 0.2, gamma: 0 }), atr: 40 });
    expect(p.stop.premium).toBe(0);
  });

  it.each([
    ['no ATR', { atr: undefined }, /ATR/],
    ['a zero ATR', { atr: 0 }, /ATR/],
    ['no spot', { spot: undefined }, /price for the underlying/],
    ['no delta', { contract: contract({ greeks: undefined }) }, /no delta/],
    ['no quote and no entry', { contract: contract({ bid: undefined, ask: undefined }) }, /--entry/],
    ['an expired contract', { contract: contract({ expiry: '2026-11-17' }) }, /expired/],
  ])('refuses a plan with %s', (_name, over, reason) => {
    const result = buildTradePlan({
      contract: contract({}),
      spot: 100,
      atr: 5,
      levels: [],
      riskDollars: 500,
      nowMs: NOW,
      ...over,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('liquidityGrade', () => {
  it.each([
    [{ bid: 2.08, ask: 2.12, volume: 2000, openInterest: 6000 }, 'A'],
    [{ bid: 1.95, ask: 2.05, volume: 2000, openInterest: 6000 }, 'B'],
    [{ bid: 2.08, ask: 2.12, volume: 50, openInterest: 6000 }, 'C'],
    [{ bid: 2.08, ask: 2.12, volume: 2000, openInterest: 99 }, 'D'],
    [{ bid: 1, ask: 1.4, volume: 2000, openInterest: 6000 }, 'D'],
    [{ bid: undefined, ask: 0.05, volume: 2000, openInterest: 6000 }, 'D'],
    [{ bid: 2.08, ask: 2.12, volume: undefined, openInterest: 6000 }, 'D'],
  ])('%j → %s', (q, grade) => {
    expect(liquidityGrade(q).grade).toBe(grade);
  });

  it('names each measure and the cut-off it met', () => {
    expect(liquidityGrade({ bid: 1.95, ask: 2.05, volume: 150, openInterest: 1200 }).reasons).toEqual([
      'spread 5.0% of mid: B (≤ 8%)',
      'volume 150: B (≥ 100)',
      'open interest 1,200: B (≥ 1,000)',
    ]);
  });

  it('takes its thresholds from the caller', () => {
    const loose = { spreadPct: [10, 20, 30], volume: [1, 1, 1], openInterest: [1, 1, 1] } as const;
    expect(liquidityGrade({ bid: 1, ask: 1.1, volume: 1, openInterest: 1 }, loose).grade).toBe('A');
  });
});
