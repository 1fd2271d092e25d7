/**
 * Mutable per-instrument state owned by a market cursor, plus the small helpers that keep day
 * statistics (open/high/low, volume, VWAP) and the running minute bar consistent.
 */
import type { Cluster } from '../../massive/events.js';
import type { ContractSpec } from './options.js';
import type { InstrumentSpec } from './universe.js';

export type SimChannel = 'T' | 'Q' | 'A' | 'AM' | 'V';

/** One wire event plus the routing facts the server filters on. */
export interface SimEvent {
  readonly cluster: Cluster;
  readonly ch: SimChannel;
  readonly sym: string;
  /** Exactly what goes on the wire (keys and units: Massive docs, https://massive.com/docs/websocket/quickstart.md). */
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * When it reaches the simulator's consolidated feed (ms), which orders elements in frames; it
   * defaults to `data.t`. Trades and quotes come over separate SIP feeds whose clocks are not in
   * lock-step, so a trade may arrive after a quote stamped a few ms later.
   */
  readonly at?: number;
}

export interface Bar {
  s: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  pv: number;
  n: number;
}

export interface LastTrade {
  readonly p: number;
  readonly s: number;
  readonly x: number;
  readonly t: number;
  readonly i: string;
  readonly c?: readonly number[];
}

export interface LastQuote {
  readonly bp: number;
  readonly ap: number;
  readonly bs: number;
  readonly as: number;
  readonly bx: number;
  readonly ax: number;
  readonly t: number;
}

export interface DayStats {
  open: number;
  high: number;
  low: number;
  volume: number;
  pv: number;
  prevClose: number;
  /** Price at today's 16:00 New York close, once passed; becomes tomorrow's prevClose. */
  close?: number;
}

/** Starts a new trading day (04:00 New York): yesterday's close becomes prevClose. */
export function rollDay(day: DayStats, price: number): void {
  day.prevClose = day.close ?? price;
  day.close = undefined;
  day.open = price;
  day.high = price;
  day.low = price;
  day.volume = 0;
  day.pv = 0;
}

interface Common {
  readonly sym: string;
  price: number;
  day: DayStats;
  seq: number;
  tradeId: number;
  lastTrade?: LastTrade;
  lastQuote?: LastQuote;
  minute?: Bar;
  lastMinute?: Bar;
  updated: number;
}

export interface UnderlyingState extends Common {
  readonly kind: 'stock' | 'index';
  readonly spec: InstrumentSpec;
  logp: number;
}

export interface OptionState extends Common {
  readonly kind: 'option';
  readonly spec: ContractSpec;
  readonly openInterest: number;
}

export type InstrumentState = UnderlyingState | OptionState;

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export function vwap(day: DayStats): number {
  return day.volume > 0 ? round4(day.pv / day.volume) : day.open;
}

/** Books a trade into the day statistics and the running minute and second bars. */
export function bookTrade(state: Common, bar: Bar | undefined, p: number, size: number, t: number): Bar {
  state.day.high = Math.max(state.day.high, p);
  state.day.low = Math.min(state.day.low, p);
  state.day.volume += size;
  state.day.pv += p * size;
  const minuteStart = t - (t % 60_000);
  if (!state.minute || state.minute.s !== minuteStart) state.minute = newBar(minuteStart, p);
  addToBar(state.minute, p, size);
  const second = bar ?? newBar(t - (t % 1000), p);
  addToBar(second, p, size);
  return second;
}

export function newBar(s: number, p: number): Bar {
  return { s, o: p, h: p, l: p, c: p, v: 0, pv: 0, n: 0 };
}

export function addToBar(bar: Bar, p: number, size: number): void {
  bar.h = Math.max(bar.h, p);
  bar.l = Math.min(bar.l, p);
  bar.c = p;
  bar.v += size;
  bar.pv += p * size;
  bar.n += 1;
}

/** A/AM payload for stocks and options (indices use the reduced form). */
export function aggPayload(ev: 'A' | 'AM', state: Common, bar: Bar, len: number): Record<string, unknown> {
  return {
    ev,
    sym: state.sym,
    v: bar.v,
    av: state.day.volume,
    op: state.day.open,
    vw: round4(bar.pv / bar.v),
    o: bar.o,
    c: bar.c,
    h: bar.h,
    l: bar.l,
    a: vwap(state.day),
    z: Math.max(1, Math.round(bar.v / bar.n)),
    s: bar.s,
    e: bar.s + len,
  };
}

/**
 * Reduced index A/AM payload. Deliberate deviation from the SPEC example: it shows an index `A`
 * with `s == e` (one value, both stamped with its own time), which we read as the example being
 * built from a single tick rather than as a rule, since the SPEC's own field docs call `s`/`e` the
 * window start and end, and every other A/AM example (stocks, options, index AM) has
 * `e - s` = the window length. So index bars here are aligned windows like every other bar
 * (`e = s + 1000` for A, `+ 60000` for AM): a client that keys bars by `s` and trusts `e` works on
 * both, and one that assumes `s == e` would break on the live index AM anyway.
 */
export function indexAggPayload(ev: 'A' | 'AM', state: Common, bar: Bar, len: number): Record<string, unknown> {
  return { ev, sym: state.sym, op: state.day.open, o: bar.o, c: bar.c, h: bar.h, l: bar.l, s: bar.s, e: bar.s + len };
}
