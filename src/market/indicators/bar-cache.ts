/**
 * The pure half of the on-disk minute-bar cache (issue 6: "no second REST call for a symbol
 * already loaded, across panels and across restarts on the same day"). The shell owns the files:
 *
 *   const key = barCacheKey(symbol, sessionDateOf(now));           // file name under <config>/cache/bars/
 *   text → parseBarCache(text, symbol, date)  → bars | undefined (miss → fetch REST, seed engine)
 *   engine.bars() → serializeBarCache(symbol, date, bars, now) → write (atomically) on shutdown/periodically
 *   listing → isExpiredBarCacheKey(name, today) → delete yesterday's files
 *
 * One file per symbol and New York session date, so a new trading day is a miss by construction.
 */
import type { Bar } from '../../massive/rest-models.js';
import { nyDate } from '../../lib/new-york.js';
import { normalizeBars } from './bars.js';

/** Bumped when the stored shape changes; older files are then misses, never misread. */
export const BAR_CACHE_VERSION = 1;

const KEY_RE = /^bars-1m-(\d{4}-\d{2}-\d{2})-(.+)\.json$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The session date a cache entry belongs to: the New York calendar date of `nowMs`. */
export function sessionDateOf(nowMs: number): string | undefined {
  return nyDate(nowMs);
}

/**
 * File name for a symbol's bars of one session date, safe on every OS: `I:SPX` → `I_SPX`,
 * `O:SPY…` → `O_SPY…` (`:` is not allowed in Windows file names; tickers never contain `_`).
 */
export function barCacheKey(symbol: string, sessionDate: string): string {
  return `bars-1m-${sessionDate}-${symbol.replace(/[^A-Za-z0-9.-]/g, '_')}.json`;
}

/** The date and file-safe symbol of a cache file name, or undefined for any other file. */
export function parseBarCacheKey(
  name: string,
): { readonly sessionDate: string; readonly safeSymbol: string } | undefined {
  const m = KEY_RE.exec(name);
  return m === null ? undefined : { sessionDate: m[1] as string, safeSymbol: m[2] as string };
}

/** True for a cache file of an earlier session date than `today` (safe to delete). */
export function isExpiredBarCacheKey(name: string, today: string): boolean {
  const parsed = parseBarCacheKey(name);
  return parsed !== undefined && parsed.sessionDate < today;
}

interface StoredBarCache {
  readonly v: number;
  readonly symbol: string;
  readonly sessionDate: string;
  readonly savedAt: number;
  /** [timeMs, open, high, low, close, volume|null, vwap|null]: compact, a day is ~1,000 rows. */
  readonly bars: ReadonlyArray<readonly (number | null)[]>;
}

/** JSON text for a cache file. */
export function serializeBarCache(symbol: string, sessionDate: string, bars: readonly Bar[], savedAt: number): string {
  const stored: StoredBarCache = {
    v: BAR_CACHE_VERSION,
    symbol,
    sessionDate,
    savedAt,
    bars: normalizeBars(bars).map((b) => [b.timeMs, b.open, b.high, b.low, b.close, b.volume ?? null, b.vwap ?? null]),
  };
  return JSON.stringify(stored);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What a cache file held, when it is for this symbol and date. */
export interface BarCacheEntry {
  readonly bars: readonly Bar[];
  /** When the file was written (ms); bars after it must come from the stream or a gap fill. */
  readonly savedAt: number;
}

/**
 * Reads cache text back. Undefined (a miss) for invalid JSON, another version, symbol or date;
 * malformed rows are skipped rather than failing the whole file.
 */
export function parseBarCache(text: string, symbol: string, sessionDate: string): BarCacheEntry | undefined {
  if (!DATE_RE.test(sessionDate)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object') return undefined;
  const d = data as Partial<Record<keyof StoredBarCache, unknown>>;
  if (d.v !== BAR_CACHE_VERSION || d.symbol !== symbol || d.sessionDate !== sessionDate || !Array.isArray(d.bars))
    return undefined;
  const savedAt = num(d.savedAt);
  if (savedAt === undefined) return undefined;
  const bars: Bar[] = [];
  for (const row of d.bars as unknown[]) {
    if (!Array.isArray(row)) continue;
    const [t, o, h, l, c, v, vw] = row as unknown[];
    const timeMs = num(t);
    const open = num(o);
    const high = num(h);
    const low = num(l);
    const close = num(c);
    if (timeMs === undefined || open === undefined || high === undefined || low === undefined || close === undefined)
      continue;
    bars.push({ timeMs, open, high, low, close, volume: num(v), vwap: num(vw), trades: undefined });
  }
  return { bars: normalizeBars(bars), savedAt };
}
