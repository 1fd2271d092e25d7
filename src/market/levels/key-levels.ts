/**
 * Key levels of an option chain (README, "massive levels"): call and put walls, max pain,
 * dealer net gamma exposure per strike and its total, the gamma flip, put/call ratios, ATM IV and
 * the expected move. Pure: the chain, the spot price and the clock come in as arguments.
 *
 * Sign convention: dealers are taken to be long the calls and short the puts the public holds
 * (the usual GEX reading), so call gamma counts positive and put gamma negative. A contract
 * without the inputs a number needs (open interest, gamma, IV, a quote) is left out of that
 * number rather than counted as zero, and a number with no inputs at all is null.
 */
import type { OptionContractSnapshot } from '../../massive/rest-models.js';
import { RISK_FREE_RATE, yearsToExpiry } from './black-scholes.js';

/** The fields of a chain row the levels read. */
export type LevelContract = Pick<
  OptionContractSnapshot,
  | 'contractType'
  | 'strike'
  | 'expiry'
  | 'openInterest'
  | 'volume'
  | 'impliedVolatility'
  | 'greeks'
  | 'bid'
  | 'ask'
  | 'midpoint'
>;

/** Net GEX of one strike, in dollars per 1 % move of the underlying. */
export interface StrikeGex {
  readonly strike: number;
  readonly gex: number;
}

export interface KeyLevels {
  /** The expiry max pain, ATM IV and the expected move are read from. */
  readonly expiry: string | null;
  readonly callWall: number | null;
  readonly putWall: number | null;
  readonly maxPain: number | null;
  readonly gammaFlip: number | null;
  readonly netGexTotal: number | null;
  /** Ascending by strike; strikes without any gamma input are left out. */
  readonly netGex: readonly StrikeGex[];
  readonly putCallOi: number | null;
  readonly putCallVolume: number | null;
  readonly atmIv: number | null;
  readonly expectedMove: number | null;
}

export interface KeyLevelsInput {
  readonly contracts: readonly LevelContract[];
  /** The underlying's price; without it only the walls, max pain and ratios can be had. */
  readonly spot: number | undefined;
  /** For the time to expiry in the gamma flip. */
  readonly nowMs: number;
  /** One expiry for max pain and ATM; default: the nearest in the chain. */
  readonly expiry?: string;
}

/** Half-width of the gamma-flip grid as a fraction of spot, and its step. */
export const FLIP_RANGE = 0.1;
export const FLIP_STEP = 0.001;

const CONTRACT_SIZE = 100;
const usable = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);
const isCall = (c: LevelContract): boolean => c.contractType === 'call';
const isPut = (c: LevelContract): boolean => c.contractType === 'put';

/**
 * Of the keys of `scores`, the one with the best score (`better(a, b)` true when a beats b);
 * ties go to the strike nearer spot, then the lower strike, so the answer never depends on order.
 */
function pickStrike(
  scores: ReadonlyMap<number, number>,
  better: (a: number, b: number) => boolean,
  spot: number | undefined,
): number | null {
  let best: number | null = null;
  for (const [strike, score] of scores) {
    if (best === null) {
      best = strike;
      continue;
    }
    const bestScore = scores.get(best)!;
    if (better(score, bestScore)) best = strike;
    else if (score === bestScore) {
      const d = spot === undefined ? 0 : Math.abs(strike - spot) - Math.abs(best - spot);
      if (d < 0 || (d === 0 && strike < best)) best = strike;
    }
  }
  return best;
}

/** Open interest summed per strike over contracts that pass `keep`. */
function oiByStrike(contracts: readonly LevelContract[], keep: (c: LevelContract) => boolean): Map<number, number> {
  const out = new Map<number, number>();
  for (const c of contracts) {
    if (!keep(c) || !usable(c.openInterest)) continue;
    out.set(c.strike, (out.get(c.strike) ?? 0) + c.openInterest);
  }
  return out;
}

/** The strike with the largest call (or put) open interest, summed over the given expiries. */
export function wall(contracts: readonly LevelContract[], right: 'call' | 'put', spot?: number): number | null {
  const oi = oiByStrike(contracts, right === 'call' ? isCall : isPut);
  const positive = new Map([...oi].filter(([, v]) => v > 0));
  return pickStrike(positive, (a, b) => a > b, spot);
}

/** The nearest expiry in the chain (YYYY-MM-DD sorts as text). */
export function nearestExpiry(contracts: readonly LevelContract[]): string | null {
  let out: string | null = null;
  for (const c of contracts) if (out === null || c.expiry < out) out = c.expiry;
  return out;
}

/**
 * Max pain of the contracts given (the caller passes one expiry): among the listed strikes, the
 * settlement price K minimising Σ call OI·max(0, K−k) + Σ put OI·max(0, k−K). Null without OI.
 */
export function maxPain(contracts: readonly LevelContract[], spot?: number): number | null {
  const calls = oiByStrike(contracts, isCall);
  const puts = oiByStrike(contracts, isPut);
  const totalOi = [...calls.values(), ...puts.values()].reduce((a, b) => a + b, 0);
  if (totalOi <= 0) return null;
  const pain = new Map<number, number>();
  for (const k of new Set(contracts.map((c) => c.strike))) {
    let paid = 0;
    for (const [strike, oi] of calls) paid += oi * Math.max(0, k - strike);
    for (const [strike, oi] of puts) paid += oi * Math.max(0, strike - k);
    pain.set(k, paid);
  }
  return pickStrike(pain, (a, b) => a < b, spot);
}

/** Signed dollar gamma of one contract per 1 % move: ±Γ·OI·100·S²·0.01. */
function dollarGamma(c: LevelContract, gamma: number, spot: number): number {
  const sign = isCall(c) ? 1 : isPut(c) ? -1 : 0;
  return sign * gamma * (c.openInterest ?? 0) * CONTRACT_SIZE * spot * spot * 0.01;
}

/**
 * Net GEX per strike from each contract's own (snapshot) gamma, ascending by strike, and its
 * total; null total when no contract had both gamma and open interest.
 */
export function netGex(
  contracts: readonly LevelContract[],
  spot: number,
): { readonly perStrike: StrikeGex[]; readonly total: number | null } {
  const byStrike = new Map<number, number>();
  for (const c of contracts) {
    const gamma = c.greeks?.gamma;
    if (!usable(gamma) || !usable(c.openInterest)) continue;
    byStrike.set(c.strike, (byStrike.get(c.strike) ?? 0) + dollarGamma(c, gamma, spot));
  }
  const perStrike = [...byStrike].sort((a, b) => a[0] - b[0]).map(([strike, gex]) => ({ strike, gex }));
  return { perStrike, total: perStrike.length === 0 ? null : perStrike.reduce((a, s) => a + s.gex, 0) };
}

/** Total net GEX if the underlying were at `price`, with gamma recomputed from IV and time left. */
export function gexAt(contracts: readonly LevelContract[], price: number, nowMs: number): number {
  return gexCurve(contracts, nowMs)(price);
}

/**
 * `gexAt` as a function of the price, for many prices over one chain. The flip search asks 201
 * prices of a chain that can hold thousands of contracts: recomputing each contract's time to
 * expiry, log-strike and weights per price froze the screen for half a second per SPX refresh.
 * Here they are worked out once, and each (contract, price) pair costs one exponential:
 * ±Γ·OI·100·S²·0.01 with Γ = φ(d1)/(S·σ·√T) is ±OI·S·φ(d1)/(σ·√T).
 */
export function gexCurve(contracts: readonly LevelContract[], nowMs: number): (price: number) => number {
  const terms: { a: number; b: number; w: number }[] = [];
  const years = new Map<string, number>();
  for (const c of contracts) {
    const iv = c.impliedVolatility;
    const sign = isCall(c) ? 1 : isPut(c) ? -1 : 0;
    if (!usable(iv) || !usable(c.openInterest) || sign === 0 || !(iv > 0) || !(c.strike > 0)) continue;
    let t = years.get(c.expiry);
    if (t === undefined) {
      t = yearsToExpiry(c.expiry, nowMs);
      years.set(c.expiry, t);
    }
    if (!(t > 0)) continue;
    const volT = iv * Math.sqrt(t);
    // d1 = (ln S − ln K + (r + σ²/2)·T) / (σ·√T) = (ln S + a)·b
    terms.push({
      a: (RISK_FREE_RATE + (iv * iv) / 2) * t - Math.log(c.strike),
      b: 1 / volT,
      w: (sign * c.openInterest * CONTRACT_SIZE * 0.01) / (volT * Math.sqrt(2 * Math.PI)),
    });
  }
  return (price) => {
    if (!(price > 0)) return 0;
    const lnS = Math.log(price);
    let total = 0;
    for (const { a, b, w } of terms) {
      const d1 = (lnS + a) * b;
      total += w * Math.exp((-d1 * d1) / 2);
    }
    return total * price;
  };
}

/**
 * The price at which total net GEX changes sign, on a grid of ±10 % of spot in 0.1 % steps. Between
 * the two grid points that straddle a change the price is interpolated linearly; with several
 * changes the one nearest spot wins. Null when GEX keeps one sign (or is zero) over the grid.
 */
export function gammaFlip(contracts: readonly LevelContract[], spot: number, nowMs: number): number | null {
  const steps = Math.round(FLIP_RANGE / FLIP_STEP);
  let prev: { price: number; gex: number } | undefined;
  let best: number | null = null;
  const gexOf = gexCurve(contracts, nowMs);
  for (let i = -steps; i <= steps; i++) {
    const price = spot * (1 + i * FLIP_STEP);
    const gex = gexOf(price);
    if (gex === 0) continue;
    if (prev && Math.sign(prev.gex) !== Math.sign(gex)) {
      const cross = prev.price + ((price - prev.price) * prev.gex) / (prev.gex - gex);
      if (best === null || Math.abs(cross - spot) < Math.abs(best - spot)) best = cross;
    }
    prev = { price, gex };
  }
  return best;
}

/** Σ of `field` over puts ÷ Σ over calls; null when calls sum to zero or nothing is known. */
export function putCallRatio(contracts: readonly LevelContract[], field: 'openInterest' | 'volume'): number | null {
  let puts = 0;
  let calls = 0;
  for (const c of contracts) {
    const v = c[field];
    if (!usable(v)) continue;
    if (isPut(c)) puts += v;
    else if (isCall(c)) calls += v;
  }
  return calls > 0 ? puts / calls : null;
}

/** Mid of a quote: (bid + ask) / 2 with both sides, else Massive's midpoint, else undefined. */
export function midOf(c: Pick<LevelContract, 'bid' | 'ask' | 'midpoint'>): number | undefined {
  if (usable(c.bid) && usable(c.ask) && c.ask >= c.bid && c.ask > 0) return (c.bid + c.ask) / 2;
  return usable(c.midpoint) && c.midpoint > 0 ? c.midpoint : undefined;
}

/**
 * ATM IV and expected move of one expiry's contracts: the strike nearest spot (the lower one on a
 * tie); IV is the mean of its call and put IV (either alone if only one has it), the move its
 * call mid plus put mid (null unless both have a quote).
 */
export function atTheMoney(
  contracts: readonly LevelContract[],
  spot: number,
): { readonly atmIv: number | null; readonly expectedMove: number | null } {
  let strike: number | undefined;
  for (const c of contracts) {
    const d = strike === undefined ? -1 : Math.abs(c.strike - spot) - Math.abs(strike - spot);
    if (strike === undefined || d < 0 || (d === 0 && c.strike < strike)) strike = c.strike;
  }
  const at = contracts.filter((c) => c.strike === strike);
  const call = at.find(isCall);
  const put = at.find(isPut);
  const ivs = [call?.impliedVolatility, put?.impliedVolatility].filter(usable).filter((v) => v > 0);
  const callMid = call ? midOf(call) : undefined;
  const putMid = put ? midOf(put) : undefined;
  return {
    atmIv: ivs.length === 0 ? null : ivs.reduce((a, b) => a + b, 0) / ivs.length,
    expectedMove: callMid !== undefined && putMid !== undefined ? callMid + putMid : null,
  };
}

/** Every key level of a chain; see the module header for conventions. */
export function keyLevels(input: KeyLevelsInput): KeyLevels {
  const { contracts, spot, nowMs } = input;
  const expiry = input.expiry ?? nearestExpiry(contracts);
  const ofExpiry = contracts.filter((c) => c.expiry === expiry);
  const gex = spot === undefined ? { perStrike: [], total: null } : netGex(contracts, spot);
  const atm =
    spot === undefined || ofExpiry.length === 0 ? { atmIv: null, expectedMove: null } : atTheMoney(ofExpiry, spot);
  return {
    expiry: ofExpiry.length === 0 ? null : expiry,
    callWall: wall(contracts, 'call', spot),
    putWall: wall(contracts, 'put', spot),
    maxPain: maxPain(ofExpiry, spot),
    gammaFlip: spot === undefined ? null : gammaFlip(contracts, spot, nowMs),
    netGexTotal: gex.total,
    netGex: gex.perStrike,
    putCallOi: putCallRatio(contracts, 'openInterest'),
    putCallVolume: putCallRatio(contracts, 'volume'),
    atmIv: atm.atmIv,
    expectedMove: atm.expectedMove,
  };
}
