/**
 * Validating parsers for the REST responses the product uses: stock and index snapshots and
 * error bodies here; options in rest-parse-options.ts, bars in rest-parse-aggs.ts. Every parser
 * takes the body (parsed JSON or its text), skips and reports malformed items, and never throws;
 * the envelope and the list or object in it are read by rest-guards.ts for all of them.
 */
import type { IndexSnapshotError, IndexSnapshotItem, RestParseResult, StockSnapshot } from './rest-models.js';
import {
  changeFrom,
  isRecord,
  millis,
  nonEmpty,
  nonNeg,
  num,
  parseErrorBody,
  parseListResponse,
  parseOneResponse,
  positive,
  rec,
  str,
} from './rest-guards.js';

export { parseErrorBody };

function latest(...values: Array<number | undefined>): number | undefined {
  let best: number | undefined;
  for (const value of values) if (value !== undefined && (best === undefined || value > best)) best = value;
  return best;
}

/** One v2 ticker snapshot object (§3.3). Zeroes in day/min mean "reset overnight", not a price. */
export function parseStockSnapshotItem(item: unknown): StockSnapshot | string {
  if (!isRecord(item)) return 'not an object';
  const ticker = nonEmpty(item['ticker']);
  if (ticker === undefined) return 'missing ticker';
  const day = rec(item['day']);
  const min = rec(item['min']);
  const prevDay = rec(item['prevDay']);
  const trade = rec(item['lastTrade']);
  const quote = rec(item['lastQuote']);
  const price = positive(trade?.['p']) ?? positive(min?.['c']) ?? positive(day?.['c']);
  const prevClose = positive(prevDay?.['c']);
  const { change, changePct } = changeFrom(price, prevClose, {
    change: num(item['todaysChange']),
    changePct: num(item['todaysChangePerc']),
  });
  return {
    ticker,
    price,
    prevClose,
    change,
    changePct,
    bid: positive(quote?.['p']),
    ask: positive(quote?.['P']),
    bidSize: nonNeg(quote?.['s']),
    askSize: nonNeg(quote?.['S']),
    open: positive(day?.['o']),
    high: positive(day?.['h']),
    low: positive(day?.['l']),
    volume: nonNeg(day?.['v']),
    vwap: positive(day?.['vw']),
    fmv: positive(item['fmv']),
    updatedMs: millis(item['updated']) ?? latest(millis(trade?.['t']), millis(quote?.['t'])) ?? millis(min?.['t']),
  };
}

/** `GET /v2/snapshot/locale/us/markets/stocks/tickers/{ticker}` → `{ ticker: {...} }`. */
export function parseStockSnapshotSingle(body: unknown): RestParseResult<StockSnapshot> {
  return parseOneResponse(body, 'ticker', parseStockSnapshotItem);
}

/** `GET /v2/snapshot/locale/us/markets/stocks/tickers?tickers=…` → `{ tickers: [...] }`. */
export function parseStockSnapshots(body: unknown): RestParseResult<StockSnapshot[]> {
  return parseListResponse(body, 'tickers', parseStockSnapshotItem);
}

export function isIndexSnapshotError(item: IndexSnapshotItem): item is IndexSnapshotError {
  return 'error' in item;
}

/** One `/v3/snapshot/indices` (or unified `/v3/snapshot`) item, including the inline error form. */
export function parseIndexSnapshotItem(item: unknown): IndexSnapshotItem | string {
  if (!isRecord(item)) return 'not an object';
  const ticker = nonEmpty(item['ticker']);
  if (ticker === undefined) return 'missing ticker';
  const error = nonEmpty(item['error']);
  if (error !== undefined) return { ticker, error, message: str(item['message']) ?? '' };
  const session = rec(item['session']);
  const value = num(item['value']);
  const prevClose = positive(session?.['previous_close']);
  const { change, changePct } = changeFrom(value, prevClose, {
    change: num(session?.['change']),
    changePct: num(session?.['change_percent']),
  });
  return {
    ticker,
    name: str(item['name']),
    value,
    change,
    changePct,
    prevClose,
    open: positive(session?.['open']),
    high: positive(session?.['high']),
    low: positive(session?.['low']),
    marketStatus: str(item['market_status']),
    timeframe: str(item['timeframe']),
    updatedMs: millis(item['last_updated']),
  };
}

/** `GET /v3/snapshot/indices?ticker.any_of=…` → items or inline NOT_FOUND / NOT_ENTITLED errors. */
export function parseIndicesSnapshot(body: unknown): RestParseResult<IndexSnapshotItem[]> {
  return parseListResponse(body, 'results', parseIndexSnapshotItem);
}
