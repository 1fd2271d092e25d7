/**
 * Incremental options-flow aggregator. Feed it quotes (`quote`), contract facts (`setContract`,
 * `setSpot`) and trades in time order (`trade`); it returns FlowPrints as they become final.
 *
 * Emission: a regular print opens (or joins) its contract's window of `windowMs` from the window's
 * first print; the window closes when a later print (of any contract) or `flush(now)` shows its
 * time is past, and it is emitted as one sweep/split (2+ prints) or one single/block. Prints whose
 * side is meaningless (late, out of sequence, cross, multi-leg) are emitted at once and never
 * joined. Cancel prints are not trades: they are counted in `stats().canceled` and not emitted.
 * Every other print ends up in exactly one emitted FlowPrint, so summaries never double count;
 * `flush(Infinity)` drains everything (on shutdown, or in tests).
 */
import { parseOptionTicker, type OptionTicker } from '../../massive/symbology.js';
import { nyDate } from '../../lib/new-york.js';
import type { FlowPrint } from '../types.js';
import { conditionTraits, isSidelessPrint } from './conditions.js';
import { buildFlowPrint, DEFAULT_FLOW_THRESHOLDS, type ClassifiedFill, type FlowThresholds } from './order.js';
import { QuoteBook, type BookQuote } from './quote-book.js';
import { classifySide, type SideOptions } from './side.js';

/** An option trade (`T` on the options cluster). */
export interface OptionTrade {
  readonly contract: string;
  /** SIP time, ms. */
  readonly time: number;
  readonly price: number;
  /** Contracts. */
  readonly size: number;
  readonly exchange?: number | undefined;
  readonly conditions?: readonly number[] | undefined;
}

/** Facts about a contract from the chain snapshot. */
export interface ContractInfo {
  /** Prior-day open interest. */
  readonly openInterest?: number | undefined;
  /** Implied volatility as a fraction (0.3 = 30 %). */
  readonly iv?: number | undefined;
  /** Day volume at `now` as given to setContract; later prints add to it. */
  readonly volume?: number | undefined;
}

export interface FlowAggregatorOptions {
  readonly thresholds?: Partial<FlowThresholds>;
  readonly side?: SideOptions;
  /** A QuoteBook to share (e.g. with the liquidity checks); a new one otherwise. */
  readonly quoteBook?: QuoteBook;
  /**
   * Maps an option root to the underlying name used for spot and summaries.
   * @default weekly/PM index roots to their index (SPXW → SPX, NDXP → NDX, RUTW → RUT, VIXW → VIX), others unchanged
   */
  readonly underlyingOf?: (root: string) => string;
}

/** Counters for the status line and tests. */
export interface FlowAggregatorStats {
  readonly accepted: number;
  /** Malformed trades (unparseable contract, non-finite price, size ≤ 0). */
  readonly rejected: number;
  readonly canceled: number;
  readonly emitted: number;
  /** Windows still open. */
  readonly pending: number;
}

const INDEX_ROOTS: Readonly<Record<string, string>> = {
  SPXW: 'SPX',
  SPXPM: 'SPX',
  NDXP: 'NDX',
  RUTW: 'RUT',
  VIXW: 'VIX',
};

/** Default root → underlying mapping (see FlowAggregatorOptions.underlyingOf). */
export function defaultUnderlyingOf(root: string): string {
  return INDEX_ROOTS[root] ?? root;
}

interface Window {
  readonly contract: string;
  readonly option: OptionTicker;
  readonly start: number;
  readonly fills: ClassifiedFill[];
}

interface DayVolume {
  date: string | undefined;
  volume: number;
}

/** Classifies option trades and groups them into sweeps, splits, blocks and singles (see the module comment). */
export class FlowAggregator {
  readonly quotes: QuoteBook;
  readonly #t: FlowThresholds;
  readonly #side: SideOptions;
  readonly #underlyingOf: (root: string) => string;
  readonly #windows = new Map<string, Window>();
  readonly #info = new Map<string, ContractInfo>();
  readonly #volume = new Map<string, DayVolume>();
  readonly #spot = new Map<string, number>();
  #seq = 0;
  #stats = { accepted: 0, rejected: 0, canceled: 0, emitted: 0 };

  constructor(options: FlowAggregatorOptions = {}) {
    this.#t = { ...DEFAULT_FLOW_THRESHOLDS, ...options.thresholds };
    this.#side = options.side ?? {};
    this.quotes = options.quoteBook ?? new QuoteBook();
    this.#underlyingOf = options.underlyingOf ?? defaultUnderlyingOf;
  }

  /** Records the NBBO of a contract (options `Q`). */
  quote(contract: string, quote: BookQuote): boolean {
    return this.quotes.update(contract, quote);
  }

  /** Open interest, IV and day volume of a contract; the volume is dated to `now`'s New York day. */
  setContract(contract: string, info: ContractInfo, now: number): void {
    this.#info.set(contract, { ...this.#info.get(contract), ...info });
    if (info.volume !== undefined && Number.isFinite(info.volume))
      this.#volume.set(contract, { date: nyDate(now), volume: info.volume });
  }

  /** Latest price of an underlying (name as `underlyingOf` gives it: SPY, SPX, …). */
  setSpot(underlying: string, price: number): void {
    if (Number.isFinite(price) && price > 0) this.#spot.set(underlying, price);
  }

  /** Classifies a trade; returns whatever became final (windows closed by its time, or itself). */
  trade(trade: OptionTrade): FlowPrint[] {
    const option = parseOptionTicker(trade.contract);
    const valid =
      option !== undefined &&
      Number.isFinite(trade.time) &&
      Number.isFinite(trade.price) &&
      trade.price >= 0 &&
      Number.isFinite(trade.size) &&
      trade.size > 0;
    if (!valid) {
      this.#stats.rejected++;
      return [];
    }
    const out = this.flush(trade.time);
    const traits = conditionTraits(trade.conditions);
    if (traits.canceled) {
      this.#stats.canceled++;
      return out;
    }
    this.#stats.accepted++;
    const nbbo = this.quotes.at(trade.contract, trade.time);
    const fill: ClassifiedFill = {
      time: trade.time,
      price: trade.price,
      size: trade.size,
      exchange: trade.exchange,
      side: classifySide(trade.price, nbbo?.bid, nbbo?.ask, trade.conditions, this.#side),
      bid: nbbo?.bid,
      ask: nbbo?.ask,
      conditions: trade.conditions ?? [],
      traits,
      volumeAfter: this.#addVolume(trade.contract, trade.time, trade.size),
    };
    if (isSidelessPrint(traits)) {
      out.push(this.#emit(trade.contract, option, [fill]));
      return out;
    }
    const open = this.#windows.get(trade.contract);
    if (open !== undefined) open.fills.push(fill);
    else this.#windows.set(trade.contract, { contract: trade.contract, option, start: trade.time, fills: [fill] });
    return out;
  }

  /**
   * Emits every window whose time is past at `now` (start + windowMs < now), oldest first.
   * `flush(Infinity)` emits all.
   */
  flush(now: number): FlowPrint[] {
    const due = [...this.#windows.values()]
      .filter((w) => w.start + this.#t.windowMs < now)
      .sort((a, b) => a.start - b.start);
    return due.map((w) => {
      this.#windows.delete(w.contract);
      return this.#emit(w.contract, w.option, w.fills);
    });
  }

  stats(): FlowAggregatorStats {
    return { ...this.#stats, pending: this.#windows.size };
  }

  /** Forgets a contract's facts and volume (on unsubscribe); an open window is still emitted by flush. */
  forget(contract: string): void {
    this.#info.delete(contract);
    this.#volume.delete(contract);
    this.quotes.delete(contract);
  }

  #addVolume(contract: string, time: number, size: number): number {
    const date = nyDate(time);
    const v = this.#volume.get(contract);
    if (v === undefined) {
      this.#volume.set(contract, { date, volume: size });
      return size;
    }
    if (v.date !== date) [v.date, v.volume] = [date, 0];
    v.volume += size;
    return v.volume;
  }

  #emit(contract: string, option: OptionTicker, fills: ClassifiedFill[]): FlowPrint {
    const underlying = this.#underlyingOf(option.root);
    const info = this.#info.get(contract);
    const first = fills[0] as ClassifiedFill;
    this.#stats.emitted++;
    return buildFlowPrint(
      fills,
      {
        id: `${contract}@${first.time}#${++this.#seq}`,
        contract,
        option,
        underlying,
        spot: this.#spot.get(underlying),
        openInterest: finiteOrUndefined(info?.openInterest),
        iv: finiteOrUndefined(info?.iv),
      },
      this.#t,
    );
  }
}

function finiteOrUndefined(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}
