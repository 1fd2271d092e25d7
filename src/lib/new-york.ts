/**
 * New York wall-clock time of an instant: the one place the product asks Intl about
 * America/New_York. Massive's calendar is New York's (session hours, the day a bar or a refusal
 * belongs to, option expiries), and the proxy, the CLI, the analytics and the simulator all need
 * it, so it lives in lib/, the one module all of them may import. Node's ICU data carries the
 * time-zone rules, so no tz library is needed.
 */

const FORMAT = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
});

export interface NewYorkTime {
  /** Calendar date, YYYY-MM-DD. */
  readonly date: string;
  /** Minutes since New York midnight (0–1439). */
  readonly minutes: number;
  readonly weekday: string;
  /** Offset from UTC in minutes (-300 in winter, -240 in summer). */
  readonly offset: number;
}

/** Intl's answer, the reference; slow (formatToParts costs microseconds per call). */
export function newYorkTimeIntl(ms: number): NewYorkTime {
  const parts: Record<string, string> = {};
  for (const p of FORMAT.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const hh = Number(parts.hour);
  const mm = Number(parts.minute);
  const ss = Number(parts.second);
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hh, mm, ss);
  return {
    date,
    minutes: hh * 60 + mm,
    weekday: parts.weekday ?? '',
    offset: Math.round((asUtc - (ms - (ms % 1000))) / 60_000),
  };
}

// Every trade asks for its New York date (VWAP sessions, flow days, the simulator's bars), and
// Intl is the slowest thing on that path. New York's offset only changes at 2:00 local time,
// which is always on a UTC hour (07:00 UTC in March, 06:00 UTC in November), so one Intl call per
// UTC hour gives the offset and plain arithmetic does the rest.
const HOUR_MS = 3_600_000;
const offsets = new Map<number, number>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Throws a RangeError for a non-finite instant (Intl's rule); `nyDate` is the guarded form. */
export function newYorkTime(ms: number): NewYorkTime {
  if (!Number.isFinite(ms)) return newYorkTimeIntl(ms);
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    if (offsets.size >= 10_000) offsets.clear();
    offset = newYorkTimeIntl(hour * HOUR_MS).offset;
    offsets.set(hour, offset);
  }
  const local = new Date(ms + offset * 60_000);
  const year = local.getUTCFullYear();
  // Four-digit years only: Intl writes others its own way, so they take the slow path.
  if (year < 1000 || year > 9999) return newYorkTimeIntl(ms);
  return {
    date: `${year}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
    weekday: WEEKDAYS[local.getUTCDay()] as string,
    offset,
  };
}

/** The New York calendar date (YYYY-MM-DD) of an instant; undefined for a non-finite input. */
export function nyDate(timeMs: number): string | undefined {
  return Number.isFinite(timeMs) ? newYorkTime(timeMs).date : undefined;
}
