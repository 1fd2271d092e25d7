/**
 * Ticker symbology (docs/massive-api.md §2.1): plain stock symbols, OCC option tickers with an `O:`
 * prefix and index tickers with an `I:` prefix. Parsers return undefined instead of throwing.
 */
import type { Cluster } from './events.js';

export type OptionRight = 'call' | 'put';

export interface OptionTicker {
  /** Underlying root, 1–6 characters, may carry a digit after corporate actions (AMC1). */
  readonly root: string;
  /** Expiration date, YYYY-MM-DD. */
  readonly expiry: string;
  readonly right: OptionRight;
  /** Strike in dollars (the ticker carries it ×1000 in 8 digits). */
  readonly strike: number;
}

/** date(6) + right(1) + strike(8) at the end of every OCC ticker. */
const OCC_TAIL = /^(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;
const ROOT = /^[A-Z0-9]{1,6}$/;
const INDEX = /^I:[A-Za-z0-9]+$/;
const STOCK = /^[A-Z](?:[A-Z0-9.-]{0,8}[A-Z0-9])?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_STRIKE_MILLIS = 99_999_999;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Parses `O:SPY261218C00650000` into its parts, reading from the right because roots vary in
 * length. Returns undefined for anything malformed, including impossible dates.
 */
export function parseOptionTicker(ticker: string): OptionTicker | undefined {
  if (typeof ticker !== 'string' || !ticker.startsWith('O:')) return undefined;
  let parsed = parsedTickers.get(ticker);
  if (parsed === undefined) {
    if (parsedTickers.size >= PARSED_TICKERS_MAX) parsedTickers.clear();
    parsed = parseOcc(ticker) ?? null;
    parsedTickers.set(ticker, parsed);
  }
  return parsed ?? undefined;
}

// Every option print and quote is parsed on its way in, by the client, the store and the flow
// aggregator, and the same few hundred contracts trade all day: remember the answers (frozen, as
// they are shared). Cleared when full rather than tracked as an LRU.
const PARSED_TICKERS_MAX = 20_000;
const parsedTickers = new Map<string, OptionTicker | null>();

function parseOcc(ticker: string): OptionTicker | undefined {
  const body = ticker.slice(2);
  if (body.length < 16 || body.length > 21) return undefined;
  const root = body.slice(0, -15);
  const tail = OCC_TAIL.exec(body.slice(-15));
  if (!ROOT.test(root) || tail === null) return undefined;
  const [, yy, mm, dd, cp, strike] = tail as unknown as [string, string, string, string, string, string];
  const year = 2000 + Number(yy);
  if (!isRealDate(year, Number(mm), Number(dd))) return undefined;
  return Object.freeze({
    root,
    expiry: `${year}-${mm}-${dd}`,
    right: cp === 'C' ? 'call' : 'put',
    strike: Number(strike) / 1000,
  });
}

/**
 * Builds the OCC ticker for a contract. Returns undefined when a part cannot be represented
 * (root not 1–6 upper-case characters, expiry outside 2000–2099, strike not in 0–99999.999).
 */
export function formatOptionTicker(option: OptionTicker): string | undefined {
  const root = typeof option.root === 'string' ? option.root.toUpperCase() : '';
  if (!ROOT.test(root)) return undefined;
  const date = ISO_DATE.exec(option.expiry);
  if (date === null) return undefined;
  const [, yyyy, mm, dd] = date as unknown as [string, string, string, string];
  const year = Number(yyyy);
  if (year < 2000 || year > 2099 || !isRealDate(year, Number(mm), Number(dd))) return undefined;
  if (option.right !== 'call' && option.right !== 'put') return undefined;
  if (typeof option.strike !== 'number' || !Number.isFinite(option.strike)) return undefined;
  const millis = Math.round(option.strike * 1000);
  if (millis < 0 || millis > MAX_STRIKE_MILLIS) return undefined;
  const right = option.right === 'call' ? 'C' : 'P';
  return `O:${root}${yyyy.slice(2)}${mm}${dd}${right}${String(millis).padStart(8, '0')}`;
}

export function isOptionTicker(symbol: string): boolean {
  return parseOptionTicker(symbol) !== undefined;
}

/** `I:SPX`, `I:VIX`, … (the WS parameter pattern `^I:[a-zA-Z0-9]+$`). */
export function isIndexTicker(symbol: string): boolean {
  return typeof symbol === 'string' && INDEX.test(symbol);
}

/** Upper-case letters, digits, `.` and `-`, 1–10 characters, starting with a letter and ending alphanumeric (BRK.B, BF-B). */
export function isValidStockSymbol(symbol: string): boolean {
  return typeof symbol === 'string' && STOCK.test(symbol);
}

/** Which WebSocket cluster serves a ticker, or undefined when it is none of ours. */
export function classifySymbol(symbol: string): Cluster | undefined {
  if (isValidStockSymbol(symbol)) return 'stocks';
  if (isOptionTicker(symbol)) return 'options';
  if (isIndexTicker(symbol)) return 'indices';
  return undefined;
}

/**
 * Cleans a symbol typed by a user (`spy`, ` nvda `, `i:spx`, `o:spy261218c00650000`) into the
 * case-sensitive upper-case form the API expects, or undefined when it cannot be a ticker.
 */
export function normalizeUserSymbol(input: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  const upper = input.trim().toUpperCase();
  return classifySymbol(upper) === undefined ? undefined : upper;
}

/** Index option roots and their underlying index (weeklies trade under their own root, as on CBOE). */
const INDEX_OPTION_ROOTS: Readonly<Record<string, string>> = {
  SPX: 'I:SPX',
  SPXW: 'I:SPX',
  XSP: 'I:XSP',
  NDX: 'I:NDX',
  NDXP: 'I:NDX',
  VIX: 'I:VIX',
  VIXW: 'I:VIX',
  RUT: 'I:RUT',
  RUTW: 'I:RUT',
  DJX: 'I:DJI',
};

/**
 * The underlying ticker of an option root: `SPY` → `SPY`, `SPXW` → `I:SPX`, `AMC1` (adjusted after
 * a corporate action) → `AMC`.
 */
export function underlyingOfRoot(root: string): string {
  return INDEX_OPTION_ROOTS[root] ?? root.replace(/\d+$/, '');
}
