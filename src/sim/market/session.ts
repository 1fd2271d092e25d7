/**
 * The US equity session clock in America/New_York, for /v1/marketstatus/now. Pure: the instant
 * comes in as a parameter so tests can pin pre-market, regular hours, after-hours and holidays.
 */
import { earlyCloseDates, holidayDates, isEarlyClose, newYorkIso, sessionPhase } from '../../market/session.js';
import { newYorkTime } from '../../lib/new-york.js';

// The calendar itself lives in market/ (the client's poller needs it too); re-exported for the sim.
export { newYorkIso, nextNewYorkTime, sessionPhase, type SessionPhase } from '../../market/session.js';
export { newYorkTime, type NewYorkTime } from '../../lib/new-york.js';

const HOLIDAY_NAMES: Record<string, string> = {
  '01-01': "New Year's Day",
  '01-09': 'National Day of Mourning',
  '06-19': 'Juneteenth',
  '07-03': 'Independence Day',
  '07-04': 'Independence Day',
  '07-05': 'Independence Day',
  '12-24': 'Christmas',
  '12-25': 'Christmas',
};

/** The bare /v1/marketstatus/upcoming array: holidays and early closes from `ms` on, per exchange. */
export function upcomingHolidays(ms: number): Record<string, unknown>[] {
  const today = newYorkTime(ms).date;
  const days = [...holidayDates(), ...earlyCloseDates()]
    .filter((d) => d >= today)
    .sort()
    .slice(0, 12);
  const out: Record<string, unknown>[] = [];
  for (const date of days) {
    const early = isEarlyClose(date);
    const name = HOLIDAY_NAMES[date.slice(5)] ?? (early ? 'Early Close' : 'Market Holiday');
    const utc = (hh: number, mm: number) =>
      new Date(
        Date.parse(`${date}T00:00:00Z`) + (hh * 60 + mm - newYorkTime(Date.parse(`${date}T12:00:00Z`)).offset) * 60_000,
      ).toISOString();
    for (const exchange of ['NYSE', 'NASDAQ']) {
      out.push(
        early
          ? { date, exchange, name, status: 'early-close', open: utc(9, 30), close: utc(13, 0) }
          : { date, exchange, name, status: 'closed' },
      );
    }
  }
  return out;
}

/** The bare /v1/marketstatus/now body. */
export function marketStatusBody(ms: number): Record<string, unknown> {
  const phase = sessionPhase(ms);
  const market = phase === 'regular' ? 'open' : phase === 'closed' ? 'closed' : 'extended-hours';
  const ny = newYorkTime(ms);
  const indexOpen = phase === 'closed' && (ny.weekday === 'Sat' || ny.weekday === 'Sun') ? 'closed' : 'open';
  return {
    market,
    serverTime: newYorkIso(ms),
    earlyHours: phase === 'pre',
    afterHours: phase === 'after',
    exchanges: { nyse: market, nasdaq: market, otc: phase === 'regular' ? 'open' : 'closed' },
    currencies: { fx: ny.weekday === 'Sat' ? 'closed' : 'open', crypto: 'open' },
    indicesGroups: {
      s_and_p: indexOpen,
      societe_generale: indexOpen,
      msci: indexOpen,
      ftse_russell: indexOpen,
      mstar: indexOpen,
      mstarc: indexOpen,
      cccy: indexOpen,
      cgi: indexOpen,
      nasdaq: indexOpen,
      dow_jones: indexOpen,
    },
  };
}
