/**
 * Option chain (`/v3/snapshot/options/{underlying}`) and single contract snapshot parsers
 * (docs/massive-api.md §3.5). Contract identity (ticker, type, expiry, strike) is required: it comes
 * from `details`, falling back to the OCC ticker itself when a detail is missing.
 */
import type { Greeks, OptionContractSnapshot, RestParseResult } from './rest-models.js';
import {
  isRecord,
  millis,
  nonEmpty,
  nonNeg,
  num,
  numberList,
  parseListResponse,
  parseOneResponse,
  positive,
  rec,
  str,
  type Obj,
} from './rest-guards.js';
import { parseOptionTicker } from './symbology.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-02-30` has the shape of a date but is none; the OCC ticker's own date is used instead. */
function isRealDate(text: string): boolean {
  return ISO_DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

function parseGreeks(value: Obj | undefined): Greeks | undefined {
  if (value === undefined) return undefined;
  const greeks = {
    delta: num(value['delta']),
    gamma: num(value['gamma']),
    theta: num(value['theta']),
    vega: num(value['vega']),
  };
  return Object.values(greeks).every((g) => g === undefined) ? undefined : greeks;
}

function contractType(value: unknown, fallback: 'call' | 'put' | undefined): 'call' | 'put' | 'other' | undefined {
  return value === 'call' || value === 'put' || value === 'other' ? value : fallback;
}

/** One contract object of the chain, or the reason it was skipped. */
export function parseOptionContractItem(item: unknown): OptionContractSnapshot | string {
  if (!isRecord(item)) return 'not an object';
  const details = rec(item['details']);
  if (details === undefined) return 'missing details';
  const ticker = nonEmpty(details['ticker']);
  if (ticker === undefined) return 'missing details.ticker';
  const occ = parseOptionTicker(ticker);
  const type = contractType(details['contract_type'], occ?.right);
  if (type === undefined) return 'missing contract_type';
  const expiryRaw = str(details['expiration_date']);
  const expiry = expiryRaw !== undefined && isRealDate(expiryRaw) ? expiryRaw : occ?.expiry;
  if (expiry === undefined) return 'missing expiration_date';
  const strike = positive(details['strike_price']) ?? positive(occ?.strike);
  if (strike === undefined) return 'missing strike_price';
  const day = rec(item['day']);
  const quote = rec(item['last_quote']);
  const trade = rec(item['last_trade']);
  const underlying = rec(item['underlying_asset']);
  const quoteUpdatedMs = millis(quote?.['last_updated']);
  const lastTradeMs = millis(trade?.['sip_timestamp']);
  const dayUpdatedMs = millis(day?.['last_updated']);
  const updates = [quoteUpdatedMs, lastTradeMs, dayUpdatedMs].filter((v): v is number => v !== undefined);
  return {
    ticker,
    root: occ?.root ?? ticker.replace(/^O:/, '').slice(0, -15),
    contractType: type,
    exerciseStyle: str(details['exercise_style']),
    expiry,
    strike,
    sharesPerContract: positive(details['shares_per_contract']) ?? 100,
    open: positive(day?.['open']),
    high: positive(day?.['high']),
    low: positive(day?.['low']),
    close: positive(day?.['close']),
    volume: nonNeg(day?.['volume']),
    vwap: positive(day?.['vwap']),
    change: num(day?.['change']),
    changePct: num(day?.['change_percent']),
    prevClose: positive(day?.['previous_close']),
    bid: nonNeg(quote?.['bid']),
    ask: nonNeg(quote?.['ask']),
    bidSize: nonNeg(quote?.['bid_size']),
    askSize: nonNeg(quote?.['ask_size']),
    midpoint: nonNeg(quote?.['midpoint']),
    quoteUpdatedMs,
    lastPrice: nonNeg(trade?.['price']),
    lastSize: nonNeg(trade?.['size']),
    lastExchange: num(trade?.['exchange']),
    lastConditions: numberList(trade?.['conditions']),
    lastTradeMs,
    greeks: parseGreeks(rec(item['greeks'])),
    impliedVolatility: nonNeg(item['implied_volatility']),
    openInterest: nonNeg(item['open_interest']),
    breakEven: positive(item['break_even_price']),
    underlyingTicker: str(underlying?.['ticker']),
    underlyingPrice: positive(underlying?.['price']) ?? positive(underlying?.['value']),
    underlyingUpdatedMs: millis(underlying?.['last_updated']),
    fmv: positive(item['fmv']),
    updatedMs: updates.length === 0 ? undefined : Math.max(...updates),
  };
}

/** `GET /v3/snapshot/options/{underlying}` → contracts of one page; follow `nextUrl` for more. */
export function parseOptionChain(body: unknown): RestParseResult<OptionContractSnapshot[]> {
  return parseListResponse(body, 'results', parseOptionContractItem);
}

/** `GET /v3/snapshot/options/{underlying}/{contract}` → one contract (`results` is an object). */
export function parseOptionContractSnapshot(body: unknown): RestParseResult<OptionContractSnapshot> {
  return parseOneResponse(body, 'results', parseOptionContractItem);
}
