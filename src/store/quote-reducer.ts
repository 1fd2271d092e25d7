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

function withChange(row: QuoteRow): QuoteRow {
  if (row.price === undefined || row.prevClose === undefined || row.prevClose === 0) {
    return row.change === undefined ? row : { ...row, change: undefined, changePct: undefined };
  }
  const change = row.price - row.prevClose;
  return { ...row, change, changePct: (change / row.prevClose) * 100 };
}

/**
 * Applies one stream event to a row. Pure: returns the same row when nothing changed, so the
 * store can tell whether to publish. Older events (asOf going backwards) never overwrite the price.
 */
export function reduceEvent(row: QuoteRow, event: DataEvent, source: Source): QuoteRow {
  switch (event.ev) {
    case 'T':
      if (row.asOf !== undefined && event.t < row.asOf && row.price !== undefined) return row;
      return withChange({ ...row, price: event.p, asOf: event.t, source, stale: false });
    case 'V':
      if (row.asOf !== undefined && event.t < row.asOf && row.price !== undefined) return row;
      return withChange({ ...row, price: event.val, asOf: event.t, source, stale: false });
    case 'Q':
      return { ...row, bid: event.bp, ask: event.ap, asOf: Math.max(row.asOf ?? 0, event.t), source, stale: false };
    case 'A':
    case 'AM': {
      const next: QuoteRow = {
        ...row,
        volume: event.av ?? row.volume,
        vwap: event.a ?? row.vwap,
        // A bar's close is the price only when nothing newer (a trade, an index value) set it:
        // feeds without trades (bars only) still move, and a late bar never rewinds the price.
        price: row.price === undefined || row.asOf === undefined || event.e > row.asOf ? event.c : row.price,
        asOf: Math.max(row.asOf ?? 0, event.e),
        source,
        stale: false,
      };
      return withChange(next);
    }
  }
}

/** Merges a REST snapshot into a row; stream values newer than the snapshot win. */
export function reduceSeed(row: QuoteRow, seed: QuoteSeed, source: Source): QuoteRow {
  const newer = seed.asOf === undefined || row.asOf === undefined || seed.asOf >= row.asOf;
  const next: QuoteRow = {
    ...row,
    prevClose: seed.prevClose ?? row.prevClose,
    price: newer ? (seed.price ?? row.price) : row.price,
    bid: newer ? (seed.bid ?? row.bid) : row.bid,
    ask: newer ? (seed.ask ?? row.ask) : row.ask,
    volume: newer ? (seed.volume ?? row.volume) : row.volume,
    vwap: newer ? (seed.vwap ?? row.vwap) : row.vwap,
    asOf: newer ? (seed.asOf ?? row.asOf) : row.asOf,
    source: newer ? source : row.source,
    stale: newer ? false : row.stale,
  };
  return withChange(next);
}
