/**
 * `massive chain` options → the query sent to Massive. Pure: `today` is a parameter, so --dte
 * is testable. Every check throws a USAGE error (exit 2) that says what was expected.
 */
import type { OptionChainFilters } from '../massive/endpoints.js';
import { classifySymbol, normalizeUserSymbol } from '../massive/symbology.js';
import { newYorkTime } from '../lib/new-york.js';
import { usageError } from './exit.js';
import { intOption } from './option-parsers.js';

export interface ChainOptions {
  readonly expiry?: string;
  readonly dte?: string;
  readonly type?: string;
  readonly strike?: string;
  readonly moneyness?: string;
  readonly limit?: string;
}

export interface NumberRange {
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export interface ChainQuery {
  readonly underlying: string;
  /** Filters known before the spot price (expiry, type, strike). */
  readonly filters: OptionChainFilters;
  /** Strike as a multiple of spot; the caller fetches spot and calls `strikeRangeFromMoneyness`. */
  readonly moneyness: NumberRange | undefined;
  /** Most contracts to return; undefined for the whole (filtered) chain. */
  readonly limit: number | undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Massive's page-size maximum for the chain snapshot (docs/massive-api.md §3.5). */
export const MAX_PAGE_SIZE = 250;
/** Ten years of days to expiry. */
const MAX_DTE = 3650;

function isRealDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * `a..b`, `a..`, `..b` or a single `a` (min = max). Numbers must be finite and ≥ 0 (whole with
 * `integer`); min must not exceed max.
 */
export function parseRange(flag: string, text: string, opts: { readonly integer?: boolean } = {}): NumberRange {
  const parts = text.includes('..') ? text.split('..') : [text, text];
  if (parts.length !== 2 || (parts[0]!.trim() === '' && parts[1]!.trim() === '')) {
    throw usageError(`--${flag} takes a number or a range like 10..20, got ${JSON.stringify(text)}`);
  }
  const [min, max] = parts.map((p) => {
    const t = p.trim();
    if (t === '') return undefined;
    const n = Number(t);
    if (!Number.isFinite(n) || n < 0 || (opts.integer && !Number.isInteger(n))) {
      throw usageError(`--${flag}: ${JSON.stringify(t)} is not a ${opts.integer ? 'whole number' : 'number'} ≥ 0`);
    }
    return n;
  }) as [number | undefined, number | undefined];
  if (min !== undefined && max !== undefined && min > max)
    throw usageError(`--${flag}: ${min} is above ${max}; write the range low..high`);
  return { min, max };
}

/** `today` (YYYY-MM-DD) plus `days`, as a calendar date. */
export function addDays(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Today's date in New York, where option expiries are defined (lib/new-york.ts's calendar). */
export function marketDate(nowMs: number): string {
  return newYorkTime(nowMs).date;
}

function expiryFilters(opts: ChainOptions, today: string): OptionChainFilters {
  if (opts.expiry !== undefined && opts.dte !== undefined) throw usageError('give either --expiry or --dte, not both');
  if (opts.expiry !== undefined) {
    const parts = opts.expiry.includes('..') ? opts.expiry.split('..') : [opts.expiry, opts.expiry];
    const [from, to] = parts;
    // `--expiry ''`, `..` or `a..b..c` name no range: refused rather than sent as an empty filter.
    if (parts.length !== 2 || [from, to].some((d) => d !== '' && !isRealDate(d!)) || (!from && !to))
      throw usageError(`--expiry takes a date like 2026-12-18 (or a range a..b), got ${JSON.stringify(opts.expiry)}`);
    if (from === to) return { expirationDate: from! };
    if (from && to && from > to) throw usageError(`--expiry: ${from} is after ${to}`);
    return { ...(from ? { expirationDateGte: from } : {}), ...(to ? { expirationDateLte: to } : {}) };
  }
  if (opts.dte !== undefined) {
    const { min, max } = parseRange('dte', opts.dte, { integer: true });
    // Past ten years the date leaves YYYY-MM-DD (or Date's range) and no option is listed there
    // anyway: the longest, LEAPS, run about three years.
    if ((max ?? min ?? 0) > MAX_DTE)
      throw usageError(`--dte: at most ${MAX_DTE} days, got ${JSON.stringify(opts.dte)}`);
    if (min !== undefined && min === max) return { expirationDate: addDays(today, min) };
    return {
      ...(min !== undefined ? { expirationDateGte: addDays(today, min) } : {}),
      ...(max !== undefined ? { expirationDateLte: addDays(today, max) } : {}),
    };
  }
  return {};
}

/** Validates every option and builds the query; throws USAGE errors. */
export function buildChainQuery(symbol: string, opts: ChainOptions, today: string): ChainQuery {
  const underlying = normalizeUserSymbol(symbol);
  if (!underlying || classifySymbol(underlying) === 'options') {
    throw usageError(`${JSON.stringify(symbol)} is not an underlying ticker; try SPY or I:SPX`);
  }
  if (opts.strike !== undefined && opts.moneyness !== undefined)
    throw usageError('give either --strike or --moneyness, not both');
  let contractType: 'call' | 'put' | undefined;
  if (opts.type !== undefined) {
    const t = opts.type.trim().toLowerCase();
    contractType =
      t === 'call' || t === 'c' || t === 'calls'
        ? 'call'
        : t === 'put' || t === 'p' || t === 'puts'
          ? 'put'
          : undefined;
    if (!contractType) throw usageError(`--type takes call or put, got ${JSON.stringify(opts.type)}`);
  }
  let strike: OptionChainFilters = {};
  if (opts.strike !== undefined) {
    const { min, max } = parseRange('strike', opts.strike);
    strike = min !== undefined && min === max ? { strikePrice: min } : { strikePriceGte: min, strikePriceLte: max };
  }
  let moneyness: NumberRange | undefined;
  if (opts.moneyness !== undefined) {
    moneyness = parseRange('moneyness', opts.moneyness);
    if (moneyness.min === 0 && moneyness.max === 0) throw usageError('--moneyness is strike ÷ spot, e.g. 0.95..1.05');
  }
  const limit = opts.limit === undefined ? undefined : intOption('limit', opts.limit, 0, { min: 1 });
  return {
    underlying,
    filters: {
      ...expiryFilters(opts, today),
      ...(contractType ? { contractType } : {}),
      ...strike,
      limit: Math.min(MAX_PAGE_SIZE, limit ?? MAX_PAGE_SIZE),
    },
    moneyness,
    limit,
  };
}

/**
 * Turns moneyness (strike ÷ spot) into the strike range Massive filters on. The bounds are
 * widened to the cent so a strike exactly at the boundary is not lost to rounding.
 */
export function strikeRangeFromMoneyness(moneyness: NumberRange, spot: number): OptionChainFilters {
  return {
    ...(moneyness.min !== undefined ? { strikePriceGte: Math.floor(moneyness.min * spot * 100) / 100 } : {}),
    ...(moneyness.max !== undefined ? { strikePriceLte: Math.ceil(moneyness.max * spot * 100) / 100 } : {}),
  };
}
