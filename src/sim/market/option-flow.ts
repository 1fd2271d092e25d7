/**
 * Options order flow for the simulator: the NBBO of a contract from its theoretical price, and
 * the prints a second of trading produces. Real flow is a mix the flow tape must tell apart:
 * sweeps (one order taking liquidity on several exchanges within a second, ISO), splits (one
 * order filled in pieces on one exchange), blocks (one large negotiated print), spread legs,
 * late reports, and prints at the bid, mid, ask or outside the NBBO. Condition ids: conditions.ts.
 */
import { intBetween } from './prng.js';
import { OPTION_CONDITIONS as C } from './conditions.js';
import { bookTrade, round2, type Bar, type OptionState, type SimEvent } from './state.js';

export const OPTION_EXCHANGES: readonly number[] = [300, 301, 302, 303, 307, 308, 309, 312, 313, 316, 319, 322, 323, 325];

/** Where a print lands against the NBBO in force. */
export type PricePlacement = 'bid' | 'ask' | 'mid' | 'above_ask' | 'below_bid';

export interface Nbbo {
  readonly bid: number;
  readonly ask: number;
}

/** The simulated NBBO around a theoretical price: 1.5 % half-spread, at least a cent each side. */
export function optionNbbo(theoPrice: number): Nbbo {
  const mid = Math.max(0.01, theoPrice);
  const half = Math.max(0.01, round2(mid * 0.015));
  const bid = Math.max(0, round2(mid - half));
  return { bid, ask: round2(Math.max(bid + 0.01, mid + half)) };
}

/** Minimum price variation: a nickel from $3 up, a penny below (the penny-pilot rule of thumb). */
export function tickSize(price: number): number {
  return price >= 3 ? 0.05 : 0.01;
}

/** A price for `placement` against `nbbo`; outside-NBBO prints are one tick through it. */
export function placePrice(placement: PricePlacement | number, nbbo: Nbbo): number {
  if (typeof placement === 'number') return round2(placement);
  switch (placement) {
    case 'bid': return nbbo.bid;
    case 'ask': return nbbo.ask;
    case 'mid': return round2((nbbo.bid + nbbo.ask) / 2);
    case 'above_ask': return round2(nbbo.ask + tickSize(nbbo.ask));
    case 'below_bid': return Math.max(0.01, round2(nbbo.bid - tickSize(nbbo.bid)));
  }
}

/** One print to emit: offset into the second, exchange, price, size, conditions. */
export interface PrintPlan {
  readonly off: number;
  readonly x: number;
  readonly p: number;
  readonly s: number;
  readonly c: readonly number[];
}

function exchange(rng: () => number): number {
  return OPTION_EXCHANGES[intBetween(rng, 0, OPTION_EXCHANGES.length - 1)]!;
}

/** `n` distinct items (partial Fisher–Yates: portable, unlike a random sort comparator). */
function pickDistinct<T>(rng: () => number, items: readonly T[], n: number): T[] {
  const pool = [...items];
  for (let i = 0; i < n; i++) {
    const j = intBetween(rng, i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

function placement(rng: () => number): PricePlacement {
  const r = rng();
  return r < 0.35 ? 'ask' : r < 0.65 ? 'bid' : r < 0.88 ? 'mid' : r < 0.94 ? 'above_ask' : 'below_bid';
}

/**
 * The prints of one contract in one second, given the chance `chance` that it trades at all.
 * Draws only from `rng`, so the same (seed, contract, second) always gives the same prints.
 */
export function naturalOptionPrints(rng: () => number, chance: number, nbbo: Nbbo): PrintPlan[] {
  if (rng() >= chance) return [];
  const kind = rng();
  const start = intBetween(rng, 0, 699);
  if (kind < 0.08) {
    // Sweep: an ISO order lifting (or hitting) every exchange showing size, within ~300 ms.
    const side: PricePlacement = rng() < 0.7 ? 'ask' : 'bid';
    const venues = pickDistinct(rng, OPTION_EXCHANGES, intBetween(rng, 2, 5));
    return venues.map((x, i) => ({ off: start + i * intBetween(rng, 0, 60), x, p: placePrice(i === venues.length - 1 && rng() < 0.3 ? 'above_ask' : side, nbbo), s: intBetween(rng, 5, 120), c: [C.sweep] }));
  }
  if (kind < 0.14) {
    // Split: one order filled in pieces on a single exchange.
    const x = exchange(rng);
    const p = placePrice(rng() < 0.6 ? 'ask' : 'bid', nbbo);
    return Array.from({ length: intBetween(rng, 2, 4) }, (_, i) => ({ off: start + i * intBetween(rng, 1, 80), x, p, s: intBetween(rng, 5, 60), c: [C.autoExecution] }));
  }
  if (kind < 0.16) {
    // Block: one large negotiated print, usually at or near the mid.
    const c = [[C.auction], [C.cross], [C.floor]][intBetween(rng, 0, 2)]!;
    return [{ off: start, x: exchange(rng), p: placePrice(rng() < 0.6 ? 'mid' : placement(rng), nbbo), s: intBetween(rng, 250, 2500), c }];
  }
  if (kind < 0.2) {
    // One leg of a spread: priced off the package, so often between or outside the quotes.
    return [{ off: start, x: exchange(rng), p: placePrice(placement(rng), nbbo), s: intBetween(rng, 1, 200), c: [rng() < 0.85 ? C.multiLeg : C.multiLegFloor] }];
  }
  const late = kind < 0.22;
  return [{ off: start, x: exchange(rng), p: placePrice(placement(rng), nbbo), s: rng() < 0.04 ? intBetween(rng, 100, 800) : intBetween(rng, 1, 30), c: [late ? C.late : C.autoExecution] }];
}

/** Books and emits an options NBBO quote. */
export function emitOptionQuote(state: OptionState, nbbo: Nbbo, t: number, x: number, sizes: readonly [number, number], seqStep: number, out: SimEvent[]): void {
  const quote = { bp: nbbo.bid, ap: nbbo.ask, bs: sizes[0], as: sizes[1], bx: x, ax: x, t };
  state.lastQuote = quote;
  state.seq += seqStep;
  out.push({ cluster: 'options', ch: 'Q', sym: state.sym, data: { ev: 'Q', sym: state.sym, bx: x, ax: x, bp: nbbo.bid, ap: nbbo.ask, bs: sizes[0], as: sizes[1], t, q: state.seq } });
}

/** Books and emits an options trade; returns the updated second bar. */
export function emitOptionTrade(state: OptionState, bar: Bar | undefined, print: Omit<PrintPlan, 'off'>, t: number, seqStep: number, out: SimEvent[]): Bar {
  state.seq += seqStep;
  const c = print.c.length > 0 ? [...print.c] : undefined;
  state.lastTrade = { p: print.p, s: print.s, x: print.x, t, i: String(++state.tradeId), ...(c ? { c } : {}) };
  out.push({ cluster: 'options', ch: 'T', sym: state.sym, data: { ev: 'T', sym: state.sym, x: print.x, p: print.p, s: print.s, ...(c ? { c } : {}), t, q: state.seq } });
  return bookTrade(state, bar, print.p, print.s, t);
}
