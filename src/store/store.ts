import type { Clock, TimerHandle } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { DataEvent } from '../massive/events.js';
import { eventSymbol } from '../massive/events.js';
import { emptyRow, reduceEvent, reduceSeed, type QuoteSeed } from './quote-reducer.js';
import type { MarketSnapshot, QuoteRow, Source, StatusInfo } from './types.js';

/** What the UI and the NDJSON writer read: fit for React's useSyncExternalStore. */
export interface MarketStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): MarketSnapshot;
}

export interface MarketStoreOptions {
  /** Watchlist symbols, in the user's order. */
  readonly symbols: readonly string[];
  /** Index tickers shown in the bias panel. @default ['I:SPX', 'I:VIX'] */
  readonly indices?: readonly string[];
  readonly demo: boolean;
  /**
   * At most one snapshot is published per frame of this many ms; 0 publishes after every
   * change (NDJSON consumers that want every event). @default 100
   */
  readonly frameMs?: number;
  readonly clock?: Clock;
}

export interface WritableMarketStore extends MarketStore {
  apply(event: DataEvent, source: Source): void;
  seed(symbol: string, seed: QuoteSeed, source: Source): void;
  setStale(symbol: string, stale: boolean): void;
  setStatus(patch: Partial<StatusInfo>): void;
  /** Publishes pending changes now (used at shutdown and by tests). */
  flush(): void;
  /** Cancels the pending frame timer; no listener fires afterwards. */
  close(): void;
}

/**
 * Reducers run as events arrive (cheap, mutable maps of immutable rows); snapshots are built and
 * published at most once per frame so a 50k events/s stream costs ~10 renders/s, not 50k.
 */
export function createMarketStore(options: MarketStoreOptions): WritableMarketStore {
  const clock = options.clock ?? systemClock;
  const frameMs = options.frameMs ?? 100;
  const indexSymbols = options.indices ?? ['I:SPX', 'I:VIX'];
  const rows = new Map<string, QuoteRow>();
  const isIndex = new Set(indexSymbols);
  for (const s of options.symbols) rows.set(s, emptyRow(s));
  for (const s of indexSymbols) rows.set(s, emptyRow(s));

  const listeners = new Set<() => void>();
  let status: StatusInfo = { connection: 'connecting', demo: options.demo, message: undefined };
  let dirty = false;
  let closed = false;
  let timer: TimerHandle | undefined;
  let snapshot = build(0);

  function build(version: number): MarketSnapshot {
    const quotes: Record<string, QuoteRow> = {};
    const indices: Record<string, QuoteRow> = {};
    for (const [symbol, row] of rows) (isIndex.has(symbol) ? indices : quotes)[symbol] = row;
    return {
      version,
      symbols: options.symbols,
      quotes,
      indices,
      status,
      indicators: {},
      bias: undefined,
      flow: [],
      flowDropped: 0,
      flowSummary: {},
      liquidity: [],
      sparklines: {},
      publishedAt: clock.now(),
    };
  }

  function publish(): void {
    timer = undefined;
    if (!dirty || closed) return;
    dirty = false;
    snapshot = build(snapshot.version + 1);
    for (const listener of [...listeners]) listener();
  }

  function markDirty(): void {
    dirty = true;
    if (closed) return;
    if (frameMs <= 0) publish();
    else if (!timer) timer = clock.setTimeout(publish, frameMs);
  }

  function update(symbol: string, next: QuoteRow | undefined, prev: QuoteRow | undefined): void {
    if (!next || next === prev) return;
    rows.set(symbol, next);
    markDirty();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    apply(event, source) {
      const symbol = eventSymbol(event);
      const prev = rows.get(symbol);
      // Events for symbols nobody watches (a wildcard upstream) are ignored here.
      if (prev) update(symbol, reduceEvent(prev, event, source), prev);
    },
    seed(symbol, seed, source) {
      const prev = rows.get(symbol);
      if (prev) update(symbol, reduceSeed(prev, seed, source), prev);
    },
    setStale(symbol, stale) {
      const prev = rows.get(symbol);
      if (prev && prev.stale !== stale) update(symbol, { ...prev, stale }, prev);
    },
    setStatus(patch) {
      const next = { ...status, ...patch };
      if (Object.keys(patch).every((k) => next[k as keyof StatusInfo] === status[k as keyof StatusInfo])) return;
      status = next;
      markDirty();
    },
    flush() {
      if (timer) clock.clearTimeout(timer);
      publish();
    },
    close() {
      closed = true;
      if (timer) clock.clearTimeout(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}
