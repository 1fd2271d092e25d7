/**
 * Massive mixes timestamp units (docs/massive-api.md §2.2): WS events are documented in ms but some
 * samples carry µs or ns, REST v2/v3 snapshots use ns, and a few docs claim seconds. Normalising
 * by magnitude is the only rule that survives all of them.
 */

/** Below this a value is taken as seconds (10 digits reach the year 2286). */
const SECONDS_LIMIT = 1e11;
/** Below this, milliseconds (up to 13 digits). */
const MILLIS_LIMIT = 1e14;
/** Below this, microseconds (up to 16 digits); anything larger is nanoseconds. */
const MICROS_LIMIT = 1e17;
/** Fraction of a ms (1 µs) tolerated as float error when truncating µs/ns values. */
const SNAP = 1e-3;

/**
 * Converts an epoch timestamp in s, ms, µs or ns to whole milliseconds, judging the unit by its
 * magnitude. Zero stays zero; a non-finite input is returned unchanged (callers validate first).
 */
export function toMillis(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.abs(value);
  if (magnitude < SECONDS_LIMIT) return Math.trunc(value * 1000);
  if (magnitude < MILLIS_LIMIT) return Math.trunc(value);
  // ns values above 2^53 are already rounded to a multiple of 256, so a value built from whole
  // ms can land a hair below it; the small bias keeps such values on their own millisecond.
  if (magnitude < MICROS_LIMIT) return Math.floor(value / 1e3 + SNAP);
  return Math.floor(value / 1e6 + SNAP);
}

/** Optional timestamp field in any unit → ms, or undefined when absent or not a finite number. */
export function optionalMillis(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? toMillis(value) : undefined;
}
