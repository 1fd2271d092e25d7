/**
 * The little Black–Scholes the key levels need: gamma at a hypothetical underlying price, and the
 * year fraction to an expiry's 16:00 New York close. Gamma is the same for a call and a put, so
 * the right never enters.
 */
import { newYorkTime } from '../../lib/new-york.js';

const YEAR_MS = 365 * 86_400_000;

/**
 * Risk-free rate in Black–Scholes. A constant, not a setting: over the days to weeks that carry
 * the chain's gamma, a point of rate moves gamma far less than the chain's own IV rounding does.
 */
export const RISK_FREE_RATE = 0.04;

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
}

/**
 * Black–Scholes gamma (per $1 of the underlying, per share) at underlying price `spot`; 0 when
 * any input makes it meaningless (no time left, no volatility, non-positive prices).
 */
export function bsGamma(
  spot: number,
  strike: number,
  iv: number,
  years: number,
  rate: number = RISK_FREE_RATE,
): number {
  if (!(spot > 0) || !(strike > 0) || !(iv > 0) || !(years > 0)) return 0;
  const sq = Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate + (iv * iv) / 2) * years) / (iv * sq);
  return normalPdf(d1) / (spot * iv * sq);
}

/** The instant an expiry (YYYY-MM-DD) settles: 16:00 New York that day, summer or winter. */
export function expiryCloseMs(expiry: string): number | undefined {
  const midnight = Date.parse(`${expiry}T00:00:00Z`);
  if (!Number.isFinite(midnight)) return undefined;
  // The offset at New York noon of that date is the one in force at 16:00 (DST switches at 02:00).
  const offset = newYorkTime(midnight + 17 * 3_600_000).offset;
  return midnight + (16 * 60 - offset) * 60_000;
}

/** Years (of 365 days) from `nowMs` to the expiry's close; 0 once it has passed. */
export function yearsToExpiry(expiry: string, nowMs: number): number {
  const close = expiryCloseMs(expiry);
  return close === undefined ? 0 : Math.max(0, (close - nowMs) / YEAR_MS);
}
