/**
 * A market cursor walks the simulated market forward one second at a time and returns the wire
 * events of each second. It is pure apart from its own state: time comes in as a parameter, and
 * all randomness is drawn from counter-based streams (prng.ts), so two cursors with the same seed
 * produce the same events, and the delayed feed is simply a second cursor 15 minutes behind.
 */
import { parseOptionTicker } from '../../massive/symbology.js';
import { intBetween, normal, streamFor, unitFromName } from './prng.js';
import { theoretical, underlyingOfRoot, type ContractSpec } from './options.js';
import { instrumentSpec } from './universe.js';
import { nextNewYorkTime } from './session.js';
import {
  aggPayload, bookTrade, indexAggPayload, rollDay, round2, type Bar, type InstrumentState, type OptionState,
  type SimEvent, type UnderlyingState,
} from './state.js';

const STOCK_EXCHANGES = [4, 7, 8, 10, 11, 12, 15, 19, 21];
const OPTION_EXCHANGES = [300, 301, 302, 303, 307, 308, 309, 312, 313, 316, 319, 322, 323, 325];

/** A scripted price move (tests, demos): multiply `sym`'s price by `factor` at `atMs`. */
export interface Jump {
  readonly sym: string;
  readonly atMs: number;
  readonly factor: number;
}

export class MarketCursor {
  /** Start of the next second to simulate (ms, whole second). */
  time: number;
  readonly underlyings = new Map<string, UnderlyingState>();
  readonly options = new Map<string, OptionState>();
  private readonly shocks = new Map<string, number>();
  private shockStep = -1;
  /** Next 16:00 and 04:00 New York, where day statistics close and roll over. */
  private nextClose: number;
  private nextRoll: number;

  constructor(
    readonly seed: number,
    readonly anchorMs: number,
    private readonly jumps: readonly Jump[],
  ) {
    this.anchorMs = anchorMs - (anchorMs % 1000);
    this.time = this.anchorMs;
    this.nextClose = nextNewYorkTime(this.time - 1, 16, 0);
    this.nextRoll = nextNewYorkTime(this.time - 1, 4, 0);
  }

  /** Closes the day at 16:00 and starts the next at 04:00 New York, for every instrument. */
  private calendar(s: number): void {
    if (s >= this.nextClose) {
      for (const st of [...this.underlyings.values(), ...this.options.values()]) st.day.close = st.price;
      this.nextClose = nextNewYorkTime(s, 16, 0);
    }
    if (s >= this.nextRoll) {
      for (const st of [...this.underlyings.values(), ...this.options.values()]) rollDay(st.day, st.price);
      this.nextRoll = nextNewYorkTime(s, 4, 0);
    }
  }

  private shock(stream: string, step: number): number {
    if (step !== this.shockStep) {
      this.shocks.clear();
      this.shockStep = step;
    }
    let z = this.shocks.get(stream);
    if (z === undefined) {
      z = normal(streamFor(this.seed, stream, step));
      this.shocks.set(stream, z);
    }
    return z;
  }

  /** Starts following a symbol (and what it depends on). Returns false for an invalid symbol. */
  track(sym: string): boolean {
    if (this.underlyings.has(sym) || this.options.has(sym)) return true;
    const occ = parseOptionTicker(sym);
    if (occ) {
      const underlying = underlyingOfRoot(occ.root);
      if (!this.track(underlying)) return false;
      this.track('I:VIX');
      const spec: ContractSpec = { ticker: sym, root: occ.root, underlying, expiry: occ.expiry, right: occ.right, strike: occ.strike, style: underlying.startsWith('I:') ? 'european' : 'american' };
      this.options.set(sym, newOptionState(this.seed, spec, this.theo(spec, this.time)));
      return true;
    }
    const spec = instrumentSpec(this.seed, sym);
    if (!spec) return false;
    const state: UnderlyingState = {
      kind: spec.kind, spec, sym, logp: Math.log(spec.basePrice), price: spec.basePrice, seq: 1e6 + Math.floor(unitFromName(this.seed, sym, 20) * 9e6),
      tradeId: Math.floor(unitFromName(this.seed, sym, 21) * 1e5), updated: this.time,
      day: { open: spec.open, high: Math.max(spec.open, spec.basePrice), low: Math.min(spec.open, spec.basePrice), volume: spec.initialVolume, pv: spec.initialVolume * (spec.open + spec.basePrice) / 2, prevClose: spec.prevClose },
    };
    // Replay the price path from the anchor so a late subscriber sees the same prices.
    for (let t = this.anchorMs; t < this.time; t += 1000) this.walk(state, t);
    state.price = this.priceOf(state, this.time - 1000);
    if (spec.kind === 'stock') {
      // Snapshots always carry a last trade and quote, even before the first simulated print.
      const half = Math.max(0.01, round2(state.price * 0.00002));
      state.lastTrade = { p: state.price, s: 100, x: 11, t: this.time - 1000, i: String(state.tradeId) };
      state.lastQuote = { bp: round2(state.price - half), ap: round2(state.price - half + Math.max(0.01, 2 * half)), bs: 3, as: 4, bx: 11, ax: 12, t: this.time - 1000 };
    }
    this.underlyings.set(sym, state);
    return true;
  }

  private walk(state: UnderlyingState, s: number): void {
    const step = s / 1000;
    const { spec } = state;
    let d = 0;
    for (const l of spec.loadings) d += l.weight * this.shock(l.stream, step);
    if (spec.revertTo !== undefined) d += (spec.revertSpeed ?? 0) * (spec.revertTo - state.logp);
    for (const j of this.jumps) if (j.sym === state.sym && j.atMs >= s && j.atMs < s + 1000) d += Math.log(j.factor);
    state.logp += d;
  }

  private priceOf(state: UnderlyingState, s: number): number {
    const basis = state.spec.basisNoise ? 1 + state.spec.basisNoise * this.shock(`${state.sym}#b`, s / 1000) : 1;
    return round2(Math.exp(state.logp) * basis);
  }

  /** Theoretical option price and greeks at `t` from the current underlying and VIX. */
  theo(spec: ContractSpec, t: number) {
    const u = this.underlyings.get(spec.underlying);
    const vix = this.underlyings.get('I:VIX')?.price ?? 16;
    const broad = spec.underlying.startsWith('I:') || ['SPY', 'QQQ', 'IWM', 'DIA'].includes(spec.underlying);
    const baseVol = broad ? vix / 100 : 0.22 + unitFromName(this.seed, spec.underlying, 30) * 0.4;
    return theoretical(u?.price ?? spec.strike, spec, t, baseVol);
  }

  /** Moves prices to `ms` without printing trades (start-up fast-forward; cheap). */
  skipTo(ms: number): void {
    for (; this.time + 1000 <= ms; this.time += 1000) {
      this.calendar(this.time);
      for (const state of this.underlyings.values()) {
        this.walk(state, this.time);
        state.price = this.priceOf(state, this.time);
        state.day.high = Math.max(state.day.high, state.price);
        state.day.low = Math.min(state.day.low, state.price);
      }
    }
  }

  /** Simulates seconds until `ms` (exclusive of the partial second) and returns their events. */
  advanceTo(ms: number): SimEvent[] {
    const out: SimEvent[] = [];
    while (this.time + 1000 <= ms) out.push(...this.step());
    return out;
  }

  /** One second of market: prices move, trades and quotes print, bars close. */
  step(): SimEvent[] {
    const s = this.time;
    this.calendar(s);
    const timed: SimEvent[] = [];
    const bars: SimEvent[] = [];
    const minuteEnds = (s + 1000) % 60_000 === 0;
    for (const state of this.underlyings.values()) {
      const prev = state.price;
      this.walk(state, s);
      state.price = this.priceOf(state, s);
      state.updated = s + 999;
      if (state.kind === 'index') this.stepIndex(state, prev, s, timed, bars);
      else this.stepStock(state, prev, s, timed, bars);
    }
    for (const state of this.options.values()) this.stepOption(state, s, timed, bars);
    if (minuteEnds) {
      for (const state of [...this.underlyings.values(), ...this.options.values()]) {
        const m = state.minute;
        if (!m || m.s !== s + 1000 - 60_000) continue;
        state.lastMinute = m;
        const data = state.kind === 'index' ? indexAggPayload('AM', state, m, 60_000) : aggPayload('AM', state, m, 60_000);
        bars.push({ cluster: clusterOf(state), ch: 'AM', sym: state.sym, data });
      }
    }
    timed.sort((a, b) => (a.data.t as number) - (b.data.t as number));
    this.time = s + 1000;
    return [...timed, ...bars];
  }

  private stepIndex(state: UnderlyingState, prev: number, s: number, timed: SimEvent[], bars: SimEvent[]): void {
    const t = s + 500 + Math.floor(streamFor(this.seed, `${state.sym}#t`, s / 1000)() * 400);
    timed.push({ cluster: 'indices', ch: 'V', sym: state.sym, data: { ev: 'V', val: state.price, T: state.sym, t } });
    const bar = bookTrade(state, { s, o: prev, h: Math.max(prev, state.price), l: Math.min(prev, state.price), c: prev, v: 0, pv: 0, n: 0 }, state.price, 0, t);
    bars.push({ cluster: 'indices', ch: 'A', sym: state.sym, data: indexAggPayload('A', state, bar, 1000) });
  }

  private stepStock(state: UnderlyingState, prev: number, s: number, timed: SimEvent[], bars: SimEvent[]): void {
    const rng = streamFor(this.seed, `${state.sym}#t`, s / 1000);
    const spread = Math.max(0.01, round2(state.price * 0.00004));
    const n = Math.floor(state.spec.activity * 2 * rng() + rng());
    const offsets = Array.from({ length: n }, () => Math.floor(rng() * 1000)).sort((a, b) => a - b);
    let bar: Bar | undefined;
    for (const off of offsets) {
      const mid = prev + ((state.price - prev) * off) / 1000;
      const p = round2(mid + (rng() - 0.5) * spread);
      const odd = rng() < 0.35;
      const size = odd ? intBetween(rng, 1, 99) : rng() < 0.03 ? intBetween(rng, 10, 100) * 100 : intBetween(rng, 1, 5) * 100;
      const x = STOCK_EXCHANGES[intBetween(rng, 0, STOCK_EXCHANGES.length - 1)]!;
      const t = s + off;
      state.seq += intBetween(rng, 1, 30);
      const i = String(++state.tradeId);
      const c = odd ? [37] : undefined;
      state.lastTrade = { p, s: size, x, t, i, ...(c ? { c } : {}) };
      bar = bookTrade(state, bar, p, size, t);
      timed.push({ cluster: 'stocks', ch: 'T', sym: state.sym, data: { ev: 'T', sym: state.sym, x, i, z: state.spec.tape, p, s: size, ...(c ? { c } : {}), t, q: state.seq } });
    }
    const bid = round2(state.price - spread / 2 - (rng() < 0.3 ? 0.01 : 0));
    const ask = round2(Math.max(bid + 0.01, state.price + spread / 2));
    const t = s + intBetween(rng, 0, 999);
    const quote = { bp: bid, ap: ask, bs: intBetween(rng, 1, 12), as: intBetween(rng, 1, 12), bx: STOCK_EXCHANGES[intBetween(rng, 0, 8)]!, ax: STOCK_EXCHANGES[intBetween(rng, 0, 8)]!, t };
    state.lastQuote = quote;
    state.seq += intBetween(rng, 1, 30);
    timed.push({ cluster: 'stocks', ch: 'Q', sym: state.sym, data: { ev: 'Q', sym: state.sym, bx: quote.bx, bp: bid, bs: quote.bs, ax: quote.ax, ap: ask, as: quote.as, t, q: state.seq, z: state.spec.tape } });
    if (bar) bars.push({ cluster: 'stocks', ch: 'A', sym: state.sym, data: aggPayload('A', state, bar, 1000) });
  }

  private stepOption(state: OptionState, s: number, timed: SimEvent[], bars: SimEvent[]): void {
    const rng = streamFor(this.seed, `${state.sym}#t`, s / 1000);
    const theo = this.theo(state.spec, s);
    state.price = theo.price;
    state.updated = s + 999;
    const mid = Math.max(0.01, theo.price);
    const half = Math.max(0.01, round2(mid * 0.015));
    const bid = Math.max(0, round2(mid - half));
    const ask = round2(Math.max(bid + 0.01, mid + half));
    const moved = !state.lastQuote || state.lastQuote.bp !== bid || state.lastQuote.ap !== ask;
    if (moved || rng() < 0.2) {
      const bx = OPTION_EXCHANGES[intBetween(rng, 0, OPTION_EXCHANGES.length - 1)]!;
      const quote = { bp: bid, ap: ask, bs: intBetween(rng, 1, 250), as: intBetween(rng, 1, 250), bx, ax: bx, t: s + intBetween(rng, 0, 999) };
      state.lastQuote = quote;
      state.seq += intBetween(rng, 1, 50);
      timed.push({ cluster: 'options', ch: 'Q', sym: state.sym, data: { ev: 'Q', sym: state.sym, bx, ax: bx, bp: bid, ap: ask, bs: quote.bs, as: quote.as, t: quote.t, q: state.seq } });
    }
    // Near-the-money contracts trade most; a sweep prints on several exchanges in one ms.
    const activity = 0.03 + 0.25 * Math.exp(-(((Math.abs(theo.delta) - 0.5) / 0.25) ** 2));
    if (rng() >= activity) return;
    const sweep = rng() < 0.1;
    const legs = sweep ? intBetween(rng, 2, 4) : 1;
    const t = s + intBetween(rng, 0, 999);
    const atAsk = rng() < 0.5;
    let bar: Bar | undefined;
    for (let leg = 0; leg < legs; leg++) {
      const p = atAsk ? ask : rng() < 0.7 ? bid : round2((bid + ask) / 2);
      const size = rng() < 0.04 ? intBetween(rng, 100, 800) : intBetween(rng, 1, 30);
      const x = OPTION_EXCHANGES[intBetween(rng, 0, OPTION_EXCHANGES.length - 1)]!;
      const c = [sweep ? 219 : 209];
      state.seq += intBetween(rng, 1, 50);
      state.lastTrade = { p, s: size, x, t, i: String(++state.tradeId), c };
      bar = bookTrade(state, bar, p, size, t);
      timed.push({ cluster: 'options', ch: 'T', sym: state.sym, data: { ev: 'T', sym: state.sym, x, p, s: size, c, t, q: state.seq } });
    }
    if (bar) bars.push({ cluster: 'options', ch: 'A', sym: state.sym, data: aggPayload('A', state, bar, 1000) });
  }
}

export function clusterOf(state: InstrumentState): 'stocks' | 'options' | 'indices' {
  return state.kind === 'option' ? 'options' : state.kind === 'index' ? 'indices' : 'stocks';
}

/** Day statistics for a contract we start following mid-session, from hashes of its name. */
export function newOptionState(seed: number, spec: ContractSpec, theo: { price: number; delta: number }): OptionState {
  const u = (salt: number) => unitFromName(seed, spec.ticker, salt);
  const price = round2(Math.max(0.01, theo.price));
  const prevClose = round2(Math.max(0.01, price * (1 + (u(1) - 0.5) * 0.2)));
  const open = round2(Math.max(0.01, prevClose * (1 + (u(2) - 0.5) * 0.1)));
  const near = Math.exp(-(((Math.abs(theo.delta) - 0.5) / 0.3) ** 2));
  const volume = Math.round(near * u(3) * 5000);
  return {
    kind: 'option', spec, sym: spec.ticker, price, seq: 1e7 + Math.floor(u(4) * 9e7), tradeId: 0, updated: 0,
    openInterest: Math.round(200 + near * u(5) * 40_000),
    day: { open, high: Math.max(open, price), low: Math.min(open, price), volume, pv: volume * (open + price) / 2, prevClose },
  };
}
