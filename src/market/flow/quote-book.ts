/**
 * Latest NBBO per contract (from options `Q` events), with a short history so a trade stamped
 * slightly before the newest quote is still judged against the quote in force at its time.
 */

/** One NBBO update of a contract. */
export interface BookQuote {
  readonly bid: number;
  readonly ask: number;
  /** Quote time (SIP), ms. */
  readonly time: number;
  readonly bidSize?: number | undefined;
  readonly askSize?: number | undefined;
}

export interface QuoteBookOptions {
  /**
   * Quotes kept per contract.
   * @default 4
   */
  readonly depth?: number;
}

/** NBBO by contract. Quotes older than the newest one held are ignored (out of order). */
export class QuoteBook {
  readonly #depth: number;
  readonly #quotes = new Map<string, BookQuote[]>();

  constructor(options: QuoteBookOptions = {}) {
    this.#depth = Math.max(1, Math.floor(options.depth ?? 4));
  }

  /** Records a quote; returns false when it was rejected (non-finite or older than the newest). */
  update(contract: string, quote: BookQuote): boolean {
    if (!Number.isFinite(quote.bid) || !Number.isFinite(quote.ask) || !Number.isFinite(quote.time)) return false;
    const list = this.#quotes.get(contract);
    if (list === undefined) {
      this.#quotes.set(contract, [quote]);
      return true;
    }
    const newest = list[list.length - 1] as BookQuote;
    if (quote.time < newest.time) return false;
    list.push(quote);
    if (list.length > this.#depth) list.shift();
    return true;
  }

  /** The newest quote of a contract. */
  latest(contract: string): BookQuote | undefined {
    const list = this.#quotes.get(contract);
    return list?.[list.length - 1];
  }

  /**
   * The quote in force at `time`: the newest with quote.time ≤ time, else the oldest held (the
   * best guess when the trade predates the kept history).
   */
  at(contract: string, time: number): BookQuote | undefined {
    const list = this.#quotes.get(contract);
    if (list === undefined) return undefined;
    for (let i = list.length - 1; i >= 0; i--) if ((list[i] as BookQuote).time <= time) return list[i];
    return list[0];
  }

  delete(contract: string): void {
    this.#quotes.delete(contract);
  }

  /** Forgets contracts whose newest quote is older than `beforeTime`; returns how many. */
  prune(beforeTime: number): number {
    let n = 0;
    for (const [contract, list] of this.#quotes) {
      if ((list[list.length - 1] as BookQuote).time < beforeTime) {
        this.#quotes.delete(contract);
        n++;
      }
    }
    return n;
  }

  get size(): number {
    return this.#quotes.size;
  }
}
