/**
 * A market cursor walks the simulated market forward one second at a time and returns the wire
 * events of each second. It is pure apart from its own state: time comes in as a parameter, and
 * all randomness is drawn from counter-based streams (prng.ts), so two cursors with the same seed
 * produce the same events, and the delayed feed is simply a second cursor 15 minutes behind.
 */
import { parseOptionTicker } from '../../massive/symbology.js';
import { normal, streamFor, unitFromName } from './prng.js';
import { theoretical, underlyingOfRoot, type ContractSpec } from './options.js';
import { instrumentSpec } from './universe.js';
import { simDayVolume, simOpenInterest } from './open-interest.js';
import { newYorkTime, nextNewYorkTime } from './session.js';
import { ActivityCache } from './profile.js';
import { stepIndex, stepOption, stepStock, type ScheduledPrint } from './steps.js';
import {
  aggPayload,
  indexAggPayload,
  rollDay,
  round2,
  type DayStats,
  type InstrumentState,
  type OptionState,
  type SimEvent,
  type UnderlyingState,
} from './state.js';

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
  /** Next 09:30 New York; `opening` is true during the first second at or after it. */
  private nextOpen: number;
  private opening = false;
  private readonly activity = new ActivityCache();
  private readonly scripted: ScheduledPrint[] = [];
  /** Random option trades on (quotes always follow the model). */
  naturalOptionTrades = true;

  constructor(
    readonly seed: number,
    readonly anchorMs: number,
    private readonly jumps: readonly Jump[],
  ) {
    this.anchorMs = anchorMs - (anchorMs % 1000);
    this.time = this.anchorMs;
    this.nextClose = nextNewYorkTime(this.time - 1, 16, 0);
    this.nextRoll = nextNewYorkTime(this.time - 1, 4, 0);
    this.nextOpen = nextNewYorkTime(this.time - 1, 9, 30);
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
    this.opening = s >= this.nextOpen;
    if (this.opening) this.nextOpen = nextNewYorkTime(s, 9, 30);
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

  /**
   * The basis of today's open interest and volume on `underlying`: its previous close, with the
   * day taken at its UTC start so open interest holds all session, and how much of the session
   * has gone by for the volume.
   */
  openInterestBasis(underlying: string): OpenInterestBasis | undefined {
    const ref = this.underlyings.get(underlying)?.day.prevClose;
    if (ref === undefined) return undefined;
    const minutes = newYorkTime(this.time).minutes;
    return {
      refPrice: ref,
      nowMs: Math.floor(this.time / 86_400_000) * 86_400_000,
      sessionFraction: (minutes - 570) / 390,
    };
  }

  /** Starts following a symbol (and what it depends on). Returns false for an invalid symbol. */
  track(sym: string): boolean {
    if (this.underlyings.has(sym) || this.options.has(sym)) return true;
    const occ = parseOptionTicker(sym);
    if (occ) {
      const underlying = underlyingOfRoot(occ.root);
      if (!this.track(underlying)) return false;
      this.track('I:VIX');
      const spec: ContractSpec = {
        ticker: sym,
        root: occ.root,
        underlying,
        expiry: occ.expiry,
        right: occ.right,
        strike: occ.strike,
        style: underlying.startsWith('I:') ? 'european' : 'american',
      };
      this.options.set(
        sym,
        newOptionState(this.seed, spec, this.theo(spec, this.time), this.openInterestBasis(underlying)),
      );
      return true;
    }
    const spec = instrumentSpec(this.seed, sym);
    if (!spec) return false;
    const state: UnderlyingState = {
      kind: spec.kind,
      spec,
      sym,
      logp: Math.log(spec.basePrice),
      price: spec.basePrice,
      seq: 1e6 + Math.floor(unitFromName(this.seed, sym, 20) * 9e6),
      tradeId: Math.floor(unitFromName(this.seed, sym, 21) * 1e5),
      updated: this.time,
      day: {
        open: spec.open,
        high: Math.max(spec.open, spec.basePrice),
        low: Math.min(spec.open, spec.basePrice),
        volume: spec.initialVolume,
        pv: (spec.initialVolume * (spec.open + spec.basePrice)) / 2,
        prevClose: spec.prevClose,
      },
    };
    // Replay the price path from the anchor so a late subscriber sees the same prices.
    // Replay the session rules too: no moves while closed, index values frozen outside hours.
    for (let t = this.anchorMs; t < this.time; t += 1000) {
      const act = this.activity.at(t);
      if (!act.moves) continue;
      this.walk(state, t);
      if (spec.kind === 'stock' || act.indices) state.price = this.priceOf(state, t);
    }
    if (spec.kind === 'stock') {
      // Snapshots always carry a last trade and quote, even before the first simulated print.
      const half = Math.max(0.01, round2(state.price * 0.00002));
      state.lastTrade = { p: state.price, s: 100, x: 11, t: this.time - 1000, i: String(state.tradeId) };
      // The quote stamped a few ms after the trade, as the two SIP feeds never share a clock.
      state.lastQuote = {
        bp: round2(state.price - half),
        ap: round2(state.price - half + Math.max(0.01, 2 * half)),
        bs: 3,
        as: 4,
        bx: 11,
        ax: 12,
        t: this.time - 996,
      };
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
      const act = this.activity.at(this.time);
      this.calendar(this.time);
      if (!act.moves) continue;
      for (const state of this.underlyings.values()) {
        this.walk(state, this.time);
        if (state.kind === 'index' && !act.indices) continue;
        state.price = this.priceOf(state, this.time);
        // Snapshots' `updated` must say how fresh the price is, also right after a fast-forward.
        state.updated = this.time + 999;
        if (this.opening) resetOpen(state.day, state.price);
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

  /** Queues scripted option prints (live feed only); they print in the second their `t` falls in. */
  schedule(prints: readonly ScheduledPrint[]): void {
    this.scripted.push(...prints);
    this.scripted.sort((a, b) => a.t - b.t);
  }

  /** Scripted prints due before `end`, grouped by contract. */
  private takeScripted(end: number): Map<string, ScheduledPrint[]> | undefined {
    let n = 0;
    while (n < this.scripted.length && this.scripted[n]!.t < end) n++;
    if (n === 0) return undefined;
    const due = new Map<string, ScheduledPrint[]>();
    for (const p of this.scripted.splice(0, n)) due.set(p.contract, [...(due.get(p.contract) ?? []), p]);
    return due;
  }

  /** One second of market: prices move, trades and quotes print, bars close, all as the session allows. */
  step(): SimEvent[] {
    const s = this.time;
    const act = this.activity.at(s);
    this.calendar(s);
    const timed: SimEvent[] = [];
    const bars: SimEvent[] = [];
    const minuteEnds = (s + 1000) % 60_000 === 0;
    if (act.moves) {
      for (const state of this.underlyings.values()) {
        const prev = state.price;
        this.walk(state, s);
        // Index values are only calculated in regular hours; they gap to the market at the open.
        if (state.kind === 'index' && !act.indices) continue;
        state.price = this.priceOf(state, s);
        state.updated = s + 999;
        if (this.opening) resetOpen(state.day, state.price);
        if (state.kind === 'index') stepIndex(this.seed, state, prev, s, timed, bars);
        else stepStock(this.seed, state, prev, s, act.stocks, timed, bars);
      }
    }
    const scripted = this.takeScripted(s + 1000);
    for (const state of this.options.values()) {
      const mine = scripted?.get(state.sym);
      if (act.options <= 0 && !mine) continue;
      stepOption(
        this.seed,
        state,
        this.theo(state.spec, s),
        s,
        act.options,
        this.naturalOptionTrades,
        mine,
        timed,
        bars,
      );
    }
    if (minuteEnds) {
      for (const state of [...this.underlyings.values(), ...this.options.values()]) {
        const m = state.minute;
        if (!m || m.s !== s + 1000 - 60_000) continue;
        state.lastMinute = m;
        const data =
          state.kind === 'index' ? indexAggPayload('AM', state, m, 60_000) : aggPayload('AM', state, m, 60_000);
        bars.push({ cluster: clusterOf(state), ch: 'AM', sym: state.sym, data });
      }
    }
    timed.sort((a, b) => (a.at ?? (a.data.t as number)) - (b.at ?? (b.data.t as number)));
    this.time = s + 1000;
    return [...timed, ...bars];
  }
}

/** The regular-session open: the day's official open, high and low start from the first price. */
function resetOpen(day: DayStats, price: number): void {
  day.open = price;
  day.high = price;
  day.low = price;
}

export function clusterOf(state: InstrumentState): 'stocks' | 'options' | 'indices' {
  return state.kind === 'option' ? 'options' : state.kind === 'index' ? 'indices' : 'stocks';
}

/** What the day's open interest is counted against: the underlying's previous close, at `time`. */
export interface OpenInterestBasis {
  readonly refPrice: number;
  readonly nowMs: number;
  /** Share of the regular session gone by (0 before 09:30, 1 from 16:00), for the day's volume. */
  readonly sessionFraction: number;
}

/**
 * Day statistics for a contract we start following mid-session, from hashes of its name; open
 * interest and volume from `basis` when given (see open-interest.ts), else from how near the
 * money it is.
 */
export function newOptionState(
  seed: number,
  spec: ContractSpec,
  theo: { price: number; delta: number },
  basis?: OpenInterestBasis,
): OptionState {
  const u = (salt: number) => unitFromName(seed, spec.ticker, salt);
  const price = round2(Math.max(0.01, theo.price));
  const prevClose = round2(Math.max(0.01, price * (1 + (u(1) - 0.5) * 0.2)));
  const open = round2(Math.max(0.01, prevClose * (1 + (u(2) - 0.5) * 0.1)));
  const near = Math.exp(-(((Math.abs(theo.delta) - 0.5) / 0.3) ** 2));
  const volume =
    basis && basis.refPrice > 0
      ? simDayVolume(seed, spec, basis.refPrice, basis.nowMs, basis.sessionFraction)
      : Math.round(near * u(3) * 5000);
  return {
    kind: 'option',
    spec,
    sym: spec.ticker,
    price,
    seq: 1e7 + Math.floor(u(4) * 9e7),
    tradeId: 0,
    updated: 0,
    openInterest:
      basis && basis.refPrice > 0
        ? simOpenInterest(seed, spec, basis.refPrice, basis.nowMs)
        : Math.round(200 + near * u(5) * 40_000),
    day: {
      open,
      high: Math.max(open, price),
      low: Math.min(open, price),
      volume,
      pv: (volume * (open + price)) / 2,
      prevClose,
    },
  };
}
