/**
 * The US equity session clock in America/New_York, for /v1/marketstatus/now. Pure: the instant
 * comes in as a parameter so tests can pin pre-market, regular hours, after-hours and holidays.
 */
export type SessionPhase = 'pre' | 'regular' | 'after' | 'closed';

/** NYSE full-day holidays 2025–2027. */
const HOLIDAYS = new Set([
  '2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25',
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25',
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24',
]);

const HOLIDAY_NAMES: Record<string, string> = {
  '01-01': "New Year's Day", '01-09': 'National Day of Mourning', '06-19': 'Juneteenth', '07-03': 'Independence Day',
  '07-04': 'Independence Day', '07-05': 'Independence Day', '12-24': 'Christmas', '12-25': 'Christmas',
};

/** The bare /v1/marketstatus/upcoming array: holidays and early closes from `ms` on, per exchange. */
export function upcomingHolidays(ms: number): Record<string, unknown>[] {
  const today = newYorkTime(ms).date;
  const days = [...HOLIDAYS, ...EARLY_CLOSES].filter((d) => d >= today).sort().slice(0, 12);
  const out: Record<string, unknown>[] = [];
  for (const date of days) {
    const early = EARLY_CLOSES.has(date);
    const name = HOLIDAY_NAMES[date.slice(5)] ?? (early ? 'Early Close' : 'Market Holiday');
    const utc = (hh: number, mm: number) => new Date(Date.parse(`${date}T00:00:00Z`) + ((hh * 60 + mm) - newYorkTime(Date.parse(`${date}T12:00:00Z`)).offset) * 60_000).toISOString();
    for (const exchange of ['NYSE', 'NASDAQ']) {
      out.push(early
        ? { date, exchange, name, status: 'early-close', open: utc(9, 30), close: utc(13, 0) }
        : { date, exchange, name, status: 'closed' });
    }
  }
  return out;
}

/** Days the regular session ends at 13:00 (and after-hours at 17:00). */
const EARLY_CLOSES = new Set(['2025-07-03', '2025-11-28', '2025-12-24', '2026-11-27', '2026-12-24', '2027-11-26']);

const FORMAT = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
});

export interface NewYorkTime {
  readonly date: string;
  readonly minutes: number;
  readonly weekday: string;
  /** Offset from UTC in minutes (-300 in winter, -240 in summer). */
  readonly offset: number;
}

export function newYorkTime(ms: number): NewYorkTime {
  const parts: Record<string, string> = {};
  for (const p of FORMAT.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const hh = Number(parts.hour);
  const mm = Number(parts.minute);
  const ss = Number(parts.second);
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hh, mm, ss);
  return { date, minutes: hh * 60 + mm, weekday: parts.weekday ?? '', offset: Math.round((asUtc - (ms - (ms % 1000))) / 60_000) };
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

export function sessionPhase(ms: number): SessionPhase {
  const ny = newYorkTime(ms);
  if (ny.weekday === 'Sat' || ny.weekday === 'Sun' || HOLIDAYS.has(ny.date)) return 'closed';
  const early = EARLY_CLOSES.has(ny.date);
  const close = early ? 13 * 60 : 16 * 60;
  if (ny.minutes >= 4 * 60 && ny.minutes < 9 * 60 + 30) return 'pre';
  if (ny.minutes >= 9 * 60 + 30 && ny.minutes < close) return 'regular';
  if (ny.minutes >= close && ny.minutes < (early ? 17 : 20) * 60) return 'after';
  return 'closed';
}

/** ISO-8601 with the New York offset, as `serverTime` carries it (2020-11-10T17:37:37-05:00). */
export function newYorkIso(ms: number): string {
  const ny = newYorkTime(ms);
  const local = new Date(ms + ny.offset * 60_000).toISOString().slice(0, 19);
  const sign = ny.offset < 0 ? '-' : '+';
  const abs = Math.abs(ny.offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The bare /v1/marketstatus/now body. */
export function marketStatusBody(ms: number): Record<string, unknown> {
  const phase = sessionPhase(ms);
  const market = phase === 'regular' ? 'open' : phase === 'closed' ? 'closed' : 'extended-hours';
  const ny = newYorkTime(ms);
  const indexOpen = phase === 'closed' && (ny.weekday === 'Sat' || ny.weekday === 'Sun') ? 'closed' : 'open';
  return {
    market, serverTime: newYorkIso(ms), earlyHours: phase === 'pre', afterHours: phase === 'after',
    exchanges: { nyse: market, nasdaq: market, otc: phase === 'regular' ? 'open' : 'closed' },
    currencies: { fx: ny.weekday === 'Sat' ? 'closed' : 'open', crypto: 'open' },
    indicesGroups: { s_and_p: indexOpen, societe_generale: indexOpen, msci: indexOpen, ftse_russell: indexOpen, mstar: indexOpen, mstarc: indexOpen, cccy: indexOpen, cgi: indexOpen, nasdaq: indexOpen, dow_jones: indexOpen },
  };
}
