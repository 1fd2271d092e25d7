/**
 * SimMarket: the seeded synthetic market behind the simulator. Pure (no timers, no clock): the
 * server asks it to advance to an instant and routes the events it returns. The live cursor and
 * the 15-minute delayed cursor share one anchor, so the delayed feed replays the live prices.
 */
import { chainGrid, strikeStep, underlyingOfRoot, type ContractSpec, type Theo } from './options.js';
import { ChainListing } from './chain-listing.js';
import { MarketCursor, newOptionState, type Jump } from './cursor.js';
import { BASE_INDICES, BASE_STOCKS } from './universe.js';
import type { InstrumentState, OptionState, SimEvent } from './state.js';
import { parseOptionTicker } from '../../massive/symbology.js';
import { sessionPhase } from './session.js';
import { resolveScript, type ScriptedOptionPrint, type ScriptResult } from './script.js';
import { DELAY_MS } from '../../massive/entitlements.js';

/** How far the delayed feed runs behind: the one constant the client's plan model uses too. */
export { DELAY_MS };

export interface SimMarketOptions {
  /** @default 7 */
  readonly seed?: number;
  /** Market time at which the live feed starts (ms). */
  readonly startMs: number;
  /** Follow a window of near-the-money SPY/QQQ contracts from the start so `T.*` on options flows. @default true */
  readonly optionsFirehose?: boolean;
  /** Random option trades; off leaves scripted prints as the only option trades. @default true */
  readonly naturalOptionTrades?: boolean;
}

export interface AdvanceResult {
  readonly live: SimEvent[];
  readonly delayed: SimEvent[];
}

export class SimMarket {
  readonly seed: number;
  readonly startMs: number;
  readonly live: MarketCursor;
  readonly delayed: MarketCursor;
  private readonly jumps: Jump[] = [];
  private readonly chains = new Map<string, ChainListing>();

  constructor(options: SimMarketOptions) {
    this.seed = options.seed ?? 7;
    this.startMs = options.startMs - (options.startMs % 1000);
    const anchor = this.startMs - DELAY_MS;
    this.live = new MarketCursor(this.seed, anchor, this.jumps);
    this.delayed = new MarketCursor(this.seed, anchor, this.jumps);
    for (const sym of [...BASE_INDICES, ...BASE_STOCKS]) this.track(sym);
    this.live.skipTo(this.startMs);
    this.setNaturalOptionTrades(options.naturalOptionTrades ?? true);
    if (options.optionsFirehose ?? true) {
      for (const u of ['SPY', 'QQQ']) for (const c of this.firehoseWindow(u)) this.track(c.ticker);
    }
  }

  /** Current live market time (start of the next second to simulate). */
  now(): number {
    return this.live.time;
  }

  /** Market time of a feed: the live one, or the delayed one 15 minutes behind it. */
  timeOf(feed: 'live' | 'delayed'): number {
    return feed === 'live' ? this.live.time : this.delayed.time;
  }

  /** Starts streaming a symbol on both feeds; false when it is not a valid ticker. */
  track(sym: string): boolean {
    return this.live.track(sym) && this.delayed.track(sym);
  }

  isTracked(sym: string): boolean {
    return this.live.underlyings.has(sym) || this.live.options.has(sym);
  }

  /** Advances the live feed to `ms` and the delayed feed to `ms - 15 min`. */
  advanceTo(ms: number): AdvanceResult {
    return { live: this.live.advanceTo(ms), delayed: this.delayed.advanceTo(ms - DELAY_MS) };
  }

  /** Moves both feeds to `ms` without printing (catching up after the process was suspended). */
  skipTo(ms: number): void {
    this.live.skipTo(ms);
    this.delayed.skipTo(ms - DELAY_MS);
  }

  /** Live state of a symbol (tracked on demand), or undefined for an invalid ticker. */
  state(sym: string, feed: 'live' | 'delayed' = 'live'): InstrumentState | undefined {
    if (!this.track(sym)) return undefined;
    const cursor = feed === 'live' ? this.live : this.delayed;
    return cursor.underlyings.get(sym) ?? cursor.options.get(sym);
  }

  /** Last price of a symbol, or undefined for an invalid ticker. */
  price(sym: string): number | undefined {
    return this.state(sym)?.price;
  }

  /** Scripts a move: multiplies the price of a stock or index by `factor` at `atMs` (default: the next second). */
  jump(sym: string, factor: number, atMs = this.live.time): void {
    this.track(sym);
    this.jumps.push({ sym, atMs, factor });
  }

  /** Scripts the price of a stock or index to `price` from the next second. */
  setPrice(sym: string, price: number): void {
    const now = this.price(sym);
    if (now !== undefined && now > 0) this.jump(sym, price / now);
  }

  /** Turns random option trades on or off on both feeds (quotes keep flowing). */
  setNaturalOptionTrades(on: boolean): void {
    this.live.naturalOptionTrades = on;
    this.delayed.naturalOptionTrades = on;
  }

  /**
   * Test hook: makes the given option prints appear on the live options feed (for subscribed
   * clients), each at `now + atOffsetMs` of market time and preceded by a consistent NBBO quote,
   * whatever the session. Contracts are given, or picked from the chain by right, strike (nearest
   * listed; default at the money) and days to expiry (first expiry at least `dte` days out;
   * default the nearest). The delayed feed does not replay scripted prints. Throws on bad input.
   */
  scriptOptionTrades(underlying: string, prints: readonly ScriptedOptionPrint[]): ScriptResult[] {
    const spot = this.price(underlying);
    if (spot === undefined || underlying.startsWith('O:'))
      throw new TypeError(`unknown underlying ${JSON.stringify(underlying)}`);
    const resolved = resolveScript(this.chain(underlying), spot, this.live.time, prints);
    for (const p of resolved) this.track(p.contract);
    this.live.schedule(resolved);
    return resolved.map((p) => ({ contract: p.contract, t: p.t }));
  }

  /** The listed contracts of an underlying (stock or `I:` index), made afresh on each call. */
  chain(underlying: string): ContractSpec[] {
    return this.listing(underlying)?.list() ?? [];
  }

  /** An underlying's listing, worked out once per trading day. */
  private listing(underlying: string): ChainListing | undefined {
    const ref = this.state(underlying);
    if (!ref || ref.kind === 'option') return undefined;
    const key = `${underlying}@${new Date(this.live.time).toISOString().slice(0, 10)}`;
    let listing = this.chains.get(key);
    if (!listing) {
      listing = new ChainListing(
        chainGrid(
          underlying,
          ref.day.prevClose,
          this.live.time,
          (date) => sessionPhase(Date.parse(`${date}T16:00:00Z`)) === 'closed',
        ),
      );
      this.chains.set(key, listing);
    }
    return listing;
  }

  /** A listed contract's spec, or undefined when the ticker is not in its underlying's chain. */
  contract(ticker: string): ContractSpec | undefined {
    const occ = parseOptionTicker(ticker);
    if (!occ) return undefined;
    return this.listing(underlyingOfRoot(occ.root))?.get(ticker);
  }

  /**
   * A contract as a feed sees it, for REST snapshots without streaming it: the tracked state when
   * some socket follows it, otherwise a fresh state priced at that feed's time (cheap enough for a
   * 250-row page; the delayed feed prices it off the underlying 15 minutes ago).
   */
  contractView(spec: ContractSpec, feed: 'live' | 'delayed' = 'live'): { state: OptionState; theo: Theo } {
    const cursor = feed === 'live' ? this.live : this.delayed;
    const theo = cursor.theo(spec, cursor.time);
    const state =
      cursor.options.get(spec.ticker) ??
      newOptionState(this.seed, spec, theo, cursor.openInterestBasis(spec.underlying));
    return { state, theo };
  }

  /**
   * Contracts of the two nearest expiries within ±3 % of the money, on the coarse strike step
   * only: every tracked contract costs work each simulated second, so the $1 strikes of the grid
   * (4–5× as many) stream only when someone subscribes to them.
   */
  private firehoseWindow(underlying: string): ContractSpec[] {
    const chain = this.chain(underlying);
    const spot = this.price(underlying) ?? 0;
    const step = strikeStep(spot);
    const expiries = [...new Set(chain.map((c) => c.expiry))].slice(0, 2);
    const onStep = (k: number) => Math.abs(k / step - Math.round(k / step)) < 1e-9;
    return chain.filter(
      (c) => expiries.includes(c.expiry) && onStep(c.strike) && Math.abs(c.strike / spot - 1) <= 0.03,
    );
  }
}
