/**
 * Bars (`/v2/aggs/.../range/...`, `/prev`), technical indicators (`/v1/indicators/...`) and the
 * v2 last trade / last NBBO endpoints (massive-api.md §3.6–3.8). Bar and indicator times are ms;
 * last trade/NBBO times are ns on the wire and normalised to ms here.
 */
import type { Aggregates, Bar, IndicatorValue, ParseIssue, PrevClose, RestParseResult } from './rest-models.js';
import {
  bool,
  fail,
  isFailure,
  isRecord,
  millis,
  nonEmpty,
  nonNeg,
  num,
  numberList,
  openEnvelope,
  parseItems,
  positive,
  rec,
  str,
  success,
} from './rest-guards.js';

/** One `{o,h,l,c,v,vw,n,t}` bar; index bars carry only o/h/l/c/t. */
export function parseBarItem(item: unknown): Bar | string {
  if (!isRecord(item)) return 'not an object';
  const timeMs = millis(item['t']);
  if (timeMs === undefined) return 'missing t';
  const open = num(item['o']);
  const high = num(item['h']);
  const low = num(item['l']);
  const close = num(item['c']);
  if (open === undefined || high === undefined || low === undefined || close === undefined) {
    return 'missing o/h/l/c';
  }
  return {
    timeMs,
    open,
    high,
    low,
    close,
    volume: nonNeg(item['v']),
    vwap: positive(item['vw']),
    trades: nonNeg(item['n']),
  };
}

/** `GET /v2/aggs/ticker/{t}/range/...`: an empty window range is a valid empty list. */
export function parseAggregates(body: unknown): RestParseResult<Aggregates> {
  const envelope = openEnvelope(body);
  if (isFailure(envelope)) return envelope;
  const raw = envelope.body['results'];
  const issues: ParseIssue[] = [];
  const bars =
    raw === undefined || raw === null ? [] : parseItems(raw, 'results', (item) => parseBarItem(item), issues);
  if (bars === undefined) return fail('results is not an array');
  return success(
    envelope,
    { ticker: nonEmpty(envelope.body['ticker']), adjusted: bool(envelope.body['adjusted']), bars },
    issues,
  );
}

/** `GET /v2/aggs/ticker/{t}/prev`: the single bar, with the ticker from `T` or the envelope. */
export function parsePrevClose(body: unknown): RestParseResult<PrevClose> {
  const envelope = openEnvelope(body);
  if (isFailure(envelope)) return envelope;
  const raw = envelope.body['results'];
  if (!Array.isArray(raw)) return raw === undefined ? fail('no results') : fail('results is not an array');
  if (raw.length === 0) return fail('no results');
  const first: unknown = raw[0];
  const bar = parseBarItem(first);
  if (typeof bar === 'string') return fail(`results[0]: ${bar}`);
  const ticker = (isRecord(first) ? nonEmpty(first['T']) : undefined) ?? nonEmpty(envelope.body['ticker']);
  if (ticker === undefined) return fail('results[0]: missing ticker');
  return success(envelope, { ...bar, ticker }, []);
}

function parseIndicatorItem(item: unknown): IndicatorValue | string {
  if (!isRecord(item)) return 'not an object';
  const timeMs = millis(item['timestamp']);
  if (timeMs === undefined) return 'missing timestamp';
  const value = num(item['value']);
  if (value === undefined) return 'missing value';
  return { timeMs, value, signal: num(item['signal']), histogram: num(item['histogram']) };
}

/** `GET /v1/indicators/{sma|ema|rsi|macd}/{ticker}` → `results.values[]`. */
export function parseIndicator(body: unknown): RestParseResult<IndicatorValue[]> {
  const envelope = openEnvelope(body);
  if (isFailure(envelope)) return envelope;
  const results = rec(envelope.body['results']);
  const raw = results?.['values'];
  if (raw === undefined || raw === null) return success(envelope, [], []);
  const issues: ParseIssue[] = [];
  const values = parseItems(raw, 'results.values', (item) => parseIndicatorItem(item), issues);
  if (values === undefined) return fail('results.values is not an array');
  return success(envelope, values, issues);
}

export interface LastTrade {
  readonly ticker: string;
  readonly price: number;
  readonly size: number;
  readonly exchange: number | undefined;
  readonly conditions: readonly number[] | undefined;
  /** SIP time, ms (ns on the wire). */
  readonly timeMs: number | undefined;
}

export interface LastNbbo {
  readonly ticker: string;
  readonly bid: number | undefined;
  readonly ask: number | undefined;
  readonly bidSize: number | undefined;
  readonly askSize: number | undefined;
  readonly timeMs: number | undefined;
}

/** `GET /v2/last/trade/{ticker}` → `results:{T,p,s,x,c,t,...}`. */
export function parseLastTrade(body: unknown): RestParseResult<LastTrade> {
  const envelope = openEnvelope(body);
  if (isFailure(envelope)) return envelope;
  const r = rec(envelope.body['results']);
  if (r === undefined) return fail('missing results');
  const ticker = nonEmpty(r['T']);
  const price = nonNeg(r['p']);
  const size = nonNeg(r['s']);
  if (ticker === undefined || price === undefined || size === undefined) return fail('results: missing T/p/s');
  return success(
    envelope,
    {
      ticker,
      price,
      size,
      exchange: num(r['x']),
      conditions: numberList(r['c']),
      timeMs: millis(r['t']),
    },
    [],
  );
}

/** `GET /v2/last/nbbo/{ticker}` → `results:{T,p,s,x (bid),P,S,X (ask),t,...}`. */
export function parseLastNbbo(body: unknown): RestParseResult<LastNbbo> {
  const envelope = openEnvelope(body);
  if (isFailure(envelope)) return envelope;
  const r = rec(envelope.body['results']);
  if (r === undefined) return fail('missing results');
  const ticker = str(r['T']);
  if (ticker === undefined || ticker === '') return fail('results: missing T');
  return success(
    envelope,
    {
      ticker,
      bid: positive(r['p']),
      ask: positive(r['P']),
      bidSize: nonNeg(r['s']),
      askSize: nonNeg(r['S']),
      timeMs: millis(r['t']),
    },
    [],
  );
}
