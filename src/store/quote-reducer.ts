import { tradeUpdatesLast, type ConditionRules } from '../massive/conditions.js';
import type { DataEvent } from '../massive/events.js';
import type { QuoteRow, Source } from './types.js';

/** Seed values from a REST snapshot; every field optional because snapshots can be partial. */
export interface QuoteSeed {
  readonly price?: number;
  readonly prevClose?: number;
  readonly bid?: number;
  readonly ask?: number;
  readonly volume?: number;
  readonly vwap?: number;
  readonly asOf?: number;
}

export function emptyRow(symbol: string): QuoteRow {
  return {
    symbol,
    price: undefined,
    prevClose: undefined,
    change: undefined,
    changePct: undefined,
    bid: undefined,
    ask: undefined,
    volume: undefined,
    vwap: undefined,
    source: undefined,
    asOf: undefined,
    stale: false,
  };
}

/**
 * Sets the change on a row the caller has just made and shares with no one yet: in place, since a
 * copy per event was a third of what the store spent per trade at a million events a second.
 */
function withChange(row: QuoteRow): QuoteRow {
  const made = row as { -readonly [K in keyof QuoteRow]: QuoteRow[K] };
  if (row.price === undefined || row.prevClose === undefined || row.prevClose === 0) {
    if (row.change !== undefined) {
      made.change = undefined;
      made.changePct = undefined;
    }
    return row;
  }
  made.change = row.price - row.prevClose;
  made.changePct = (made.change / row.prevClose) * 100;
  return row;
}

/** The later of two market times, the first of which may not be known yet. */
function newest(a: number | undefined, b: number): number {
  return a === undefined || b > a ? b : a;
}

/**
 * Sets the price from a trade or an index value at market time `t`. Only the trade clock guards
 * it: a trade stamped a millisecond before the newest quote is still the last sale (one shared
 * clock froze Last on busy symbols), but one older than the last applied trade never rewinds it.
 */
function withPrice(row: QuoteRow, price: number, t: number, source: Source): QuoteRow {
  if (row.tradeAt !== undefined && t < row.tradeAt && row.price !== undefined) return row;
  return withChange({ ...row, price, tradeAt: t, asOf: newest(row.asOf, t), source, stale: false });
}

/**
 * Applies one stream event to a row. Pure: returns the same row when nothing changed, so the
 * store can tell whether to publish. Trades and quotes keep separate clocks (`tradeAt`,
 * `quoteAt`); `asOf` is the newest of everything applied. `rules` are the trade-condition rules
 * of the row's asset class: a print they do not let update Last (odd lot, average price, out of
 * sequence, …) leaves the row alone. Day volume comes from the bars' `av`, which Massive already
 * counts by the same rules, so such a print is not lost to volume.
 */
export function reduceEvent(row: QuoteRow, event: DataEvent, source: Source, rules?: ConditionRules): QuoteRow {
  switch (event.ev) {
    case 'T':
      if (rules !== undefined && !tradeUpdatesLast(rules, event.c)) return row;
      return withPrice(row, event.p, event.t, source);
    case 'V':
      return withPrice(row, event.val, event.t, source);
    case 'Q':
      // An older NBBO never replaces a newer one; a bid of 0 is "no bid" and is shown as such.
      if (row.quoteAt !== undefined && event.t < row.quoteAt) return row;
      return {
        ...row,
        bid: event.bp,
        ask: event.ap,
        quoteAt: event.t,
        asOf: newest(row.asOf, event.t),
        source,
        stale: false,
      };
    case 'A':
    case 'AM': {
      // A bar's close is the price only when nothing newer (a trade, an index value) set it:
      // feeds without trades (bars only) still move, and a late bar never rewinds the price.
      const closeIsNewer = row.price === undefined || row.tradeAt === undefined || event.e > row.tradeAt;
      const next: QuoteRow = {
        ...row,
        volume: event.av ?? row.volume,
        vwap: event.a ?? row.vwap,
        price: closeIsNewer ? event.c : row.price,
        tradeAt: closeIsNewer ? event.e : row.tradeAt,
        asOf: newest(row.asOf, event.e),
        source,
        stale: false,
      };
      return withChange(next);
    }
  }
}

/**
 * Merges a REST snapshot into a row; stream values newer than the snapshot win, each judged by
 * its own clock (a snapshot between a newer trade and an older quote updates only the quote).
 */
export function reduceSeed(row: QuoteRow, seed: QuoteSeed, source: Source): QuoteRow {
  const at = seed.asOf;
  const newerThan = (clock: number | undefined) => at === undefined || clock === undefined || at >= clock;
  const newer = newerThan(row.asOf);
  const price = seed.price !== undefined && newerThan(row.tradeAt);
  const quote = (seed.bid !== undefined || seed.ask !== undefined) && newerThan(row.quoteAt);
  const next: QuoteRow = {
    ...row,
    prevClose: seed.prevClose ?? row.prevClose,
    price: price ? seed.price : row.price,
    tradeAt: price && at !== undefined ? at : row.tradeAt,
    bid: quote ? (seed.bid ?? row.bid) : row.bid,
    ask: quote ? (seed.ask ?? row.ask) : row.ask,
    quoteAt: quote && at !== undefined ? at : row.quoteAt,
    volume: newer ? (seed.volume ?? row.volume) : row.volume,
    vwap: newer ? (seed.vwap ?? row.vwap) : row.vwap,
    asOf: at === undefined ? row.asOf : newest(row.asOf, at),
    source: newer ? source : row.source,
    stale: newer ? false : row.stale,
  };
  return withChange(next);
}
