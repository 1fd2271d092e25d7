/**
 * A trade plan for one long option position (README, "massive plan"): the style from days to
 * expiry, targets and a stop on the underlying, what the option should be worth there, reward to
 * risk, breakeven, the most it can lose and how many contracts a dollar risk buys. Pure: quote,
 * greeks, spot, daily ATR, key levels and the clock come in as data.
 *
 * Two mistakes of the web app this grew from are designed out: direction follows the right (a
 * put profits from a fall, so its targets sit below spot and its delta is negative), and the ATR
 * is a required input (a plan without one is refused, never computed on a default of 1.0).
 */
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import { yearsToExpiry } from './levels/black-scholes.js';
import { daysToExpiry } from './ny-date.js';
import { DEFAULT_GRADE_THRESHOLDS, liquidityGrade, type Grade, type GradeThresholds } from './trade-plan-grade.js';

export type TradeStyle = 'scalp' | 'day' | 'swing' | 'position';

/** Multiples of the daily ATR: how far target 1, target 2 and the stop may lie from spot. */
export interface AtrMultiples {
  readonly target1: number;
  readonly target2: number;
  readonly stop: number;
}

export interface PlanSettings {
  readonly multiples: Readonly<Record<TradeStyle, AtrMultiples>>;
  /** Calendar days a position of each style is expected to be held: theta is charged for them. */
  readonly holdDays: Readonly<Record<TradeStyle, number>>;
  readonly grade: GradeThresholds;
}

/**
 * The web app's multiples (fractions of a day's range), default grades, and hold times: about an
 * hour for a scalp, a session for a day trade, days for a swing, two weeks for a position.
 */
export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  multiples: {
    scalp: { target1: 0.25, target2: 0.5, stop: 0.2 },
    day: { target1: 0.4, target2: 0.8, stop: 0.25 },
    swing: { target1: 0.8, target2: 1.5, stop: 0.4 },
    position: { target1: 1, target2: 2, stop: 0.5 },
  },
  holdDays: { scalp: 0.05, day: 0.25, swing: 3, position: 10 },
  grade: DEFAULT_GRADE_THRESHOLDS,
};

/** A named price on the underlying (call wall, put wall, max pain, gamma flip). */
export interface KeyLevel {
  readonly name: string;
  readonly price: number;
}

export type PlanContract = Pick<
  OptionContractSnapshot,
  | 'contractType'
  | 'strike'
  | 'expiry'
  | 'bid'
  | 'ask'
  | 'midpoint'
  | 'volume'
  | 'openInterest'
  | 'greeks'
  | 'sharesPerContract'
>;

export interface PlanInput {
  readonly contract: PlanContract;
  readonly spot: number | undefined;
  /** ATR(14) of the underlying on daily bars. */
  readonly atr: number | undefined;
  readonly levels: readonly KeyLevel[];
  /** Premium paid; default the quote's mid. */
  readonly entry?: number;
  /** Dollars the trader is willing to lose to the stop. */
  readonly riskDollars: number;
  readonly nowMs: number;
  readonly settings?: PlanSettings;
}

/** A price on the underlying and the option's estimated premium there. */
export interface PlanPoint {
  readonly underlying: number;
  readonly premium: number;
  /** The key level(s) it sits on, or `ATR`. */
  readonly source: string;
}

export interface TradePlan {
  readonly right: 'call' | 'put';
  readonly style: TradeStyle;
  readonly dte: number;
  readonly spot: number;
  readonly entry: number;
  readonly targets: readonly [PlanPoint, PlanPoint];
  readonly stop: PlanPoint;
  /** (target 1 premium − entry) / (entry − stop premium); null when the stop is not below entry. */
  readonly rewardRisk: number | null;
  /** Underlying price at expiry at which the position breaks even. */
  readonly breakeven: number;
  /** Per contract: the premium paid, in dollars. */
  readonly maxLoss: number;
  readonly contracts: number;
  readonly grade: Grade;
  readonly reasons: readonly string[];
}

export type PlanResult =
  | { readonly ok: true; readonly plan: TradePlan }
  | { readonly ok: false; readonly reason: string };

const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);
const f2 = (n: number): string => n.toFixed(2);

/** ≤ 2 days to expiry scalp, ≤ 14 day, ≤ 60 swing, else position. */
export function styleForDte(dte: number): TradeStyle {
  return dte <= 2 ? 'scalp' : dte <= 14 ? 'day' : dte <= 60 ? 'swing' : 'position';
}

/** Mid of a two-sided quote, else Massive's midpoint. */
function quoteMid(c: PlanContract): number | undefined {
  if (finite(c.bid) && finite(c.ask) && c.ask >= c.bid && c.ask > 0) return (c.bid + c.ask) / 2;
  return finite(c.midpoint) && c.midpoint > 0 ? c.midpoint : undefined;
}

/** Levels on one side of spot, nearest first, equal prices merged under one name. */
function levelsToward(
  levels: readonly KeyLevel[],
  spot: number,
  dir: 1 | -1,
): { price: number; name: string; distance: number }[] {
  const byPrice = new Map<number, string[]>();
  for (const l of levels) {
    if (!finite(l.price) || dir * (l.price - spot) <= 0) continue;
    byPrice.set(l.price, [...(byPrice.get(l.price) ?? []), l.name]);
  }
  return [...byPrice]
    .map(([price, names]) => ({ price, name: names.join(' + '), distance: Math.abs(price - spot) }))
    .sort((a, b) => a.distance - b.distance);
}

/**
 * The nearest key level beyond `after` (a distance from spot) within `budget`, else the budget
 * itself: where a target or the stop goes.
 */
function pickLevel(
  candidates: ReturnType<typeof levelsToward>,
  spot: number,
  dir: 1 | -1,
  budget: number,
  after = 0,
): { price: number; source: string } {
  const hit = candidates.find((l) => l.distance > after + 1e-9 && l.distance <= budget + 1e-9);
  return hit ? { price: hit.price, source: hit.name } : { price: spot + dir * budget, source: 'ATR' };
}

/** Premium as a function of the underlying's price, and the line of reasons that explains it. */
function premiumModel(
  c: PlanContract,
  style: TradeStyle,
  base: number,
  spot: number,
  holdDays: number,
): { at: (price: number) => number; reasons: string[] } {
  const reasons: string[] = [];
  const delta = c.greeks?.delta ?? 0;
  // Gamma's curvature is worth keeping over a day's move; over weeks the path matters more than
  // the convexity, so swing and position plans use delta alone (as the web app did).
  const short = style === 'scalp' || style === 'day';
  const gamma = short ? c.greeks?.gamma : undefined;
  if (short && !finite(gamma)) reasons.push('no gamma: premiums from delta alone');
  const theta = c.greeks?.theta;
  if (!finite(theta)) reasons.push('no theta: time decay not charged');
  reasons.push(
    `premium = mid ${f2(base)} + Δ·move${finite(gamma) ? ' + ½Γ·move²' : ''}${finite(theta) ? ` + θ·${holdDays.toFixed(2)} days held` : ''}`,
  );
  const at = (price: number): number => {
    const move = price - spot;
    const curve = finite(gamma) ? 0.5 * gamma * move * move : 0;
    return Math.max(0, base + delta * move + curve + (finite(theta) ? theta * holdDays : 0));
  };
  return { at, reasons };
}

/** Targets in the contract's direction and the stop against it, each with the reason for it. */
function placeLevels(
  levels: readonly KeyLevel[],
  spot: number,
  dir: 1 | -1,
  atr: number,
  m: AtrMultiples,
  premiumAt: (price: number) => number,
) {
  const ahead = levelsToward(levels, spot, dir);
  const behind = levelsToward(levels, spot, dir === 1 ? -1 : 1);
  const t1 = pickLevel(ahead, spot, dir, m.target1 * atr);
  const t2 = pickLevel(ahead, spot, dir, m.target2 * atr, Math.abs(t1.price - spot));
  const st = pickLevel(behind, spot, dir === 1 ? -1 : 1, m.stop * atr);
  const point = (p: { price: number; source: string }): PlanPoint => ({
    underlying: p.price,
    premium: premiumAt(p.price),
    source: p.source,
  });
  const targets = [point(t1), point(t2)] as const;
  const stop = point(st);
  const reasons = (
    [
      ['target 1', targets[0], m.target1],
      ['target 2', targets[1], m.target2],
      ['stop', stop, m.stop],
    ] as const
  ).map(
    ([name, p, mult]) =>
      `${name} ${f2(p.underlying)}: ${p.source === 'ATR' ? `${mult}×ATR (no key level within it)` : `${p.source} within ${mult}×ATR`}`,
  );
  return { targets, stop, reasons };
}

/** Builds the plan, or says which input is missing. */
export function buildTradePlan(input: PlanInput): PlanResult {
  const s = input.settings ?? DEFAULT_PLAN_SETTINGS;
  const c = input.contract;
  if (c.contractType !== 'call' && c.contractType !== 'put') return { ok: false, reason: 'not a call or a put' };
  const dte = daysToExpiry(c.expiry, input.nowMs);
  if (dte === undefined || dte < 0 || yearsToExpiry(c.expiry, input.nowMs) <= 0)
    return { ok: false, reason: `expired on ${c.expiry}` };
  if (!finite(input.spot) || input.spot <= 0) return { ok: false, reason: 'no price for the underlying' };
  if (!finite(input.atr) || input.atr <= 0)
    return { ok: false, reason: 'no daily ATR(14) for the underlying (needs 14 finished daily bars)' };
  if (!finite(c.greeks?.delta))
    return { ok: false, reason: 'the contract has no delta (Massive leaves greeks off deep in-the-money contracts)' };
  const mid = quoteMid(c);
  const entry = input.entry ?? mid;
  if (!finite(entry) || entry <= 0) return { ok: false, reason: 'no quote to price the entry; give --entry' };
  const { spot, atr } = input;
  const right = c.contractType;
  const dir: 1 | -1 = right === 'call' ? 1 : -1;
  const style = styleForDte(dte);
  const hold = Math.min(s.holdDays[style], yearsToExpiry(c.expiry, input.nowMs) * 365);
  const premium = premiumModel(c, style, mid ?? entry, spot, hold);
  const placed = placeLevels(input.levels, spot, dir, atr, s.multiples[style], premium.at);
  const { targets, stop } = placed;
  const reasons: string[] = [
    `${style}: ${dte} day${dte === 1 ? '' : 's'} to expiry`,
    `ATR(14) on daily bars ${f2(atr)}`,
    ...premium.reasons,
    ...placed.reasons,
  ];

  const risk = entry - stop.premium;
  const rewardRisk = risk > 0 ? (targets[0].premium - entry) / risk : null;
  // The nearest level can sit so close to spot that time decay outruns the move: say so.
  if (targets[0].premium <= entry) reasons.push('target 1 does not pay: its premium is not above the entry');
  const shares = c.sharesPerContract > 0 ? c.sharesPerContract : 100;
  const graded = liquidityGrade({ bid: c.bid, ask: c.ask, volume: c.volume, openInterest: c.openInterest }, s.grade);
  reasons.push(...graded.reasons);
  let contracts = 0;
  if (graded.grade === 'D') reasons.push('no contracts: grade D');
  else if (risk <= 0) reasons.push('no contracts: the stop premium is not below the entry');
  else {
    contracts = Math.floor(input.riskDollars / (risk * shares) + 1e-9);
    reasons.push(`contracts: $${f2(input.riskDollars)} risk ÷ $${f2(risk * shares)} to the stop per contract`);
  }
  const plan: TradePlan = {
    right,
    style,
    dte,
    spot,
    entry,
    targets,
    stop,
    rewardRisk,
    breakeven: c.strike + dir * entry,
    maxLoss: entry * shares,
    contracts,
    grade: graded.grade,
    reasons,
  };
  return { ok: true, plan };
}
