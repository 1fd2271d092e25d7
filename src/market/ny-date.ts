/**
 * New York calendar helpers for the analytics (session VWAP, days to expiry), on top of
 * lib/new-york.ts, guarded so a malformed timestamp yields undefined instead of a RangeError.
 */
import { newYorkTime, nyDate } from '../lib/new-york.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Minutes since New York midnight (0–1439) of an epoch-ms instant. */
export function nyMinuteOfDay(timeMs: number): number | undefined {
  return Number.isFinite(timeMs) ? newYorkTime(timeMs).minutes : undefined;
}

/**
 * Whole calendar days from the New York date of `timeMs` to `expiry` (YYYY-MM-DD): 0 on expiry day,
 * negative once expired. Undefined when either input is malformed.
 */
export function daysToExpiry(expiry: string, timeMs: number): number | undefined {
  const today = nyDate(timeMs);
  const a = ISO_DATE.exec(expiry);
  const b = today === undefined ? null : ISO_DATE.exec(today);
  if (a === null || b === null) return undefined;
  const expiryMs = utcDay(a);
  const todayMs = utcDay(b);
  if (expiryMs === undefined || todayMs === undefined) return undefined;
  return Math.round((expiryMs - todayMs) / DAY_MS);
}

/** Midnight UTC of a matched YYYY-MM-DD, or undefined for an impossible date (2026-13-01, 02-30). */
function utcDay(m: RegExpExecArray): number | undefined {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? ms : undefined;
}
