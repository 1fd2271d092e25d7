import { describe, expect, it } from 'vitest';
import { naturalOptionPrints, optionNbbo, placePrice, type PrintPlan } from '../../../src/sim/market/option-flow.js';
import { OPTION_CONDITIONS, OPTION_CONDITION_NAMES } from '../../../src/sim/market/conditions.js';
import { streamFor } from '../../../src/sim/market/prng.js';
import { resolveScript } from '../../../src/sim/market/script.js';
import { buildChain } from '../../../src/sim/market/options.js';

const NBBO = { bid: 2.0, ask: 2.1 };

describe('placePrice', () => {
  it.each([
    ['bid', 2.0],
    ['ask', 2.1],
    ['mid', 2.05],
    ['above_ask', 2.11],
    ['below_bid', 1.99],
    [2.07, 2.07],
  ] as const)('puts %s at %d', (placement, price) => {
    expect(placePrice(placement, NBBO)).toBe(price);
  });

  it('steps a nickel through the NBBO from $3 up and never prints below a cent', () => {
    expect(placePrice('above_ask', { bid: 5, ask: 5.2 })).toBe(5.25);
    expect(placePrice('below_bid', { bid: 0, ask: 0.01 })).toBe(0.01);
  });
});

describe('optionNbbo', () => {
  it.each([
    [0, 0, 0.02],
    [10, 9.85, 10.15],
    [0.5, 0.49, 0.51],
  ])('quotes theo %d as %d × %d', (theo, bid, ask) => {
    expect(optionNbbo(theo)).toEqual({ bid, ask });
  });
});

describe('naturalOptionPrints', () => {
  const all: PrintPlan[][] = [];
  for (let i = 0; i < 4000; i++) all.push(naturalOptionPrints(streamFor(7, 'O:SPY260116C00680000', i), 1, NBBO));

  it('is deterministic for a given stream', () => {
    expect(naturalOptionPrints(streamFor(7, 'X', 5), 1, NBBO)).toEqual(
      naturalOptionPrints(streamFor(7, 'X', 5), 1, NBBO),
    );
  });

  it('prints nothing when the chance is zero', () => {
    expect(naturalOptionPrints(streamFor(7, 'X', 5), 0, NBBO)).toEqual([]);
  });

  it('produces sweeps on several exchanges within a second, all marked ISO', () => {
    const sweeps = all.filter((ps) => ps[0]?.c[0] === OPTION_CONDITIONS.sweep);
    expect(sweeps.length).toBeGreaterThan(100);
    for (const s of sweeps) {
      expect(new Set(s.map((p) => p.x)).size).toBe(s.length);
      expect(s.length).toBeGreaterThanOrEqual(2);
      for (const p of s) expect(p.off).toBeLessThan(1000);
    }
  });

  it('produces splits: several prints on one exchange', () => {
    const splits = all.filter((ps) => ps.length > 1 && new Set(ps.map((p) => p.x)).size === 1);
    expect(splits.length).toBeGreaterThan(50);
  });

  it('produces blocks, spread legs and late prints with their condition codes', () => {
    const flat = all.flat();
    const blocks = flat.filter((p) =>
      [OPTION_CONDITIONS.auction, OPTION_CONDITIONS.cross, OPTION_CONDITIONS.floor].includes(p.c[0] as 227),
    );
    expect(blocks.length).toBeGreaterThan(20);
    for (const b of blocks) expect(b.s).toBeGreaterThanOrEqual(250);
    expect(flat.some((p) => p.c[0] === OPTION_CONDITIONS.multiLeg)).toBe(true);
    expect(flat.some((p) => p.c[0] === OPTION_CONDITIONS.late)).toBe(true);
    for (const p of flat) for (const c of p.c) expect(OPTION_CONDITION_NAMES[c]).toBeDefined();
  });

  it('prints at the bid, mid and ask and outside the NBBO', () => {
    const prices = new Set(all.flat().map((p) => p.p));
    for (const p of [2.0, 2.05, 2.1, 2.11, 1.99]) expect(prices.has(p)).toBe(true);
  });
});

describe('resolveScript', () => {
  const NOW = Date.parse('2026-01-06T15:00:00Z');
  const chain = buildChain('SPY', 680, NOW);

  it('picks the nearest expiry and the at-the-money strike by default', () => {
    const [p] = resolveScript(chain, 681.2, NOW, [{ exchange: 302, price: 'ask', size: 10, atOffsetMs: 250 }]);
    expect(p).toMatchObject({ contract: 'O:SPY260106C00681000', t: NOW + 250, conditions: [209] });
  });

  it('honours right, strike and days to expiry', () => {
    const [p] = resolveScript(chain, 681, NOW, [
      { right: 'put', strike: 671.3, dte: 3, exchange: 302, price: 1.5, size: 1, atOffsetMs: 0 },
    ]);
    expect(p!.contract).toBe('O:SPY260109P00671000');
  });

  it.each([
    [[]],
    [[{ exchange: 302, price: 'ask', size: 0, atOffsetMs: 0 }]],
    [[{ exchange: 302, price: 'somewhere', size: 1, atOffsetMs: 0 }]],
    [[{ exchange: 302, price: 'ask', size: 1, atOffsetMs: -5 }]],
    [[{ exchange: 'x', price: 'ask', size: 1, atOffsetMs: 0 }]],
    [[{ contract: 'O:QQQ260116C00600000', exchange: 302, price: 'ask', size: 1, atOffsetMs: 0 }]],
    [[{ right: 'straddle', exchange: 302, price: 'ask', size: 1, atOffsetMs: 0 }]],
    [[{ conditions: ['late'], exchange: 302, price: 'ask', size: 1, atOffsetMs: 0 }]],
    [[null]],
  ])('rejects %j', (prints) => {
    expect(() => resolveScript(chain, 681, NOW, prints as never)).toThrow(TypeError);
  });
});
