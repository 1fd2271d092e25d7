import { describe, expect, it } from 'vitest';
import {
  BIAS_RULES,
  BIAS_RULES_MARKDOWN,
  biasChanged,
  biasLabelOf,
  computeBias,
  vixDirectionOf,
  vixRegimeOf,
  type BiasInput,
} from '../../../src/market/bias.js';
import type { IndicatorValues } from '../../../src/market/types.js';

function ind(ema9: number | undefined, ema21: number | undefined, histogram: number | undefined): IndicatorValues {
  return {
    symbol: 'I:SPX',
    ema9,
    ema21,
    rsi14: undefined,
    atr14: undefined,
    vwap: undefined,
    macd: histogram === undefined ? undefined : { macd: histogram, signal: 0, histogram },
    trend: 'unknown',
    barTime: undefined,
    bars: 50,
  };
}

const input = (over: Partial<BiasInput>): BiasInput => ({
  spxPrice: undefined,
  spxIndicators: undefined,
  vix: undefined,
  vixPrevClose: undefined,
  ...over,
});

describe('vixRegimeOf', () => {
  it.each([
    [9, 'calm'],
    [12.99, 'calm'],
    [13, 'normal'],
    [19.99, 'normal'],
    [20, 'elevated'],
    [29.99, 'elevated'],
    [30, 'stressed'],
    [80, 'stressed'],
    [undefined, 'unknown'],
    [Number.NaN, 'unknown'],
    [-1, 'unknown'],
  ] as const)('VIX %s is %s', (vix, regime) => {
    expect(vixRegimeOf(vix)).toBe(regime);
  });
});

describe('vixDirectionOf', () => {
  it.each([
    [20.4, 20, 'rising'],
    [20.39, 20, 'flat'],
    [19.61, 20, 'flat'],
    [19.6, 20, 'falling'],
    [20, undefined, 'unknown'],
    [20, 0, 'unknown'],
    [undefined, 20, 'unknown'],
  ] as const)('VIX %s against %s is %s', (vix, ref, dir) => {
    expect(vixDirectionOf(vix, ref)).toBe(dir);
  });
});

describe('biasLabelOf', () => {
  it.each([
    [100, 'bullish'],
    [25, 'bullish'],
    [24, 'neutral'],
    [0, 'neutral'],
    [-24, 'neutral'],
    [-25, 'bearish'],
    [-100, 'bearish'],
  ] as const)('score %s is %s', (score, label) => {
    expect(biasLabelOf(score)).toBe(label);
  });
});

describe('computeBias', () => {
  it.each([
    {
      name: 'everything bullish',
      in: input({ spxPrice: 5010, spxIndicators: ind(5000, 4990, 1.2), vix: 12, vixPrevClose: 13 }),
      score: 85,
      label: 'bullish',
      trend: 'up',
      regime: 'calm',
      direction: 'falling',
      reasons: [
        'SPX above EMA9 and EMA21 (+30)',
        'EMA9 above EMA21 (+10)',
        'SPX MACD histogram positive (+20)',
        'VIX 12.00 calm (+10)',
        'VIX falling vs previous close (+15)',
      ],
    },
    {
      name: 'everything bearish (clamped at −100)',
      in: input({ spxPrice: 4900, spxIndicators: ind(4950, 4980, -2), vix: 35, vixPrevClose: 30 }),
      score: -100,
      label: 'bearish',
      trend: 'down',
      regime: 'stressed',
      direction: 'rising',
      reasons: [
        'SPX below EMA9 and EMA21 (-30)',
        'EMA9 below EMA21 (-10)',
        'SPX MACD histogram negative (-20)',
        'VIX 35.00 stressed (-25)',
        'VIX rising vs previous close (-15)',
      ],
    },
    {
      name: 'SPX between its EMAs with a normal, flat VIX',
      in: input({ spxPrice: 4995, spxIndicators: ind(5000, 4990, 0.1), vix: 16, vixPrevClose: 16.1 }),
      score: 30,
      label: 'bullish',
      trend: 'flat',
      regime: 'normal',
      direction: 'flat',
      reasons: [
        'SPX between EMA9 and EMA21 (0)',
        'EMA9 above EMA21 (+10)',
        'SPX MACD histogram positive (+20)',
        'VIX 16.00 normal (0)',
        'VIX flat vs previous close (0)',
      ],
    },
    {
      name: 'an uptrend against an elevated, rising VIX',
      in: input({ spxPrice: 5010, spxIndicators: ind(5000, 4990, 1), vix: 24, vixPrevClose: 22 }),
      score: 30,
      label: 'bullish',
      trend: 'up',
      regime: 'elevated',
      direction: 'rising',
      reasons: [
        'SPX above EMA9 and EMA21 (+30)',
        'EMA9 above EMA21 (+10)',
        'SPX MACD histogram positive (+20)',
        'VIX 24.00 elevated (-15)',
        'VIX rising vs previous close (-15)',
      ],
    },
    {
      name: 'VIX direction from its EMA9 when there is no previous close',
      in: input({ spxPrice: 5000, spxIndicators: ind(5000, 5000, 0), vix: 21, vixIndicators: ind(20, 20, 0) }),
      score: -30,
      label: 'bearish',
      trend: 'flat',
      regime: 'elevated',
      direction: 'rising',
      reasons: ['SPX between EMA9 and EMA21 (0)', 'VIX 21.00 elevated (-15)', 'VIX rising vs EMA9 (-15)'],
    },
    {
      name: 'no data at all',
      in: input({}),
      score: 0,
      label: 'neutral',
      trend: 'unknown',
      regime: 'unknown',
      direction: 'unknown',
      reasons: ['SPX EMAs not warmed up yet (0)', 'SPX MACD not warmed up yet (0)', 'VIX unavailable (0)'],
    },
    {
      name: 'VIX level without any reference for direction',
      in: input({ spxPrice: 5010, spxIndicators: ind(5000, 4990, undefined), vix: 14 }),
      score: 40,
      label: 'bullish',
      trend: 'up',
      regime: 'normal',
      direction: 'unknown',
      reasons: [
        'SPX above EMA9 and EMA21 (+30)',
        'EMA9 above EMA21 (+10)',
        'SPX MACD not warmed up yet (0)',
        'VIX 14.00 normal (0)',
      ],
    },
  ])('scores $name', (c) => {
    const r = computeBias(c.in);
    expect(r).toEqual({
      label: c.label,
      score: c.score,
      spxTrend: c.trend,
      vixRegime: c.regime,
      vixDirection: c.direction,
      reasons: c.reasons,
    });
  });

  it('keeps the score within −100…+100 for every combination of inputs', () => {
    for (const price of [4000, 5000, 6000])
      for (const h of [-1, 0, 1, undefined])
        for (const vix of [10, 15, 25, 40, undefined])
          for (const prev of [5, 20, 80, undefined]) {
            const s = computeBias(
              input({ spxPrice: price, spxIndicators: ind(5000, 4990, h), vix, vixPrevClose: prev }),
            ).score;
            expect(s).toBeGreaterThanOrEqual(-100);
            expect(s).toBeLessThanOrEqual(100);
          }
  });
});

describe('biasChanged', () => {
  const a = computeBias(input({ spxPrice: 5010, spxIndicators: ind(5000, 4990, 1), vix: 12, vixPrevClose: 13 }));
  it.each([
    ['no previous reading', undefined, a, true],
    ['the same reading', a, { ...a, reasons: [...a.reasons] }, false],
    ['another score', a, { ...a, score: a.score - 5 }, true],
    ['another regime', a, { ...a, vixRegime: 'normal' as const }, true],
  ])('%s → %s', (_n, prev, next, changed) => {
    expect(biasChanged(prev, next)).toBe(changed);
  });
});

describe('BIAS_RULES_MARKDOWN', () => {
  it('states every threshold and point value of BIAS_RULES', () => {
    const md = BIAS_RULES_MARKDOWN;
    for (const band of BIAS_RULES.vixBands) expect(md).toContain(`VIX ${band.regime}`);
    expect(md).toContain('| VIX calm (< 13) | +10 |');
    expect(md).toContain('| VIX normal (13–20) | 0 |');
    expect(md).toContain('| VIX elevated (20–30) | -15 |');
    expect(md).toContain('| VIX stressed (≥ 30) | -25 |');
    expect(md).toContain('| SPX above both EMA9 and EMA21 (1-minute bars) | +30 |');
    expect(md).toContain('| SPX MACD(12,26,9) histogram positive / negative | +20 / -20 |');
    expect(md).toContain('bullish at ≥ +25, bearish at ≤ -25');
  });
});
