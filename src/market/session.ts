/**
 * The US equity session calendar in America/New_York: pre-market 04:00–09:30, regular 09:30–16:00,
 * after-hours 16:00–20:00, otherwise closed; weekends and NYSE holidays closed; early closes end
 * the regular session at 13:00 and after-hours at 17:00. Pure: the instant comes in as a
 * parameter. New York wall time comes from lib/new-york.ts.
 */
import { newYorkTime, type NewYorkTime } from '../lib/new-york.js';

export type SessionPhase = 'pre' | 'regular' | 'after' | 'closed';

/** NYSE full-day holidays 2025–2027. */
const HOLIDAYS: ReadonlySet<string> = new Set([
  '2025-01-01',
  '2025-01-09',
  '2025-01-20',
  '2025-02-17',
  '2025-04-18',
  '2025-05-26',
  '2025-06-19',
  '2025-07-04',
  '2025-09-01',
  '2025-11-27',
  '2025-12-25',
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-04-03',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-11-26',
  '2026-12-25',
  '2027-01-01',
  '2027-01-18',
  '2027-02-15',
  '2027-03-26',
  '2027-05-31',
  '2027-06-18',
  '2027-07-05',
  '2027-09-06',
  '2027-11-25',
  '2027-12-24',
]);

/** Days the regular session ends at 13:00 (and after-hours at 17:00). */
const EARLY_CLOSES: ReadonlySet<string> = new Set([
  '2025-07-03',
  '2025-11-28',
  '2025-12-24',
  '2026-11-27',
  '2026-12-24',
  '2027-11-26',
]);

/** YYYY-MM-DD dates (New York) of full-day closures, sorted. */
export function holidayDates(): readonly string[] {
  return [...HOLIDAYS].sort();
}

/** YYYY-MM-DD dates (New York) of early closes, sorted. */
export function earlyCloseDates(): readonly string[] {
  return [...EARLY_CLOSES].sort();
}

export function isEarlyClose(date: string): boolean {
  return EARLY_CLOSES.has(date);
}

/** The first instant after `ms` at which New York clocks show hh:mm. */
export function nextNewYorkTime(ms: number, hh: number, mm: number): number {
  for (let day = 0; day < 3; day++) {
    const probe = newYorkTime(ms + day * 86_400_000);
    const candidate = Date.parse(`${probe.date}T00:00:00Z`) + (hh * 60 + mm - probe.offset) * 60_000;
    if (candidate > ms) return candidate;
  }
  return ms + 86_400_000;
}

function isTradingDay(ny: NewYorkTime): boolean {
  return ny.weekday !== 'Sat' && ny.weekday !== 'Sun' && !HOLIDAYS.has(ny.date);
}

export function sessionPhase(ms: number): SessionPhase {
  // A malformed instant must not throw (Intl rejects it) in a scheduler's hot path.
  if (!Number.isFinite(ms)) return 'closed';
  const ny = newYorkTime(ms);
  if (!isTradingDay(ny)) return 'closed';
  const early = EARLY_CLOSES.has(ny.date);
  const close = early ? 13 * 60 : 16 * 60;
  if (ny.minutes >= 4 * 60 && ny.minutes < 9 * 60 + 30) return 'pre';
  if (ny.minutes >= 9 * 60 + 30 && ny.minutes < close) return 'regular';
  if (ny.minutes >= close && ny.minutes < (early ? 17 : 20) * 60) return 'after';
  return 'closed';
}

/** Minutes after New York midnight at which the phase can change (early closes included). */
const BOUNDARIES = [4 * 60, 9 * 60 + 30, 13 * 60, 16 * 60, 17 * 60, 20 * 60];

/**
 * The first instant after `ms` at which the phase differs from the phase at `ms` (a weekend or a
 * holiday is skipped over in one step). Schedulers sleep until then instead of polling the clock.
 */
export function nextPhaseChange(ms: number): number {
  const current = sessionPhase(ms);
  let t = ms;
  // At most ~4 days of closure (a holiday next to a weekend) times 6 boundaries per day.
  for (let i = 0; i < 40; i++) {
    const candidates = BOUNDARIES.map((m) => nextNewYorkTime(t, Math.floor(m / 60), m % 60));
    t = Math.min(...candidates);
    if (sessionPhase(t) !== current) return t;
  }
  return ms + 86_400_000;
}

/** ISO-8601 with the New York offset, as `serverTime` carries it (2020-11-10T17:37:37-05:00). */
export function newYorkIso(ms: number): string {
  const ny = newYorkTime(ms);
  const local = new Date(ms + ny.offset * 60_000).toISOString().slice(0, 19);
  const sign = ny.offset < 0 ? '-' : '+';
  const abs = Math.abs(ny.offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
