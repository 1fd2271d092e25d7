import type { Clock, TimerHandle } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { DataEvent } from '../massive/events.js';
import { conditionRulesFor, DEFAULT_CONDITION_TABLES, type ConditionTables } from '../massive/conditions.js';
import { eventSymbol } from '../massive/events.js';
import type { Bar } from '../massive/rest-models.js';
import { classifySymbol, isOptionTicker } from '../massive/symbology.js';
import type { Cluster } from '../massive/events.js';
import type { AlertFiring } from '../market/alerts.js';
import type { ContractInfo } from '../market/flow/aggregator.js';
import type { FlowPrint, LiquidityWarning } from '../market/types.js';
import { MarketAnalytics, type AnalyticsOptions, type AnalyticsOutput } from './analytics.js';
import { emptyRow, reduceEvent, reduceSeed, type QuoteSeed } from './quote-reducer.js';
import type { FeedInfo, MarketSnapshot, QuoteRow, Source, StatusInfo } from './types.js';
import { biasUnavailableReason } from './availability.js';
import { sessionPhase, type SessionPhase } from '../market/session.js';

const SESSION_LABEL: Readonly<Record<SessionPhase, NonNullable<StatusInfo['session']>>> = {
  pre: 'pre',
  regular: 'regular',
  after: 'post',
  closed: 'closed',
};

/** What the UI and the NDJSON writer read: fit for React's useSyncExternalStore. */
export interface MarketStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): MarketSnapshot;
}

/** Discrete events that must never be coalesced away (each becomes its own NDJSON line). */
export type StoreEvent =
  | { readonly type: 'flow'; readonly print: FlowPrint }
  | { readonly type: 'alert'; readonly alert: AlertFiring }
  | { readonly type: 'liquidity'; readonly warning: LiquidityWarning };

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
  /** Flow thresholds, tape size and alert rules. */
  readonly analytics?: Omit<AnalyticsOptions, 'symbols'>;
  /** How often pending flow windows are closed, ms. @default 250 */
  readonly flowFlushMs?: number;
  /** Trade-condition rules deciding which prints move Last. @default DEFAULT_CONDITION_TABLES */
  readonly conditions?: ConditionTables;
}

export interface WritableMarketStore extends MarketStore {
  apply(event: DataEvent, source: Source): void;
  seed(symbol: string, seed: QuoteSeed, source: Source): void;
  /** Seeds a symbol's indicators from REST minute bars. */
  seedBars(symbol: string, bars: readonly Bar[]): void;
  /** The minute bars held for a symbol (for the on-disk bar cache). */
  bars(symbol: string): readonly Bar[];
  /** Open interest, IV and day volume of an option contract, from the chain snapshot. */
  setContractInfo(contract: string, info: ContractInfo): void;
  /** Replaces the trade-condition rules (once Massive's reference endpoint has answered). */
  setConditions(tables: ConditionTables): void;
  setStale(symbol: string, stale: boolean): void;
  setStatus(patch: Partial<StatusInfo>): void;
  /**
   * What each asset class in use delivers under the key's plan: the status line's `feeds`, and
   * `delayed` on the rows of delayed or end-of-day classes.
   */
  setFeeds(feeds: Readonly<Partial<Record<Cluster, FeedInfo>>>): void;
  /**
   * Replaces the watchlist (its order too) while running: new symbols get an empty row and an
   * indicator engine, removed ones lose their row. Index tickers keep theirs.
   */
  setSymbols(symbols: readonly string[]): void;
  /** Why a symbol has no data (undefined clears it); data arriving for it clears it too. */
  setUnavailable(symbol: string, reason: string | undefined): void;
  /** Every flow print, alert and liquidity warning as it happens, never coalesced. */
  subscribeEvents(listener: (event: StoreEvent) => void): () => void;
  /** Publishes pending changes now (used at shutdown and by tests). */
  flush(): void;
  /** Cancels the pending timers; no listener fires afterwards. */
  close(): void;
}

/**
 * Reducers run as events arrive (cheap, mutable maps of immutable rows); snapshots are built and
 * published at most once per frame so a 50k events/s stream costs ~10 renders/s, not 50k.
 */
export function createMarketStore(options: MarketStoreOptions): WritableMarketStore {
  const clock = options.clock ?? systemClock;
  const frameMs = options.frameMs ?? 100;
  const flowFlushMs = options.flowFlushMs ?? 250;
  const indexSymbols = options.indices ?? ['I:SPX', 'I:VIX'];
  const rows = new Map<string, QuoteRow>();
  const isIndex = new Set(indexSymbols);
  // Real-time until the plan says otherwise, as the client assumes (stream/feed-policy.ts).
  for (const s of [...options.symbols, ...indexSymbols]) rows.set(s, { ...emptyRow(s), delayed: false });
  let feedInfo: Readonly<Partial<Record<Cluster, FeedInfo>>> = {};
  let watched: readonly string[] = options.symbols;
  const analytics = new MarketAnalytics({ ...options.analytics, symbols: [...rows.keys()] });
  let conditions = options.conditions ?? DEFAULT_CONDITION_TABLES;

  const listeners = new Set<() => void>();
  const eventListeners = new Set<(event: StoreEvent) => void>();
  let status: StatusInfo = { connection: 'connecting', demo: options.demo, message: undefined };
  let dirty = false;
  let closed = false;
  let timer: TimerHandle | undefined;
  let flowTimer: TimerHandle | undefined;
  // Market time advances with the data; between events it runs on with the wall clock so a
  // quiet contract's flow window still closes.
  let marketAt = 0;
  let wallAt = 0;
  // The session phase, recomputed at most once a (market) second: Intl time-zone maths per
  // event would cost more than the reducers themselves.
  let phase: SessionPhase = 'closed';
  let phaseAt = -Infinity;
  const regularLast = new Map<string, number>();
  function currentPhase(): SessionPhase {
    const now = marketNow();
    if (Math.abs(now - phaseAt) >= 1000) {
      phase = sessionPhase(now);
      phaseAt = now;
    }
    return phase;
  }

  let snapshot = build(0);

  function marketNow(): number {
    return marketAt === 0 ? clock.now() : marketAt + (clock.now() - wallAt);
  }

  function build(version: number): MarketSnapshot {
    const quotes: Record<string, QuoteRow> = {};
    const indices: Record<string, QuoteRow> = {};
    const all: Record<string, QuoteRow> = {};
    for (const [symbol, row] of rows) {
      (isIndex.has(symbol) ? indices : quotes)[symbol] = row;
      all[symbol] = row;
    }
    if (version > 0) for (const alert of analytics.evaluateQuotes(all, marketNow())) emit({ type: 'alert', alert });
    const parts = analytics.parts(all);
    // The session of the data's own clock (a demo replay or delayed feed runs behind the wall).
    const session = SESSION_LABEL[currentPhase()];
    if (status.session !== session) status = { ...status, session };
    const biasUnavailable = biasUnavailableReason(all);
    return {
      version,
      symbols: watched,
      quotes,
      indices,
      status,
      ...parts,
      ...(biasUnavailable ? { biasUnavailable } : {}),
      publishedAt: clock.now(),
    };
  }

  function emit(event: StoreEvent): void {
    for (const listener of [...eventListeners]) listener(event);
  }

  // Frames are paced from the last publish, not from the first change after it, so the time a
  // subscriber spends rendering does not stretch the period (10 frames a second stay 10).
  let publishedAt = -Infinity;
  function publish(): void {
    timer = undefined;
    if (!dirty || closed) return;
    dirty = false;
    publishedAt = clock.now();
    snapshot = build(snapshot.version + 1);
    for (const listener of [...listeners]) listener();
  }

  function markDirty(): void {
    dirty = true;
    if (closed) return;
    if (frameMs <= 0) publish();
    else if (!timer) timer = clock.setTimeout(publish, Math.max(0, publishedAt + frameMs - clock.now()));
  }

  function handle(out: AnalyticsOutput): void {
    if (out.flow.length === 0 && out.alerts.length === 0 && out.liquidity.length === 0) return;
    for (const print of out.flow) emit({ type: 'flow', print });
    for (const warning of out.liquidity) emit({ type: 'liquidity', warning });
    for (const alert of out.alerts) emit({ type: 'alert', alert });
    markDirty();
  }

  function scheduleFlowFlush(): void {
    if (flowTimer || closed || !analytics.pendingFlow) return;
    flowTimer = clock.setTimeout(() => {
      flowTimer = undefined;
      handle(analytics.flush(marketNow()));
      scheduleFlowFlush();
    }, flowFlushMs);
  }

  /** Adds the extended-session move outside regular hours (see QuoteRow.extChange). */
  function withExtended(row: QuoteRow): QuoteRow {
    const p = currentPhase();
    if (p === 'regular') {
      if (row.price !== undefined) regularLast.set(row.symbol, row.price);
      return row.extChange === undefined ? row : { ...row, extChange: undefined, extChangePct: undefined };
    }
    const base = p === 'pre' ? row.prevClose : p === 'after' ? regularLast.get(row.symbol) : undefined;
    if (row.price === undefined || base === undefined || base === 0) return row;
    const extChange = row.price - base;
    return { ...row, extChange, extChangePct: (extChange / base) * 100 };
  }

  function update(symbol: string, next: QuoteRow | undefined, prev: QuoteRow | undefined, touched = true): void {
    if (!next || next === prev) return;
    // Data that arrives proves the symbol available after all.
    const fresh =
      next.unavailable === undefined
        ? { ...next, receivedAt: clock.now() }
        : { ...next, receivedAt: clock.now(), unavailable: undefined };
    const row = touched ? withExtended(fresh) : next;
    rows.set(symbol, row);
    markDirty();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeEvents(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    apply(event, source) {
      if (closed) return;
      const t = 'e' in event ? event.e : event.t;
      if (t > marketAt) {
        marketAt = t;
        wallAt = clock.now();
      }
      const symbol = eventSymbol(event);
      handle(analytics.onEvent(event));
      if (event.ev === 'AM' && rows.has(symbol)) markDirty(); // indicators moved
      if (isOptionTicker(symbol)) {
        scheduleFlowFlush();
        return;
      }
      const prev = rows.get(symbol);
      // Events for symbols nobody watches (a wildcard upstream) are ignored here.
      if (prev) update(symbol, reduceEvent(prev, event, source, conditionRulesFor(conditions, symbol)), prev);
    },
    seed(symbol, seed, source) {
      const prev = rows.get(symbol);
      if (prev) update(symbol, reduceSeed(prev, seed, source), prev);
    },
    seedBars(symbol, bars) {
      analytics.seedBars(symbol, bars);
      markDirty();
    },
    bars: (symbol) => analytics.bars(symbol),
    setConditions(tables) {
      conditions = tables;
    },
    setContractInfo(contract, info) {
      analytics.setContractInfo(contract, info, marketNow());
    },
    setStale(symbol, stale) {
      const prev = rows.get(symbol);
      if (prev && prev.stale !== stale) update(symbol, { ...prev, stale }, prev, false);
    },
    setFeeds(feeds) {
      feedInfo = feeds;
      const next: Partial<Record<Cluster, FeedInfo['feed']>> = {};
      for (const [cluster, info] of Object.entries(feeds) as [Cluster, FeedInfo][]) next[cluster] = info.feed;
      const prev = status.feeds ?? {};
      const keys = new Set([...Object.keys(prev), ...Object.keys(next)] as Cluster[]);
      if (status.feeds === undefined || [...keys].some((k) => prev[k] !== next[k])) {
        status = { ...status, feeds: next };
        markDirty();
      }
      for (const [symbol, row] of rows) {
        const cluster = classifySymbol(symbol);
        const recency = cluster ? feedInfo[cluster]?.recency : undefined;
        const delayed = recency !== undefined && recency !== 'realtime';
        if (row.delayed !== delayed) update(symbol, { ...row, delayed }, row, false);
      }
    },
    setSymbols(symbols) {
      for (const symbol of symbols) {
        if (rows.has(symbol)) continue;
        const recency = feedInfo[classifySymbol(symbol) ?? 'stocks']?.recency;
        rows.set(symbol, { ...emptyRow(symbol), delayed: recency !== undefined && recency !== 'realtime' });
        analytics.addSymbol(symbol);
      }
      for (const symbol of watched) if (!symbols.includes(symbol) && !isIndex.has(symbol)) rows.delete(symbol);
      watched = [...symbols];
      markDirty();
    },
    setUnavailable(symbol, reason) {
      const prev = rows.get(symbol);
      if (prev && prev.unavailable !== reason) update(symbol, { ...prev, unavailable: reason }, prev, false);
    },
    setStatus(patch) {
      const q = patch.quota;
      const same =
        q &&
        status.quota &&
        q.used === status.quota.used &&
        q.limit === status.quota.limit &&
        q.windowMs === status.quota.windowMs;
      const next = { ...status, ...patch, ...(same ? { quota: status.quota } : {}) };
      if (Object.keys(patch).every((k) => next[k as keyof StatusInfo] === status[k as keyof StatusInfo])) return;
      status = next;
      markDirty();
    },
    flush() {
      if (timer) clock.clearTimeout(timer);
      timer = undefined;
      handle(analytics.flush(Number.MAX_SAFE_INTEGER));
      publish();
    },
    close() {
      closed = true;
      if (timer) clock.clearTimeout(timer);
      if (flowTimer) clock.clearTimeout(flowTimer);
      timer = undefined;
      flowTimer = undefined;
      listeners.clear();
      eventListeners.clear();
    },
  };
}
