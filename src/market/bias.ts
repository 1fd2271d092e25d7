/**
 * SPX/VIX market bias: one readout from the S&P 500 trend and the volatility regime.
 *
 * Rules (each contributes points; the score is their sum clamped to −100…+100):
 *
 * SPX (1-minute bars of I:SPX, price = latest index value):
 * | rule                                   | points |
 * |----------------------------------------|--------|
 * | price above both EMA9 and EMA21        | +30    |
 * | price below both EMA9 and EMA21        | −30    |
 * | price between EMA9 and EMA21           | 0      |
 * | EMA9 above EMA21 / below EMA21         | +10 / −10 |
 * | MACD histogram > 0 / < 0               | +20 / −20 |
 *
 * VIX regime by level: calm < 13 (+10), normal 13–20 (0), elevated 20–30 (−15), stressed ≥ 30 (−25).
 * VIX direction: change against the previous close (else against its EMA9): rising ≥ +2 % (−15),
 * falling ≤ −2 % (+15), flat in between (0).
 *
 * Label: score ≥ +25 bullish, ≤ −25 bearish, otherwise neutral. Missing inputs contribute 0 and
 * leave the trend/regime `unknown`, with a reason saying so.
 */
import type { BiasLabel, BiasReading, IndicatorValues, Trend, VixRegime } from './types.js';
import { trendOf } from './indicators/engine.js';

/** The thresholds and points of the bias rules, in one place so docs and code cannot drift. */
export const BIAS_RULES = {
  spx: { aboveBoth: 30, belowBoth: -30, emaStack: 10, macd: 20 },
  vixBands: [
    { regime: 'calm', below: 13, points: 10 },
    { regime: 'normal', below: 20, points: 0 },
    { regime: 'elevated', below: 30, points: -15 },
    { regime: 'stressed', below: Infinity, points: -25 },
  ],
  vixDirection: { thresholdPct: 2, rising: -15, falling: 15 },
  label: { bullishAtOrAbove: 25, bearishAtOrBelow: -25 },
} as const;

/** What the bias is computed from; any part may be missing (it then scores 0). */
export interface BiasInput {
  /** Latest I:SPX value (the trend and EMA rules need it). */
  readonly spxPrice: number | undefined;
  readonly spxIndicators: IndicatorValues | undefined;
  /** Latest I:VIX value. */
  readonly vix: number | undefined;
  /** Previous session close of I:VIX, for the direction. */
  readonly vixPrevClose: number | undefined;
  /** I:VIX indicators, used for the direction when there is no previous close. */
  readonly vixIndicators?: IndicatorValues | undefined;
}

type VixDirection = BiasReading['vixDirection'];

const sign = (n: number): string => (n > 0 ? `+${n}` : String(n));
const ok = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

/** The VIX regime of a level (bands of BIAS_RULES.vixBands). */
export function vixRegimeOf(vix: number | undefined): VixRegime {
  if (!ok(vix) || vix < 0) return 'unknown';
  return BIAS_RULES.vixBands.find((b) => vix < b.below)?.regime ?? 'unknown';
}

/** Direction of the VIX: percent change against the previous close, else against a reference (EMA9). */
export function vixDirectionOf(vix: number | undefined, reference: number | undefined): VixDirection {
  if (!ok(vix) || !ok(reference) || reference <= 0) return 'unknown';
  const pct = ((vix - reference) / reference) * 100;
  // The slack keeps 20 → 20.4 (exactly 2 % on paper, 1.99999… in binary) on the rising side.
  const t = BIAS_RULES.vixDirection.thresholdPct - 1e-9;
  return pct >= t ? 'rising' : pct <= -t ? 'falling' : 'flat';
}

/** The bias label of a score. */
export function biasLabelOf(score: number): BiasLabel {
  if (score >= BIAS_RULES.label.bullishAtOrAbove) return 'bullish';
  if (score <= BIAS_RULES.label.bearishAtOrBelow) return 'bearish';
  return 'neutral';
}

interface Part {
  readonly points: number;
  readonly reason: string;
}

function spxParts(price: number | undefined, ind: IndicatorValues | undefined): Part[] {
  const ema9 = ind?.ema9;
  const ema21 = ind?.ema21;
  const parts: Part[] = [];
  if (!ok(price) || !ok(ema9) || !ok(ema21)) {
    parts.push({ points: 0, reason: 'SPX EMAs not warmed up yet (0)' });
  } else {
    const r = BIAS_RULES.spx;
    if (price > ema9 && price > ema21)
      parts.push({ points: r.aboveBoth, reason: `SPX above EMA9 and EMA21 (${sign(r.aboveBoth)})` });
    else if (price < ema9 && price < ema21)
      parts.push({ points: r.belowBoth, reason: `SPX below EMA9 and EMA21 (${sign(r.belowBoth)})` });
    else parts.push({ points: 0, reason: 'SPX between EMA9 and EMA21 (0)' });
    if (ema9 > ema21) parts.push({ points: r.emaStack, reason: `EMA9 above EMA21 (${sign(r.emaStack)})` });
    else if (ema9 < ema21) parts.push({ points: -r.emaStack, reason: `EMA9 below EMA21 (${sign(-r.emaStack)})` });
  }
  const hist = ind?.macd?.histogram;
  if (!ok(hist)) parts.push({ points: 0, reason: 'SPX MACD not warmed up yet (0)' });
  else if (hist > 0)
    parts.push({ points: BIAS_RULES.spx.macd, reason: `SPX MACD histogram positive (${sign(BIAS_RULES.spx.macd)})` });
  else if (hist < 0)
    parts.push({ points: -BIAS_RULES.spx.macd, reason: `SPX MACD histogram negative (${sign(-BIAS_RULES.spx.macd)})` });
  return parts;
}

function vixParts(vix: number | undefined, regime: VixRegime, direction: VixDirection, against: string): Part[] {
  if (regime === 'unknown') return [{ points: 0, reason: 'VIX unavailable (0)' }];
  const band = BIAS_RULES.vixBands.find((b) => b.regime === regime);
  const points = band?.points ?? 0;
  const parts: Part[] = [{ points, reason: `VIX ${(vix as number).toFixed(2)} ${regime} (${sign(points)})` }];
  const d = BIAS_RULES.vixDirection;
  if (direction === 'rising') parts.push({ points: d.rising, reason: `VIX rising vs ${against} (${sign(d.rising)})` });
  else if (direction === 'falling')
    parts.push({ points: d.falling, reason: `VIX falling vs ${against} (${sign(d.falling)})` });
  else if (direction === 'flat') parts.push({ points: 0, reason: `VIX flat vs ${against} (0)` });
  return parts;
}

/** Combines SPX trend and VIX regime into a bias reading (rules in the module comment and BIAS_RULES_MARKDOWN). */
export function computeBias(input: BiasInput): BiasReading {
  const spxTrend: Trend = trendOf(input.spxPrice, input.spxIndicators?.ema9, input.spxIndicators?.ema21);
  const vixRegime = vixRegimeOf(input.vix);
  const usePrev = ok(input.vixPrevClose) && input.vixPrevClose > 0;
  const reference = usePrev ? input.vixPrevClose : input.vixIndicators?.ema9;
  const vixDirection = vixDirectionOf(input.vix, reference);
  const parts = [
    ...spxParts(input.spxPrice, input.spxIndicators),
    ...vixParts(input.vix, vixRegime, vixDirection, usePrev ? 'previous close' : 'EMA9'),
  ];
  const raw = parts.reduce((sum, p) => sum + p.points, 0);
  const score = Math.max(-100, Math.min(100, raw));
  return { label: biasLabelOf(score), score, spxTrend, vixRegime, vixDirection, reasons: parts.map((p) => p.reason) };
}

/** True when two readings differ in a way worth a `bias` event (label, score, trend, regime or direction). */
export function biasChanged(a: BiasReading | undefined, b: BiasReading): boolean {
  return (
    a === undefined ||
    a.label !== b.label ||
    a.score !== b.score ||
    a.spxTrend !== b.spxTrend ||
    a.vixRegime !== b.vixRegime ||
    a.vixDirection !== b.vixDirection
  );
}

function bandText(): string {
  let lower = 0;
  return BIAS_RULES.vixBands
    .map((b) => {
      const range = b.below === Infinity ? `≥ ${lower}` : lower === 0 ? `< ${b.below}` : `${lower}–${b.below}`;
      lower = b.below;
      return `| VIX ${b.regime} (${range}) | ${sign(b.points)} |`;
    })
    .join('\n');
}

/** The bias rules as Markdown, generated from BIAS_RULES, for the README (a test compares them). */
export const BIAS_RULES_MARKDOWN: string = [
  '| rule | points |',
  '|---|---|',
  `| SPX above both EMA9 and EMA21 (1-minute bars) | ${sign(BIAS_RULES.spx.aboveBoth)} |`,
  `| SPX below both EMA9 and EMA21 | ${sign(BIAS_RULES.spx.belowBoth)} |`,
  '| SPX between EMA9 and EMA21 | 0 |',
  `| EMA9 above / below EMA21 | ${sign(BIAS_RULES.spx.emaStack)} / ${sign(-BIAS_RULES.spx.emaStack)} |`,
  `| SPX MACD(12,26,9) histogram positive / negative | ${sign(BIAS_RULES.spx.macd)} / ${sign(-BIAS_RULES.spx.macd)} |`,
  bandText(),
  `| VIX rising ≥ ${BIAS_RULES.vixDirection.thresholdPct}% vs previous close (else vs its EMA9) | ${sign(BIAS_RULES.vixDirection.rising)} |`,
  `| VIX falling ≤ −${BIAS_RULES.vixDirection.thresholdPct}% | ${sign(BIAS_RULES.vixDirection.falling)} |`,
  '',
  `Score = sum of the points, clamped to −100…+100. Bias: bullish at ≥ ${sign(BIAS_RULES.label.bullishAtOrAbove)}, bearish at ≤ ${BIAS_RULES.label.bearishAtOrBelow}, neutral in between. Missing data scores 0 and shows as unknown.`,
].join('\n');
