import { describe, expect, it } from 'vitest';
import { DEFAULTS, SETTINGS } from '../../../src/config/index.js';
import { buildLevelsQuery } from '../../../src/cli/levels-args.js';
import { levelsDocument, levelsTable } from '../../../src/cli/levels-format.js';
import { buildPlanQuery, planSettingsFrom } from '../../../src/cli/plan-args.js';
import { DEFAULT_PLAN_SETTINGS } from '../../../src/market/trade-plan.js';
import type { KeyLevels } from '../../../src/market/levels/key-levels.js';

describe('buildLevelsQuery', () => {
  it.each([
    [{}, { limit: 250 }, undefined],
    [{ expiry: '2026-12-18' }, { expirationDate: '2026-12-18', limit: 250 }, '2026-12-18'],
    [{ dte: '0..7' }, { expirationDateGte: '2026-12-01', expirationDateLte: '2026-12-08', limit: 250 }, undefined],
  ])('%j → filters %j sent upstream', (opts, filters, expiry) => {
    expect(buildLevelsQuery('spy', opts, '2026-12-01')).toEqual({ underlying: 'SPY', filters, expiry });
  });

  it.each([
    [{ expiry: '2026-12-01..2026-12-18' }, /one date/],
    [{ expiry: '2026-12-18', dte: '0..3' }, /either --expiry or --dte/],
    [{ expiry: '2026-02-30' }, /--expiry/],
    [{ dte: '9..3' }, /9 is above 3/],
  ])('refuses %j', (opts, message) => {
    expect(() => buildLevelsQuery('SPY', opts, '2026-12-01')).toThrow(message);
  });
});

describe('levelsDocument and levelsTable', () => {
  const levels: KeyLevels = {
    expiry: '2026-12-04',
    callWall: 690,
    putWall: 660,
    maxPain: 675,
    gammaFlip: 668.4321,
    netGexTotal: -1_234_567.8,
    netGex: [
      { strike: 660, gex: -1_500_000.4 },
      { strike: 690, gex: 265_432.6 },
    ],
    putCallOi: 1.234567,
    putCallVolume: null,
    atmIv: 0.182345,
    expectedMove: 7.85499,
  };
  const doc = levelsDocument({ ts: '2026-12-01T15:00:00.000Z', demo: false, underlying: 'SPY', spot: 675.1 }, levels);

  it('rounds every value for the reader and keeps nulls', () => {
    expect(doc).toMatchObject({
      gammaFlip: 668.43,
      netGexTotal: -1_234_568,
      putCallOi: 1.2346,
      putCallVolume: null,
      atmIv: 0.1823,
      expectedMove: 7.855,
    });
    expect(doc.netGex).toEqual([
      { strike: 660, gex: -1_500_000 },
      { strike: 690, gex: 265_433 },
    ]);
  });

  it('writes one line per level and the GEX strikes', () => {
    const text = levelsTable('SPY 675.10', doc);
    expect(text).toContain('Gamma flip      668.43');
    expect(text).toContain('Net GEX         -$1.2M per 1% move');
    expect(text).toContain('Put/call volume —');
    expect(text).toContain('Expected move   ±7.86 (1.16%)');
    expect(text).toMatch(/^\s+690\s+\+\$265K$/m);
  });

  it('says when there is no gamma flip', () => {
    expect(levelsTable('SPY', { ...doc, gammaFlip: null })).toContain('Gamma flip      none within ±10% of spot');
  });
});

describe('buildPlanQuery', () => {
  it.each([
    ['O:SPY261218C00650000', 'O:SPY261218C00650000', 'SPY'],
    ['spy261218p00650000', 'O:SPY261218P00650000', 'SPY'],
    ['O:SPXW261218C06500000', 'O:SPXW261218C06500000', 'I:SPX'],
  ])('%s → %s on %s', (text, contract, underlying) => {
    expect(buildPlanQuery(text, {})).toMatchObject({ contract, underlying, entry: undefined, risk: undefined });
  });

  it('reads --entry and --risk, a $ allowed', () => {
    expect(buildPlanQuery('O:SPY261218C00650000', { entry: '4.2', risk: '$300' })).toMatchObject({
      entry: 4.2,
      risk: 300,
    });
  });

  it.each([
    ['SPY', {}, /not an option contract/],
    ['O:SPY261218C00650000', { entry: '0' }, /--entry/],
    ['O:SPY261218C00650000', { entry: '' }, /--entry/],
    ['O:SPY261218C00650000', { risk: '-5' }, /--risk/],
  ])('refuses %s %j', (text, opts, message) => {
    expect(() => buildPlanQuery(text, opts)).toThrow(message);
  });
});

describe('plan settings', () => {
  it('default to the plan module’s defaults', () => {
    expect(planSettingsFrom(DEFAULTS)).toEqual(DEFAULT_PLAN_SETTINGS);
  });

  it.each([
    ['planAtrDay', '0.5 1 0.3', [0.5, 1, 0.3]],
    ['planAtrSwing', '0.8,1.5,0.4', [0.8, 1.5, 0.4]],
    ['planHoldDays', '0.2 1 3 10', [0.2, 1, 3, 10]],
    ['planGradeSpreadPct', '2 5 10', [2, 5, 10]],
    ['planGradeOi', '10000 1000 10', [10000, 1000, 10]],
    ['planRiskPerTrade', '250', 250],
  ] as const)('%s accepts %j', (name, text, value) => {
    expect(SETTINGS[name].parse(text)).toEqual(value);
  });

  it.each([
    ['planAtrDay', '0.8 0.4 0.25'],
    ['planAtrDay', '0.4 0.8'],
    ['planAtrDay', '0 0.8 0.25'],
    ['planAtrDay', '0.4 0.8 0'],
    ['planHoldDays', '1 2 3'],
    ['planGradeSpreadPct', '15 8 3'],
    ['planGradeVolume', '10 100 1000'],
    ['planRiskPerTrade', 'much'],
  ] as const)('%s refuses %j', (name, text) => {
    expect(() => SETTINGS[name].parse(text)).toThrow(name);
  });
});
