/** Bars (`/v2/aggs/.../range/...` and `/prev`, docs/massive-api.md §3.6): times are ms on the wire. */
import type { Aggregates, Bar, RestParseResult } from './rest-models.js';
import { bool, isRecord, millis, nonEmpty, nonNeg, num, parseListResponse, positive } from './rest-guards.js';

/** One `{o,h,l,c,v,vw,n,t}` bar; index bars carry only o/h/l/c/t. */
function parseBarItem(item: unknown): Bar | string {
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
  return parseListResponse(body, 'results', parseBarItem, (bars, top) => ({
    ticker: nonEmpty(top['ticker']),
    adjusted: bool(top['adjusted']),
    bars,
  }));
}
