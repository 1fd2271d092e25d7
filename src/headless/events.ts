import type { QuoteRow, StatusInfo } from '../store/types.js';

/** Bumped on any breaking change to the NDJSON shapes (documented in the README). */
export const SCHEMA_VERSION = 1;

interface Envelope {
  readonly v: typeof SCHEMA_VERSION;
  /** ISO-8601 UTC time the line was written. */
  readonly ts: string;
  /** Present and true on every line produced from simulated (demo) data. */
  readonly demo?: true;
}

export interface QuoteLine extends Envelope {
  readonly type: 'quote';
  readonly symbol: string;
  readonly price: number | null;
  readonly change: number | null;
  readonly changePct: number | null;
  readonly bid: number | null;
  readonly ask: number | null;
  readonly volume: number | null;
  readonly vwap: number | null;
  readonly source: 'ws' | 'rest' | null;
  /** ISO-8601 market time of the data, or null before the first update. */
  readonly asOf: string | null;
  readonly stale: boolean;
}

export interface StatusLine extends Envelope {
  readonly type: 'status';
  readonly transport: StatusInfo['connection'];
  readonly message: string | null;
  readonly quota: StatusInfo['quota'] | null;
  readonly demo?: true;
  /** Quote lines coalesced away because the reader was slower than the stream. */
  readonly coalesced?: number;
}

export interface ErrorLine extends Envelope {
  readonly type: 'error';
  readonly code: string;
  readonly message: string;
}

export type NdjsonLine = QuoteLine | StatusLine | ErrorLine;

const num = (n: number | undefined): number | null => (n === undefined || !Number.isFinite(n) ? null : n);
const round = (n: number | undefined, digits: number): number | null => {
  const v = num(n);
  return v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;
};

function envelope(now: number, demo: boolean): Envelope {
  return demo ? { v: SCHEMA_VERSION, ts: new Date(now).toISOString(), demo: true } : { v: SCHEMA_VERSION, ts: new Date(now).toISOString() };
}

export function quoteLine(row: QuoteRow, now: number, demo: boolean): QuoteLine {
  return {
    type: 'quote',
    ...envelope(now, demo),
    symbol: row.symbol,
    price: num(row.price),
    change: round(row.change, 4),
    changePct: round(row.changePct, 4),
    bid: num(row.bid),
    ask: num(row.ask),
    volume: num(row.volume),
    vwap: num(row.vwap),
    source: row.source ?? null,
    asOf: row.asOf === undefined ? null : new Date(row.asOf).toISOString(),
    stale: row.stale,
  };
}

export function statusLine(status: StatusInfo, now: number, coalesced = 0): StatusLine {
  return {
    type: 'status',
    ...envelope(now, status.demo),
    transport: status.connection,
    message: status.message ?? null,
    quota: status.quota ?? null,
    ...(coalesced > 0 ? { coalesced } : {}),
  };
}

export function errorLine(code: string, message: string, now: number, demo: boolean): ErrorLine {
  return { type: 'error', ...envelope(now, demo), code, message };
}
