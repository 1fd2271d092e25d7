/**
 * One simulated second of one instrument: what it prints given how busy the session is. Split
 * from the cursor (which owns time, prices and the calendar) so each stays readable.
 */
import { intBetween, streamFor } from './prng.js';
import type { Theo } from './options.js';
import { STOCK_ODD_LOT } from './conditions.js';
import {
  emitOptionQuote,
  emitOptionTrade,
  MIN_OPTION_TICK,
  naturalOptionPrints,
  optionNbbo,
  OPTION_EXCHANGES,
  pennyEverywhere,
  placePrice,
  type PricePlacement,
} from './option-flow.js';
import {
  aggPayload,
  bookTrade,
  indexAggPayload,
  round2,
  type Bar,
  type OptionState,
  type SimEvent,
  type UnderlyingState,
} from './state.js';

const STOCK_EXCHANGES = [4, 7, 8, 10, 11, 12, 15, 19, 21];

/** A print scheduled by `SimMarket.scriptOptionTrades`, resolved to a contract and an instant. */
export interface ScheduledPrint {
  readonly contract: string;
  readonly t: number;
  readonly exchange: number;
  readonly price: number | PricePlacement;
  readonly size: number;
  readonly conditions: readonly number[];
}

/** Index value and its second bar; published only while the index is calculated. */
export function stepIndex(
  seed: number,
  state: UnderlyingState,
  prev: number,
  s: number,
  timed: SimEvent[],
  bars: SimEvent[],
): void {
  const t = s + 500 + Math.floor(streamFor(seed, `${state.sym}#t`, s / 1000)() * 400);
  timed.push({ cluster: 'indices', ch: 'V', sym: state.sym, data: { ev: 'V', val: state.price, T: state.sym, t } });
  const bar = bookTrade(
    state,
    { s, o: prev, h: Math.max(prev, state.price), l: Math.min(prev, state.price), c: prev, v: 0, pv: 0, n: 0 },
    state.price,
    0,
    t,
  );
  bars.push({ cluster: 'indices', ch: 'A', sym: state.sym, data: indexAggPayload('A', state, bar, 1000) });
}

/** How far behind its SIP stamp a stock trade reaches the feed (0–6 ms, from its id: no extra draw). */
function tradeLag(tradeId: number): number {
  return tradeId % 7;
}

/**
 * Stock trades and a quote; `level` scales the trade rate (volume profile, thin extended hours).
 * The quote follows the second's last trade by a few ms (the book reacting to it), and trades
 * arrive a few ms late, so a frame can carry a quote before an earlier-stamped trade.
 */
export function stepStock(
  seed: number,
  state: UnderlyingState,
  prev: number,
  s: number,
  level: number,
  timed: SimEvent[],
  bars: SimEvent[],
): void {
  const rng = streamFor(seed, `${state.sym}#t`, s / 1000);
  // Extended hours: fewer participants, wider markets.
  const spread = Math.max(0.01, round2(state.price * 0.00004 * (level < 0.5 ? 4 : 1)));
  const n = Math.floor(state.spec.activity * level * 2 * rng() + rng());
  const offsets = Array.from({ length: n }, () => Math.floor(rng() * 1000)).sort((a, b) => a - b);
  let bar: Bar | undefined;
  for (const off of offsets) {
    const mid = prev + ((state.price - prev) * off) / 1000;
    const p = round2(mid + (rng() - 0.5) * spread);
    const odd = rng() < 0.35;
    const size = odd
      ? intBetween(rng, 1, 99)
      : rng() < 0.03
        ? intBetween(rng, 10, 100) * 100
        : intBetween(rng, 1, 5) * 100;
    const x = STOCK_EXCHANGES[intBetween(rng, 0, STOCK_EXCHANGES.length - 1)]!;
    const t = s + off;
    state.seq += intBetween(rng, 1, 30);
    const i = String(++state.tradeId);
    const c = odd ? [STOCK_ODD_LOT] : undefined;
    state.lastTrade = { p, s: size, x, t, i, ...(c ? { c } : {}) };
    bar = bookTrade(state, bar, p, size, t);
    timed.push({
      cluster: 'stocks',
      ch: 'T',
      sym: state.sym,
      at: t + tradeLag(state.tradeId),
      data: { ev: 'T', sym: state.sym, x, i, z: state.spec.tape, p, s: size, ...(c ? { c } : {}), t, q: state.seq },
    });
  }
  if (bar) bars.push({ cluster: 'stocks', ch: 'A', sym: state.sym, data: aggPayload('A', state, bar, 1000) });
  // Quotes update every second in regular hours, less often when the book is thin.
  if (level < 1 && rng() >= level + 0.2) return;
  const bid = round2(state.price - spread / 2 - (rng() < 0.3 ? 0.01 : 0));
  const ask = round2(Math.max(bid + 0.01, state.price + spread / 2));
  const lastOff = offsets[offsets.length - 1];
  const t =
    lastOff === undefined ? s + intBetween(rng, 0, 999) : Math.min(s + 999, s + lastOff + intBetween(rng, 1, 6));
  const quote = {
    bp: bid,
    ap: ask,
    bs: intBetween(rng, 1, 12),
    as: intBetween(rng, 1, 12),
    bx: STOCK_EXCHANGES[intBetween(rng, 0, 8)]!,
    ax: STOCK_EXCHANGES[intBetween(rng, 0, 8)]!,
    t,
  };
  state.lastQuote = quote;
  state.seq += intBetween(rng, 1, 30);
  timed.push({
    cluster: 'stocks',
    ch: 'Q',
    sym: state.sym,
    data: {
      ev: 'Q',
      sym: state.sym,
      bx: quote.bx,
      bp: bid,
      bs: quote.bs,
      ax: quote.ax,
      ap: ask,
      as: quote.as,
      t,
      q: state.seq,
      z: state.spec.tape,
    },
  });
}

/**
 * A contract's second: scripted prints when there are any (with a consistent quote just before,
 * and no random prints that could move the NBBO in between), else the natural flow scaled by
 * `level` (0 outside regular hours: options do not trade then); `natural` false keeps only the
 * quotes, so a test's scripted prints are the only trades. A contract worth less than the minimum
 * tick does not trade at all (nobody sells for nothing; scripted prints still go off, at a cent).
 */
export function stepOption(
  seed: number,
  state: OptionState,
  theo: Theo,
  s: number,
  level: number,
  natural: boolean,
  scripted: readonly ScheduledPrint[] | undefined,
  timed: SimEvent[],
  bars: SimEvent[],
): void {
  if (level <= 0 && !scripted) return;
  const rng = streamFor(seed, `${state.sym}#t`, s / 1000);
  // The last price is a price the contract could print at: whole cents, at least one.
  state.price = Math.max(MIN_OPTION_TICK, round2(theo.price));
  state.updated = s + 999;
  const nbbo = optionNbbo(theo.price);
  const penny = pennyEverywhere(state.spec.underlying);
  let bar: Bar | undefined;
  if (scripted) {
    const first = Math.min(...scripted.map((p) => p.t));
    emitOptionQuote(
      state,
      nbbo,
      Math.max(s, first - 1),
      scripted[0]!.exchange,
      [intBetween(rng, 50, 250), intBetween(rng, 50, 250)],
      1,
      timed,
    );
    for (const p of scripted) {
      bar = emitOptionTrade(
        state,
        bar,
        { x: p.exchange, p: placePrice(p.price, nbbo, penny), s: p.size, c: p.conditions },
        Math.max(s, p.t),
        1,
        timed,
      );
    }
  } else {
    const moved = !state.lastQuote || state.lastQuote.bp !== nbbo.bid || state.lastQuote.ap !== nbbo.ask;
    if (moved || rng() < 0.2) {
      const x = OPTION_EXCHANGES[intBetween(rng, 0, OPTION_EXCHANGES.length - 1)]!;
      emitOptionQuote(
        state,
        nbbo,
        s + intBetween(rng, 0, 999),
        x,
        [intBetween(rng, 1, 250), intBetween(rng, 1, 250)],
        intBetween(rng, 1, 50),
        timed,
      );
    }
    // Near-the-money contracts trade most.
    const nearness = Math.exp(-(((Math.abs(theo.delta) - 0.5) / 0.25) ** 2));
    const chance = natural && theo.price >= MIN_OPTION_TICK ? Math.min(0.95, (0.03 + 0.25 * nearness) * level) : 0;
    for (const print of naturalOptionPrints(rng, chance, nbbo, penny)) {
      bar = emitOptionTrade(state, bar, print, s + print.off, intBetween(rng, 1, 50), timed);
    }
  }
  if (bar) bars.push({ cluster: 'options', ch: 'A', sym: state.sym, data: aggPayload('A', state, bar, 1000) });
}
