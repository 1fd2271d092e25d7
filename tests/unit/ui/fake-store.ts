import { act } from 'react';
import type { MarketStore } from '../../../src/store/store.js';
import { emptyRow } from '../../../src/store/quote-reducer.js';
import type { MarketSnapshot, QuoteRow, StatusInfo } from '../../../src/store/types.js';

/** Wall clock the tests pin `now` to. */
export const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);

/** A quote row with every field unknown, then `over` applied. */
export function row(symbol: string, over: Partial<QuoteRow> = {}): QuoteRow {
  return { ...emptyRow(symbol), ...over };
}

export function snapshot(
  over: {
    symbols?: readonly string[];
    quotes?: readonly QuoteRow[];
    indices?: readonly QuoteRow[];
    status?: Partial<StatusInfo>;
  } & Partial<Omit<MarketSnapshot, 'symbols' | 'quotes' | 'indices' | 'status'>> = {},
): MarketSnapshot {
  const { symbols, quotes: quoteList, indices, status, ...rest } = over;
  const quotes = quoteList ?? [];
  return {
    version: 1,
    symbols: symbols ?? quotes.map((q) => q.symbol),
    quotes: Object.fromEntries(quotes.map((q) => [q.symbol, q])),
    indices: Object.fromEntries((indices ?? []).map((q) => [q.symbol, q])),
    status: { connection: 'live', demo: false, message: undefined, ...status },
    indicators: {},
    bias: undefined,
    flow: [],
    flowDropped: 0,
    flowSummary: {},
    liquidity: [],
    sparklines: {},
    publishedAt: T0,
    ...rest,
  };
}

export interface FakeStore extends MarketStore {
  /** Publishes a new snapshot to subscribers, inside act() as a real frame would render. */
  publish(next: MarketSnapshot): void;
  listenerCount(): number;
}

/** A test double of our own MarketStore interface: a plain object, no timers. */
export function fakeStore(initial: MarketSnapshot): FakeStore {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => current,
    publish(next) {
      act(() => {
        current = { ...next, version: current.version + 1 };
        for (const l of [...listeners]) l();
      });
    },
    listenerCount: () => listeners.size,
  };
}
