/**
 * Option chains and theoretical option prices for the simulator. Prices come from Black–Scholes
 * on the simulated underlying with a volatility smile that rises with the VIX, so quotes move
 * with the underlying and the chain looks like a real one (weeklies, monthlies, sensible strikes).
 */
import type { OptionRight } from '../../massive/symbology.js';
import { ChainListing, type ChainGrid } from './chain-listing.js';

const YEAR_MS = 365 * 86_400_000;
export const RISK_FREE = 0.04;

export interface ContractSpec {
  readonly ticker: string;
  readonly root: string;
  readonly underlying: string;
  readonly expiry: string;
  readonly right: OptionRight;
  readonly strike: number;
  readonly style: 'american' | 'european';
}

export { underlyingOfRoot } from '../../massive/symbology.js';

/** Expiry instant: 16:00 New York, taken as 21:00 UTC (an hour off in summer is harmless here). */
export function expiryMs(expiry: string): number {
  return Date.parse(`${expiry}T21:00:00Z`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Next 8 weekly Fridays plus the third Friday of each of the next 15 months, ascending. */
export function chainExpiries(nowMs: number): string[] {
  const out = new Set<string>();
  const day = new Date(
    Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), new Date(nowMs).getUTCDate()),
  );
  const toFriday = (5 - day.getUTCDay() + 7) % 7;
  let friday = day.getTime() + toFriday * 86_400_000;
  if (expiryMs(iso(friday)) <= nowMs) friday += 7 * 86_400_000;
  for (let i = 0; i < 8; i++) out.add(iso(friday + i * 7 * 86_400_000));
  for (let m = 0; m < 16; m++) {
    const first = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + m, 1));
    const third = first.getTime() + (((5 - first.getUTCDay() + 7) % 7) + 14) * 86_400_000;
    if (expiryMs(iso(third)) > nowMs) out.add(iso(third));
  }
  return [...out].sort();
}

/** Listed strike spacing for a price level. */
export function strikeStep(price: number): number {
  if (price >= 1000) return 25;
  if (price >= 200) return 5;
  if (price >= 50) return 2.5;
  if (price >= 10) return 1;
  return 0.5;
}

/**
 * Underlyings listed the way SPY and QQQ are: $1 strikes near the money, $5 further out, $10 in
 * the wings, so one expiry holds a few hundred contracts and a chain snapshot (250 rows a page at
 * most) has to be paged. Bands as fractions of the reference price; UNCONFIRMED widths, chosen to
 * look like a real SPY chain.
 */
const DOLLAR_STRIKE_BANDS: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  SPY: [
    [0.08, 1],
    [0.16, 5],
    [0.25, 10],
  ],
  QQQ: [
    [0.08, 1],
    [0.16, 5],
    [0.25, 10],
  ],
};

/** The listed strikes around `refPrice`, ascending: the bands above, else ±20 % at strikeStep. */
export function strikeGrid(underlying: string, refPrice: number): number[] {
  const bands = DOLLAR_STRIKE_BANDS[underlying] ?? [[0.2, strikeStep(refPrice)]];
  const strikes = new Set<number>();
  for (const [width, step] of bands) {
    const lo = Math.ceil((refPrice * (1 - width)) / step) * step;
    const hi = Math.floor((refPrice * (1 + width)) / step) * step;
    for (let k = lo; k <= hi + 1e-9; k += step) strikes.add(Math.round(k * 1000) / 1000);
  }
  return [...strikes].sort((a, b) => a - b);
}

/** Underlyings with an expiry every trading day (0DTE flow lives here). */
const DAILY_EXPIRIES = new Set(['SPY', 'QQQ', 'IWM', 'I:SPX', 'I:NDX', 'I:RUT']);

/** The next `n` weekdays (Mon–Fri, the expiry day included until 16:00) that are not holidays. */
export function dailyExpiries(nowMs: number, n: number, isHoliday: (date: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const first = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), new Date(nowMs).getUTCDate());
  for (let d = first; out.length < n && d < first + 30 * 86_400_000; d += 86_400_000) {
    const day = new Date(d).getUTCDay();
    const date = iso(d);
    if (day === 0 || day === 6 || isHoliday(date) || expiryMs(date) <= nowMs) continue;
    out.push(date);
  }
  return out;
}

/**
 * The listed contracts of an underlying: the strike grid around the reference price (yesterday's
 * close, so the chain does not shift intraday), calls and puts, every expiry.
 */
export function chainGrid(
  underlying: string,
  refPrice: number,
  nowMs: number,
  isHoliday?: (date: string) => boolean,
): ChainGrid {
  const isIndex = underlying.startsWith('I:');
  const baseRoot = isIndex ? underlying.slice(2) : underlying;
  const monthlies = new Set(chainExpiries(nowMs).filter((e) => Number(e.slice(8)) >= 15 && Number(e.slice(8)) <= 21));
  const expiries = [
    ...new Set([
      ...chainExpiries(nowMs),
      ...(DAILY_EXPIRIES.has(underlying) ? dailyExpiries(nowMs, 5, isHoliday) : []),
    ]),
  ].sort();
  return {
    underlying,
    // Index weeklies trade under a separate root (SPXW), as on CBOE.
    expiries: expiries.map((expiry) => ({
      expiry,
      root: isIndex && !monthlies.has(expiry) ? `${baseRoot}W` : baseRoot,
    })),
    strikes: strikeGrid(underlying, refPrice),
    style: isIndex ? 'european' : 'american',
  };
}

/** `chainGrid`'s contracts, one object each (by expiry, strike, then call before put). */
export function buildChain(
  underlying: string,
  refPrice: number,
  nowMs: number,
  isHoliday?: (date: string) => boolean,
): ContractSpec[] {
  return new ChainListing(chainGrid(underlying, refPrice, nowMs, isHoliday)).list();
}

/** Smile: base vol (from VIX for index-like names) rising away from the money, more on the put side. */
export function impliedVol(baseVol: number, spot: number, strike: number, years: number): number {
  const m = Math.log(strike / spot) / Math.sqrt(Math.max(years, 1 / 365));
  const skew = m < 0 ? -0.35 * m : 0.1 * m;
  return Math.max(0.05, baseVol * (1 + skew + 0.8 * m * m));
}

function cdf(x: number): number {
  // Abramowitz–Stegun 7.1.26, |error| < 7.5e-8: plenty for quotes rounded to cents.
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const d = 0.3989423 * Math.exp((-x * x) / 2);
  const p = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
  return x > 0 ? 1 - p : p;
}

function pdf(x: number): number {
  return Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
}

export interface Theo {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  /** Per calendar day. */
  readonly theta: number;
  /** Per vol point (1 %). */
  readonly vega: number;
  readonly iv: number;
}

/** Black–Scholes value and greeks; at or after expiry the intrinsic value. */
export function theoretical(
  spot: number,
  c: Pick<ContractSpec, 'strike' | 'right' | 'expiry'>,
  nowMs: number,
  baseVol: number,
): Theo {
  const years = (expiryMs(c.expiry) - nowMs) / YEAR_MS;
  const iv = impliedVol(baseVol, spot, c.strike, years);
  const call = c.right === 'call';
  if (years <= 0) {
    const intrinsic = Math.max(0, call ? spot - c.strike : c.strike - spot);
    return { price: intrinsic, delta: intrinsic > 0 ? (call ? 1 : -1) : 0, gamma: 0, theta: 0, vega: 0, iv };
  }
  const sq = Math.sqrt(years);
  const d1 = (Math.log(spot / c.strike) + (RISK_FREE + (iv * iv) / 2) * years) / (iv * sq);
  const d2 = d1 - iv * sq;
  const disc = Math.exp(-RISK_FREE * years);
  const price = call ? spot * cdf(d1) - c.strike * disc * cdf(d2) : c.strike * disc * cdf(-d2) - spot * cdf(-d1);
  const gamma = pdf(d1) / (spot * iv * sq);
  const vega = (spot * pdf(d1) * sq) / 100;
  const thetaYear = call
    ? (-spot * pdf(d1) * iv) / (2 * sq) - RISK_FREE * c.strike * disc * cdf(d2)
    : (-spot * pdf(d1) * iv) / (2 * sq) + RISK_FREE * c.strike * disc * cdf(-d2);
  return { price: Math.max(price, 0), delta: call ? cdf(d1) : cdf(d1) - 1, gamma, theta: thetaYear / 365, vega, iv };
}
