import type { Feed } from '../massive/entitlements.js';
import type { QuoteRow, StatusInfo } from '../store/types.js';
import type { AlertFiring } from '../market/alerts.js';
import type { BiasReading, FlowPrint, IndicatorValues, LiquidityWarning } from '../market/types.js';
import type { LevelsEntry } from '../store/options-desk.js';
import { levelsDocument, type LevelsDocument } from './levels-json.js';

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
  /** Pre-market move vs the previous close, or after-hours move vs the regular close; null in regular hours. */
  readonly extChange: number | null;
  readonly extChangePct: number | null;
  readonly bid: number | null;
  readonly ask: number | null;
  readonly volume: number | null;
  readonly vwap: number | null;
  readonly source: 'ws' | 'rest' | null;
  /** ISO-8601 market time of the data, or null before the first update. */
  readonly asOf: string | null;
  readonly stale: boolean;
  /** The symbol's asset class is 15-minute delayed (or end-of-day) in the key's plan. */
  readonly delayed: boolean;
}

/** What the key's plan delivers per asset class; null for a class not in use. */
export interface FeedsField {
  readonly stocks: Feed | null;
  readonly options: Feed | null;
  readonly indices: Feed | null;
}

export interface StatusLine extends Envelope {
  readonly type: 'status';
  readonly transport: StatusInfo['connection'];
  readonly message: string | null;
  readonly quota: StatusInfo['quota'] | null;
  /** The session of the data: pre, regular, post or closed. */
  readonly session: NonNullable<StatusInfo['session']> | null;
  readonly feeds: FeedsField;
  /** While reconnecting: ISO time of the next attempt. */
  readonly retryAt?: string;
  readonly demo?: true;
  /** Quote lines coalesced away because the reader was slower than the stream. */
  readonly coalesced?: number;
  /** Flow lines dropped because the reader fell too far behind (never silently). */
  readonly flowDropped?: number;
}

export interface ErrorLine extends Envelope {
  readonly type: 'error';
  readonly code: string;
  readonly message: string;
}

export interface IndicatorsLine extends Envelope {
  readonly type: 'indicators';
  readonly symbol: string;
  readonly ema9: number | null;
  readonly ema21: number | null;
  readonly rsi14: number | null;
  readonly atr14: number | null;
  readonly vwap: number | null;
  readonly macd: { readonly macd: number; readonly signal: number; readonly histogram: number } | null;
  readonly trend: IndicatorValues['trend'];
  /** ISO time of the last 1-minute bar included. */
  readonly barTime: string | null;
}

export interface BiasReadingLine extends Envelope, Omit<BiasReading, 'reasons'> {
  readonly type: 'bias';
  readonly reasons: readonly string[];
  /** Why part of the inputs is missing (e.g. I:VIX not in the plan), or null. */
  readonly unavailable: string | null;
}

/** No reading can be made: I:SPX and I:VIX are not available (e.g. indices not in the plan). */
export interface BiasUnavailableLine extends Envelope {
  readonly type: 'bias';
  readonly label: 'unavailable';
  readonly score: null;
  readonly spxTrend: 'unknown';
  readonly vixRegime: 'unknown';
  readonly vixDirection: 'unknown';
  readonly reasons: readonly string[];
  readonly unavailable: string;
}

export type BiasLine = BiasReadingLine | BiasUnavailableLine;

/** One classified print or aggregated order (sweep/split with its fills). */
export interface FlowLine extends Envelope, Omit<FlowPrint, 'time' | 'fills'> {
  readonly type: 'flow';
  /** ISO market time of the (first) print. */
  readonly time: string;
  readonly fills?: readonly (Omit<NonNullable<FlowPrint['fills']>[number], 'time'> & { readonly time: string })[];
}

export interface LiquidityLine extends Envelope, Omit<LiquidityWarning, 'time'> {
  readonly type: 'liquidity';
  readonly time: string;
}

export interface AlertLine extends Envelope {
  readonly type: 'alert';
  readonly id: string;
  readonly rule: string;
  readonly message: string;
  readonly time: string;
}

/** An underlying's key levels, refreshed: the shape `massive levels --json` prints. */
export type LevelsLine = LevelsDocument;

export type NdjsonLine =
  | LevelsLine
  | QuoteLine
  | StatusLine
  | ErrorLine
  | IndicatorsLine
  | BiasLine
  | FlowLine
  | LiquidityLine
  | AlertLine;

const num = (n: number | undefined): number | null => (n === undefined || !Number.isFinite(n) ? null : n);
const round = (n: number | undefined, digits: number): number | null => {
  const v = num(n);
  return v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;
};

function envelope(now: number, demo: boolean): Envelope {
  return demo
    ? { v: SCHEMA_VERSION, ts: new Date(now).toISOString(), demo: true }
    : { v: SCHEMA_VERSION, ts: new Date(now).toISOString() };
}

export function quoteLine(row: QuoteRow, now: number, demo: boolean): QuoteLine {
  return {
    type: 'quote',
    ...envelope(now, demo),
    symbol: row.symbol,
    price: num(row.price),
    change: round(row.change, 4),
    changePct: round(row.changePct, 4),
    extChange: round(row.extChange, 4),
    extChangePct: round(row.extChangePct, 4),
    bid: num(row.bid),
    ask: num(row.ask),
    volume: num(row.volume),
    vwap: num(row.vwap),
    source: row.source ?? null,
    asOf: row.asOf === undefined ? null : new Date(row.asOf).toISOString(),
    stale: row.stale,
    delayed: row.delayed === true,
  };
}

function feedsField(feeds: StatusInfo['feeds']): FeedsField {
  return { stocks: feeds?.stocks ?? null, options: feeds?.options ?? null, indices: feeds?.indices ?? null };
}

export function statusLine(status: StatusInfo, now: number, coalesced = 0, flowDropped = 0): StatusLine {
  return {
    type: 'status',
    ...envelope(now, status.demo),
    transport: status.connection,
    message: status.message ?? null,
    quota: status.quota ?? null,
    session: status.session ?? null,
    feeds: feedsField(status.feeds),
    ...(status.retryAt !== undefined && status.connection === 'reconnecting'
      ? { retryAt: new Date(status.retryAt).toISOString() }
      : {}),
    ...(coalesced > 0 ? { coalesced } : {}),
    ...(flowDropped > 0 ? { flowDropped } : {}),
  };
}

export function indicatorsLine(v: IndicatorValues, now: number, demo: boolean): IndicatorsLine {
  return {
    type: 'indicators',
    ...envelope(now, demo),
    symbol: v.symbol,
    ema9: round(v.ema9, 4),
    ema21: round(v.ema21, 4),
    rsi14: round(v.rsi14, 2),
    atr14: round(v.atr14, 4),
    vwap: round(v.vwap, 4),
    macd: v.macd ?? null,
    trend: v.trend,
    barTime: v.barTime === undefined ? null : new Date(v.barTime).toISOString(),
  };
}

/** A reading, with why part of its inputs is missing when that is so. */
export function biasLine(b: BiasReading, now: number, demo: boolean, unavailable?: string): BiasLine {
  return { type: 'bias', ...envelope(now, demo), ...b, unavailable: unavailable ?? null };
}

/** No reading at all, and why (the reason is also the one entry of `reasons`). */
export function biasUnavailableLine(reason: string, now: number, demo: boolean): BiasUnavailableLine {
  return {
    type: 'bias',
    ...envelope(now, demo),
    label: 'unavailable',
    score: null,
    spxTrend: 'unknown',
    vixRegime: 'unknown',
    vixDirection: 'unknown',
    reasons: [reason],
    unavailable: reason,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function flowLine(p: FlowPrint, now: number, demo: boolean): FlowLine {
  const { time, fills, ...rest } = p;
  return {
    type: 'flow',
    ...envelope(now, demo),
    ...rest,
    time: iso(time),
    ...(fills ? { fills: fills.map((f) => ({ ...f, time: iso(f.time) })) } : {}),
  };
}

export function liquidityLine(w: LiquidityWarning, now: number, demo: boolean): LiquidityLine {
  return { type: 'liquidity', ...envelope(now, demo), ...w, time: iso(w.time) };
}

export function alertLine(a: AlertFiring, now: number, demo: boolean): AlertLine {
  return { type: 'alert', ...envelope(now, demo), id: a.id, rule: a.rule, message: a.message, time: iso(a.time) };
}

export function errorLine(code: string, message: string, now: number, demo: boolean): ErrorLine {
  return { type: 'error', ...envelope(now, demo), code, message };
}

/** The levels of one refresh, as `massive levels --json` would print them at that moment. */
export function levelsLine(entry: LevelsEntry, now: number, demo: boolean): LevelsLine {
  return levelsDocument(
    { ts: new Date(now).toISOString(), demo, underlying: entry.underlying, spot: entry.spot },
    entry.levels,
  );
}
