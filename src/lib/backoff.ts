/**
 * Full-jitter exponential backoff (AWS architecture blog, "Exponential Backoff and Jitter"):
 * a uniformly random delay in [0, min(cap, base * 2^attempt)). Pure so schedules can be tested
 * with a fixed `random`; shared by the REST retry policy and the proxy's reconnect loop.
 */
export interface BackoffOptions {
  /** First window, ms. @default 250 */
  readonly baseMs?: number;
  /** Largest window, ms. @default 30_000 */
  readonly capMs?: number;
}

export function fullJitterDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 250;
  const cap = options.capMs ?? 30_000;
  const window = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt, 30)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(window * r);
}

/**
 * Parses a Retry-After header (delta-seconds or HTTP-date) into milliseconds from `nowMs`.
 * Returns undefined when absent or unparseable so callers fall back to their own backoff.
 */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
