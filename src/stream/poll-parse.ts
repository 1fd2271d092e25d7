/**
 * Turns one poll response into quote seeds per ticker. Pure: the poller hands in the body, this
 * picks the requested tickers out of it. Malformed items are skipped by the parsers.
 */
import { parseAggregates } from '../massive/rest-parse-aggs.js';
import { parseOptionChain, parseOptionContractSnapshot } from '../massive/rest-parse-options.js';
import { isIndexSnapshotError, parseIndicesSnapshot, parseStockSnapshots } from '../massive/rest-parse.js';
import type { Bar, IndexSnapshot, OptionContractSnapshot, StockSnapshot } from '../massive/rest-models.js';
import type { QuoteSeed } from '../store/quote-reducer.js';
import { sessionCloseOf } from './last-session.js';
import type { PollKind } from './poll-policy.js';

export function stockSeed(s: StockSnapshot): QuoteSeed {
  return {
    price: s.price,
    prevClose: s.prevClose,
    bid: s.bid,
    ask: s.ask,
    volume: s.volume,
    vwap: s.vwap,
    asOf: s.updatedMs,
  };
}

export function indexSeed(s: IndexSnapshot): QuoteSeed {
  return { price: s.value, prevClose: s.prevClose, asOf: s.updatedMs };
}

export function contractSeed(c: OptionContractSnapshot): QuoteSeed {
  const { lastPrice: price, prevClose, bid, ask, volume, vwap, updatedMs: asOf } = c;
  return { price, prevClose, bid, ask, volume, vwap, asOf };
}

export interface PollResult {
  readonly seeds: ReadonlyArray<readonly [string, QuoteSeed]>;
  /** Tickers the server reported as unknown or not entitled, with its words. */
  readonly problems: ReadonlyArray<{ readonly ticker: string; readonly message: string }>;
  /** Set when the body could not be used at all. */
  readonly error?: string;
}

/** Extracts seeds for `tickers` from a response of `kind`; `nowMs` caps bar end times. */
export function parsePollBody(kind: PollKind, tickers: readonly string[], body: unknown, nowMs: number): PollResult {
  const wanted = new Set(tickers);
  switch (kind) {
    case 'stock-snapshot': {
      const parsed = parseStockSnapshots(body);
      if (!parsed.ok) return { seeds: [], problems: [], error: `stock snapshot: ${parsed.reason}` };
      return {
        seeds: parsed.value.filter((s) => wanted.has(s.ticker)).map((s) => [s.ticker, stockSeed(s)] as const),
        problems: [],
      };
    }
    case 'index-snapshot': {
      const parsed = parseIndicesSnapshot(body);
      if (!parsed.ok) return { seeds: [], problems: [], error: `indices snapshot: ${parsed.reason}` };
      const seeds: Array<readonly [string, QuoteSeed]> = [];
      const problems: Array<{ ticker: string; message: string }> = [];
      for (const item of parsed.value) {
        if (!wanted.has(item.ticker)) continue;
        if (isIndexSnapshotError(item))
          problems.push({ ticker: item.ticker, message: `${item.error}: ${item.message}` });
        else seeds.push([item.ticker, indexSeed(item)]);
      }
      return { seeds, problems };
    }
    case 'option-chain': {
      const parsed = parseOptionChain(body);
      if (!parsed.ok) return { seeds: [], problems: [], error: `option chain: ${parsed.reason}` };
      const seeds = parsed.value.filter((c) => wanted.has(c.ticker)).map((c) => [c.ticker, contractSeed(c)] as const);
      return { seeds, problems: [] };
    }
    case 'option-contract': {
      const parsed = parseOptionContractSnapshot(body);
      if (!parsed.ok) return { seeds: [], problems: [], error: `option contract: ${parsed.reason}` };
      const c = parsed.value;
      return { seeds: wanted.has(c.ticker) ? [[c.ticker, contractSeed(c)]] : [], problems: [] };
    }
    case 'ticker-aggs': {
      const parsed = parseAggregates(body);
      if (!parsed.ok) return { seeds: [], problems: [], error: `aggregates: ${parsed.reason}` };
      const ticker = tickers[0];
      const latest = latestBar(parsed.value.bars);
      if (!ticker || !latest) return { seeds: [], problems: [] };
      // A minute bar is as of its end; the current minute's bar is still forming.
      return {
        seeds: [[ticker, { price: latest.close, asOf: Math.min(latest.timeMs + 60_000, nowMs) }]],
        problems: [],
      };
    }
    case 'prev-close': {
      const parsed = parseAggregates(body);
      if (!parsed.ok) return { seeds: [], problems: [], error: `previous close: ${parsed.reason}` };
      const ticker = tickers[0];
      const latest = latestBar(parsed.value.bars);
      if (!ticker || !latest) return { seeds: [], problems: [] };
      // The last session's close, as of that session's end (stamped at its start or its close).
      const asOf = Math.min(sessionCloseOf(latest.timeMs), nowMs);
      return { seeds: [[ticker, { price: latest.close, asOf }]], problems: [] };
    }
  }
}

function latestBar(bars: readonly Bar[]): Bar | undefined {
  let latest: Bar | undefined;
  for (const bar of bars) if (!latest || bar.timeMs > latest.timeMs) latest = bar;
  return latest;
}
