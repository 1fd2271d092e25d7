/**
 * How busy the simulated market is at an instant: the session clock drives the market. Pure
 * (the instant comes in), so the model, the delayed replay and tests agree.
 *
 * - closed (nights, weekends, holidays): nothing prints, prices and index values are frozen, and
 *   snapshots keep returning the last values.
 * - pre-market (04:00–09:30 New York) and after-hours (16:00–20:00): stocks trade thinly
 *   (`EXTENDED_ACTIVITY` of the regular rate); options do not trade; index values are not
 *   disseminated (they hold until the open and gap to where the market went, as SPX does).
 * - regular hours: a U-shaped volume profile, busy at the open and into the close, with a lull at
 *   mid-day (`regularActivity`).
 */
import { isEarlyClose } from '../../market/session.js';
import { newYorkTime, sessionPhase, type SessionPhase } from './session.js';

/** Activity of stocks in pre-market and after-hours, relative to the regular-hours average. */
export const EXTENDED_ACTIVITY = 0.12;

export interface SessionActivity {
  readonly phase: SessionPhase;
  /** Multiplier of trade rates for stocks (0 when closed). */
  readonly stocks: number;
  /** Multiplier for option trades and quotes (0 outside regular hours). */
  readonly options: number;
  /** Whether prices move at all (false only when closed). */
  readonly moves: boolean;
  /** Whether index values are calculated and published (regular hours only). */
  readonly indices: boolean;
}

/**
 * Regular-hours multiplier for `minute` minutes after the open of a session lasting `length`
 * minutes: ~3× in the first minutes, ~0.5× around lunch, ~2× into the close. Averages about 1.
 */
export function regularActivity(minute: number, length = 390): number {
  const m = Math.min(Math.max(minute, 0), length);
  return 0.45 + 2.6 * Math.exp(-m / 20) + 1.6 * Math.exp(-(length - m) / 25);
}

const CLOSED: SessionActivity = { phase: 'closed', stocks: 0, options: 0, moves: false, indices: false };

/** The session activity at `ms` (market time). */
export function sessionActivity(ms: number): SessionActivity {
  const phase = sessionPhase(ms);
  if (phase === 'closed') return CLOSED;
  if (phase !== 'regular') return { phase, stocks: EXTENDED_ACTIVITY, options: 0, moves: true, indices: false };
  const ny = newYorkTime(ms);
  // An early-close day (13:00) is 210 minutes long.
  const length = isEarlyClose(ny.date) ? 210 : 390;
  const level = regularActivity(ny.minutes - (9 * 60 + 30), length);
  return { phase, stocks: level, options: level, moves: true, indices: true };
}

/**
 * Caches `sessionActivity` per wall-clock minute: the calendar is evaluated with Intl, which is
 * too slow to call for every simulated second of every instrument.
 */
export class ActivityCache {
  private minute = Number.NaN;
  private value: SessionActivity = CLOSED;

  at(ms: number): SessionActivity {
    const minute = Math.floor(ms / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.value = sessionActivity(minute * 60_000);
    }
    return this.value;
  }
}

/**
 * A demo-friendly start when no time is pinned: `now` when the regular session is open, else the
 * same time of day in the most recent regular session (10:30 New York if that time of day is
 * outside regular hours), so `massive sim` and `--demo` at night still show a moving market.
 */
export function defaultStart(now: number): number {
  if (sessionPhase(now) === 'regular') return now;
  for (let day = 0; day <= 10; day++) {
    const sameTime = now - day * 86_400_000;
    if (day > 0 && sessionPhase(sameTime) === 'regular') return sameTime;
    const ny = newYorkTime(sameTime);
    const tenThirty = sameTime + (10 * 60 + 30 - ny.minutes) * 60_000;
    if (tenThirty <= now && sessionPhase(tenThirty) === 'regular') return tenThirty;
  }
  return now;
}
