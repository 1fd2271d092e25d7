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

export const OPTION_EXCHANGES: readonly number[] = [
  300, 301, 302, 303, 307, 308, 309, 312, 313, 316, 319, 322, 323, 325,
];

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

/** The smallest price an option prints at: no print is ever below a cent. */
export const MIN_OPTION_TICK = 0.01;

/**
 * Names in the Penny Interval Program whose options trade in cents at every price (SPY, QQQ and
 * IWM; NVDA and the like are in it too, but quote in nickels from $3 up).
 */
const PENNY_EVERYWHERE = new Set(['SPY', 'QQQ', 'IWM']);

/** Minimum price variation: a nickel from $3 up, a penny below (a penny throughout for `pennyEverywhere`). */
export function tickSize(price: number, pennyEverywhere = false): number {
  return price >= 3 && !pennyEverywhere ? 0.05 : MIN_OPTION_TICK;
}

/** Whether an underlying's options trade in cents at every price. */
export function pennyEverywhere(underlying: string): boolean {
  return PENNY_EVERYWHERE.has(underlying);
}

/**
 * A price for `placement` against `nbbo`, rounded to the cent and never below it (a print "at the
 * bid" of a contract bid at nothing goes off at a cent); outside-NBBO prints are one tick through it.
 */
export function placePrice(placement: PricePlacement | number, nbbo: Nbbo, penny = false): number {
  return Math.max(MIN_OPTION_TICK, round2(rawPrice(placement, nbbo, penny)));
}

function rawPrice(placement: PricePlacement | number, nbbo: Nbbo, penny: boolean): number {
  if (typeof placement === 'number') return placement;
  switch (placement) {
    case 'bid':
      return nbbo.bid;
    case 'ask':
      return nbbo.ask;
    case 'mid':
      return (nbbo.bid + nbbo.ask) / 2;
    case 'above_ask':
      return nbbo.ask + tickSize(nbbo.ask, penny);
    case 'below_bid':
      return nbbo.bid - tickSize(nbbo.bid, penny);
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
 * `penny`: the underlying trades in cents at every price (outside-NBBO prints a cent through).
 */
export function naturalOptionPrints(rng: () => number, chance: number, nbbo: Nbbo, penny = false): PrintPlan[] {
  if (rng() >= chance) return [];
  const price = (where: PricePlacement): number => placePrice(where, nbbo, penny);
  const kind = rng();
  const start = intBetween(rng, 0, 699);
  if (kind < 0.08) {
    // Sweep: an ISO order lifting (or hitting) every exchange showing size, within ~300 ms.
    const side: PricePlacement = rng() < 0.7 ? 'ask' : 'bid';
    const venues = pickDistinct(rng, OPTION_EXCHANGES, intBetween(rng, 2, 5));
    return venues.map((x, i) => ({
      off: start + i * intBetween(rng, 0, 60),
      x,
      p: price(i === venues.length - 1 && rng() < 0.3 ? 'above_ask' : side),
      s: intBetween(rng, 5, 120),
      c: [C.sweep],
    }));
  }
  if (kind < 0.14) {
    // Split: one order filled in pieces on a single exchange.
    const x = exchange(rng);
    const p = price(rng() < 0.6 ? 'ask' : 'bid');
    return Array.from({ length: intBetween(rng, 2, 4) }, (_, i) => ({
      off: start + i * intBetween(rng, 1, 80),
      x,
      p,
      s: intBetween(rng, 5, 60),
      c: [C.autoExecution],
    }));
  }
  if (kind < 0.16) {
    // Block: one large negotiated print, usually at or near the mid.
    const c = [[C.auction], [C.cross], [C.floor]][intBetween(rng, 0, 2)]!;
    return [
      {
        off: start,
        x: exchange(rng),
        p: price(rng() < 0.6 ? 'mid' : placement(rng)),
        s: intBetween(rng, 250, 2500),
        c,
      },
    ];
  }
  if (kind < 0.2) {
    // One leg of a spread: priced off the package, so often between or outside the quotes.
    return [
      {
        off: start,
        x: exchange(rng),
        p: price(placement(rng)),
        s: intBetween(rng, 1, 200),
        c: [rng() < 0.85 ? C.multiLeg : C.multiLegFloor],
      },
    ];
  }
  const late = kind < 0.22;
  return [
    {
      off: start,
      x: exchange(rng),
      p: price(placement(rng)),
      s: rng() < 0.04 ? intBetween(rng, 100, 800) : intBetween(rng, 1, 30),
      c: [late ? C.late : C.autoExecution],
    },
  ];
}

/**
 * Books and emits an options NBBO quote. A side with no price (no bid on a far out-of-the-money
 * contract) is left off the element, price and size, as Massive's feed omits zero fields (the
 * official Go client tags every field `omitempty`) rather than sending 0.
 */
export function emitOptionQuote(
  state: OptionState,
  nbbo: Nbbo,
  t: number,
  x: number,
  sizes: readonly [number, number],
  seqStep: number,
  out: SimEvent[],
): void {
  const bs = nbbo.bid > 0 ? sizes[0] : 0;
  const as = nbbo.ask > 0 ? sizes[1] : 0;
  state.lastQuote = { bp: nbbo.bid, ap: nbbo.ask, bs, as, bx: x, ax: x, t };
  state.seq += seqStep;
  const data: Record<string, unknown> = { ev: 'Q', sym: state.sym, bx: x, ax: x };
  if (nbbo.bid > 0) {
    data.bp = nbbo.bid;
    data.bs = bs;
  }
  if (nbbo.ask > 0) {
    data.ap = nbbo.ask;
    data.as = as;
  }
  data.t = t;
  data.q = state.seq;
  out.push({ cluster: 'options', ch: 'Q', sym: state.sym, data });
}

/** Books and emits an options trade; returns the updated second bar. */
export function emitOptionTrade(
  state: OptionState,
  bar: Bar | undefined,
  print: Omit<PrintPlan, 'off'>,
  t: number,
  seqStep: number,
  out: SimEvent[],
): Bar {
  state.seq += seqStep;
  const c = print.c.length > 0 ? [...print.c] : undefined;
  state.lastTrade = { p: print.p, s: print.s, x: print.x, t, i: String(++state.tradeId), ...(c ? { c } : {}) };
  out.push({
    cluster: 'options',
    ch: 'T',
    sym: state.sym,
    data: { ev: 'T', sym: state.sym, x: print.x, p: print.p, s: print.s, ...(c ? { c } : {}), t, q: state.seq },
  });
  return bookTrade(state, bar, print.p, print.s, t);
}
