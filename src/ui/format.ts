/**
 * Pure formatters for the screen. Every one returns '' for a missing or non-finite value: the UI
 * leaves a blank rather than inventing a placeholder number. Locale is fixed to en-US so the
 * layout (and the tests) do not depend on the user's machine.
 */

type Sign = 'negative' | 'exceptZero';
const formats = new Map<string, Intl.NumberFormat>();

/**
 * `negative` drops the sign of a value that rounds to zero (-0.001 → "0.00"); `exceptZero` also
 * adds "+" to positives, which is what a change column wants.
 */
function numberFormat(decimals: number, signDisplay: Sign): Intl.NumberFormat {
  const key = `${decimals}:${signDisplay}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      signDisplay,
    });
    formats.set(key, f);
  }
  return f;
}

function isNumber(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

/** Sub-dollar stocks trade in hundredths of a cent, so they get four decimals. */
function priceDecimals(value: number): number {
  return Math.abs(value) < 1 && value !== 0 ? 4 : 2;
}

/** `5123.456` → `5,123.46`; `0.51234` → `0.5123`. */
export function formatPrice(value: number | undefined): string {
  if (!isNumber(value)) return '';
  return numberFormat(priceDecimals(value), 'negative').format(value);
}

/**
 * An option premium per share: options trade in cents (penny and nickel ticks), so always two
 * decimals, whatever the price (`0.40`, not `0.4000`).
 */
export function formatOptionPrice(value: number | undefined): string {
  if (!isNumber(value)) return '';
  return numberFormat(2, 'negative').format(value);
}

/**
 * A print's size in contracts or shares, exact with thousands separators (`1,000`, not `1.0K`);
 * from 100,000 on, abbreviated like volume so it still fits a six-character column.
 */
export function formatSize(value: number | undefined): string {
  if (!isNumber(value)) return '';
  return Math.abs(value) < 100_000 ? numberFormat(0, 'negative').format(value) : formatVolume(value);
}

/**
 * Signed price change: `+1.23`, `-0.45`, `0.00`. It takes the precision of `price` (a 5-cent
 * move on a $500 stock is `+0.05`, on a $0.50 stock `+0.0500`), two decimals without one.
 */
export function formatChange(value: number | undefined, price?: number): string {
  if (!isNumber(value)) return '';
  const decimals = isNumber(price) ? priceDecimals(price) : 2;
  return numberFormat(decimals, 'exceptZero').format(value);
}

/** Signed percent; the input is already in percent units (1.5 means 1.5%): `+1.50%`. */
export function formatPct(value: number | undefined): string {
  if (!isNumber(value)) return '';
  return `${numberFormat(2, 'exceptZero').format(value)}%`;
}

const volumeUnits = ['', 'K', 'M', 'B', 'T'] as const;

/** Compact share volume: `999`, `1.2K`, `12.3M`, `123M`, `1.5B`. */
export function formatVolume(value: number | undefined): string {
  if (!isNumber(value) || value < 0) return '';
  let scaled = value;
  let unit = 0;
  // Near 1000 the display rounds to whole units, so 999.6K must already read 1.0M.
  while (unit < volumeUnits.length - 1 && Math.round(scaled) >= 1000) {
    scaled /= 1000;
    unit += 1;
  }
  if (unit === 0) return String(Math.round(scaled));
  // One decimal while it is informative (1.2M); beyond 100 it only adds width (123M).
  const text = scaled >= 99.95 ? String(Math.round(scaled)) : scaled.toFixed(1);
  return `${text}${volumeUnits[unit]}`;
}

/**
 * Age of the last update: `0.4s` under 10 s (sub-second freshness matters on a live feed), then
 * `12s`, `3m`, `2h`, `4d`. A negative age (market clock slightly ahead of ours) reads `0.0s`.
 */
export function formatAge(ms: number | undefined): string {
  if (!isNumber(ms)) return '';
  const age = Math.max(0, ms);
  if (age < 9_950) return `${(Math.floor(age / 100) / 10).toFixed(1)}s`;
  if (age < 60_000) return `${Math.floor(age / 1000)}s`;
  if (age < 3_600_000) return `${Math.floor(age / 60_000)}m`;
  if (age < 86_400_000) return `${Math.floor(age / 3_600_000)}h`;
  return `${Math.floor(age / 86_400_000)}d`;
}

/** A rate-limit window: `60000` → `1m`, `1000` → `1s`, `90000` → `90s`. */
export function formatWindow(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** Direction of a change, for colouring: a value that rounds to zero is flat. */
export function direction(change: number | undefined): 'up' | 'down' | 'flat' {
  if (!isNumber(change) || Math.abs(change) < 0.005) return 'flat';
  return change > 0 ? 'up' : 'down';
}

/** Pads or truncates `text` to exactly `width` characters (truncation marks itself with `…`). */
export function fit(text: string, width: number, align: 'left' | 'right'): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

/** Dollars, compact: `$950`, `$12.5K`, `$1.2M`, `$3.4B`. */
export function formatMoney(value: number | undefined): string {
  if (!isNumber(value)) return '';
  const sign = value < 0 ? '-' : '';
  const v = formatVolume(Math.abs(value));
  return v === '' ? '' : `${sign}$${v}`;
}

/** A strike without trailing zeros: `650`, `652.5`. */
export function formatStrike(value: number | undefined): string {
  if (!isNumber(value)) return '';
  return String(Math.round(value * 1000) / 1000);
}

/** A contract by strike and right, as traders write it: `650C`, `652.5P`. */
export function formatContract(strike: number, right: 'call' | 'put'): string {
  return `${formatStrike(strike)}${right === 'call' ? 'C' : 'P'}`;
}

/** Implied volatility given as a fraction: `0.2345` → `23.5%`. */
export function formatIv(value: number | undefined): string {
  if (!isNumber(value) || value < 0) return '';
  return `${(value * 100).toFixed(1)}%`;
}

const clockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Market time of day, in New York (where the session is defined): `09:31:05`. */
export function formatClock(ms: number | undefined): string {
  if (!isNumber(ms)) return '';
  return clockFormat.format(ms);
}

/** A plain number with fixed decimals, no sign games: `55.2`. */
export function formatFixed(value: number | undefined, decimals: number): string {
  if (!isNumber(value)) return '';
  return numberFormat(decimals, 'negative').format(value);
}
