import type { Clock, TimerHandle } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { DataEvent } from '../massive/events.js';
import { conditionRulesFor, DEFAULT_CONDITION_TABLES, type ConditionTables } from '../massive/conditions.js';
import { eventSymbol } from '../massive/events.js';
import type { Bar } from '../massive/rest-models.js';
import { classifySymbol, isOptionTicker } from '../massive/symbology.js';
import type { Cluster } from '../massive/events.js';
import type { ContractInfo } from '../market/flow/aggregator.js';
import { MarketAnalytics, type AnalyticsOutput } from './analytics.js';
import { emptyRow, reduceEvent, reduceSeed, type QuoteSeed } from './quote-reducer.js';
import type { FeedInfo, MarketSnapshot, QuoteRow, Source, StatusInfo } from './types.js';
import { biasUnavailableReason } from './availability.js';
import type { MarketStoreOptions, StoreEvent, WritableMarketStore } from './store-types.js';
import { sessionPhase, type SessionPhase } from '../market/session.js';

const SESSION_LABEL: Readonly<Record<SessionPhase, NonNullable<StatusInfo['session']>>> = {
  pre: 'pre',
  regular: 'regular',
  after: 'post',
  closed: 'closed',
};

export type { MarketStore, MarketStoreOptions, StoreEvent, WritableMarketStore } from './store-types.js';

/** `status` with `patch` applied, or `status` itself when the patch changes nothing. */
export function patchStatus(status: StatusInfo, patch: Partial<StatusInfo>): StatusInfo {
  const q = patch.quota;
  const same =
    q &&
    status.quota &&
    q.used === status.quota.used &&
    q.limit === status.quota.limit &&
    q.windowMs === status.quota.windowMs;
  const next = { ...status, ...patch, ...(same ? { quota: status.quota } : {}) };
  return Object.keys(patch).every((k) => next[k as keyof StatusInfo] === status[k as keyof StatusInfo]) ? status : next;
}

/**
 * Adds the extended-session move outside regular hours (see QuoteRow.extChange): against the
 * previous close before the open, against the regular session's last price (`regularLast`,
 * recorded here during the session) after the close.
 */
export function withExtendedMove(row: QuoteRow, phase: SessionPhase, regularLast: Map<string, number>): QuoteRow {
  if (phase === 'regular') {
    if (row.price !== undefined) regularLast.set(row.symbol, row.price);
    return row.extChange === undefined ? row : { ...row, extChange: undefined, extChangePct: undefined };
  }
  const base = phase === 'pre' ? row.prevClose : phase === 'after' ? regularLast.get(row.symbol) : undefined;
  if (row.price === undefined || base === undefined || base === 0) return row;
  const extChange = row.price - base;
  return { ...row, extChange, extChangePct: (extChange / base) * 100 };
}

export function createMarketStore(options: MarketStoreOptions): WritableMarketStore {
  return new Store(options);
}

/**
 * Reducers run as events arrive (cheap, mutable maps of immutable rows); snapshots are built and
 * published at most once per frame so a 50k events/s stream costs ~10 renders/s, not 50k.
 *
 * The public methods are arrow properties: React's useSyncExternalStore calls them unbound, and
 * callers wrap the store as a plain object (`{ ...store, apply }`).
 */
class Store implements WritableMarketStore {
  private readonly clock: Clock;
  private readonly frameMs: number;
  private readonly flowFlushMs: number;
  private readonly rows = new Map<string, QuoteRow>();
  private readonly isIndex: ReadonlySet<string>;
  private feedInfo: Readonly<Partial<Record<Cluster, FeedInfo>>> = {};
  private watched: readonly string[];
  private readonly analytics: MarketAnalytics;
  private conditions: ConditionTables;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: StoreEvent) => void>();
  private status: StatusInfo;
  private dirty = false;
  private closed = false;
  private timer: TimerHandle | undefined;
  private flowTimer: TimerHandle | undefined;
  // Market time advances with the data; between events it runs on with the wall clock so a
  // quiet contract's flow window still closes.
  private marketAt = 0;
  private wallAt = 0;
  // The session phase, recomputed at most once a (market) second: Intl time-zone maths per
  // event would cost more than the reducers themselves.
  private phase: SessionPhase = 'closed';
  private phaseAt = -Infinity;
  private readonly regularLast = new Map<string, number>();
  private snapshot: MarketSnapshot;
  // Frames are paced from the last publish, not from the first change after it, so the time a
  // subscriber spends rendering does not stretch the period (10 frames a second stay 10).
  private publishedAt = -Infinity;

  constructor(options: MarketStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.frameMs = options.frameMs ?? 100;
    this.flowFlushMs = options.flowFlushMs ?? 250;
    const indexSymbols = options.indices ?? ['I:SPX', 'I:VIX'];
    this.isIndex = new Set(indexSymbols);
    // Real-time until the plan says otherwise, as the client assumes (stream/feed-policy.ts).
    for (const s of [...options.symbols, ...indexSymbols]) this.rows.set(s, { ...emptyRow(s), delayed: false });
    this.watched = options.symbols;
    this.analytics = new MarketAnalytics({ ...options.analytics, symbols: [...this.rows.keys()] });
    this.conditions = options.conditions ?? DEFAULT_CONDITION_TABLES;
    this.status = { connection: 'connecting', demo: options.demo, message: undefined };
    this.snapshot = this.build(0);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): MarketSnapshot => this.snapshot;

  private currentPhase(): SessionPhase {
    const now = this.marketNow();
    if (Math.abs(now - this.phaseAt) >= 1000) {
      this.phase = sessionPhase(now);
      this.phaseAt = now;
    }
    return this.phase;
  }

  private marketNow(): number {
    return this.marketAt === 0 ? this.clock.now() : this.marketAt + (this.clock.now() - this.wallAt);
  }

  private build(version: number): MarketSnapshot {
    const quotes: Record<string, QuoteRow> = {};
    const indices: Record<string, QuoteRow> = {};
    const all: Record<string, QuoteRow> = {};
    for (const [symbol, row] of this.rows) {
      (this.isIndex.has(symbol) ? indices : quotes)[symbol] = row;
      all[symbol] = row;
    }
    if (version > 0)
      for (const alert of this.analytics.evaluateQuotes(all, this.marketNow())) this.emit({ type: 'alert', alert });
    const parts = this.analytics.parts(all);
    // The session of the data's own clock (a demo replay or delayed feed runs behind the wall).
    const session = SESSION_LABEL[this.currentPhase()];
    if (this.status.session !== session) this.status = { ...this.status, session };
    const biasUnavailable = biasUnavailableReason(all);
    return {
      version,
      symbols: this.watched,
      quotes,
      indices,
      status: this.status,
      ...parts,
      ...(biasUnavailable ? { biasUnavailable } : {}),
      publishedAt: this.clock.now(),
    };
  }

  private emit(event: StoreEvent): void {
    for (const listener of [...this.eventListeners]) listener(event);
  }

  private publish(): void {
    this.timer = undefined;
    if (!this.dirty || this.closed) return;
    this.dirty = false;
    this.publishedAt = this.clock.now();
    this.snapshot = this.build(this.snapshot.version + 1);
    for (const listener of [...this.listeners]) listener();
  }

  private markDirty(): void {
    this.dirty = true;
    if (this.closed) return;
    if (this.frameMs <= 0) this.publish();
    else if (!this.timer)
      this.timer = this.clock.setTimeout(
        () => this.publish(),
        Math.max(0, this.publishedAt + this.frameMs - this.clock.now()),
      );
  }

  private handle(out: AnalyticsOutput): void {
    if (out.flow.length === 0 && out.alerts.length === 0 && out.liquidity.length === 0) return;
    for (const print of out.flow) this.emit({ type: 'flow', print });
    for (const warning of out.liquidity) this.emit({ type: 'liquidity', warning });
    for (const alert of out.alerts) this.emit({ type: 'alert', alert });
    this.markDirty();
  }

  private scheduleFlowFlush(): void {
    if (this.flowTimer || this.closed || !this.analytics.pendingFlow) return;
    this.flowTimer = this.clock.setTimeout(() => {
      this.flowTimer = undefined;
      this.handle(this.analytics.flush(this.marketNow()));
      this.scheduleFlowFlush();
    }, this.flowFlushMs);
  }

  private update(symbol: string, next: QuoteRow | undefined, prev: QuoteRow | undefined, touched = true): void {
    if (!next || next === prev) return;
    if (touched) {
      // Every caller hands over a row it has just made (a reducer's or a spread of `prev`), so it
      // is stamped in place: a copy here per event cost as much as the reducer's own.
      const made = next as { -readonly [K in keyof QuoteRow]: QuoteRow[K] };
      made.receivedAt = this.clock.now();
      // Data that arrives proves the symbol available after all.
      if (made.unavailable !== undefined) made.unavailable = undefined;
      next = withExtendedMove(made, this.currentPhase(), this.regularLast);
    }
    this.rows.set(symbol, next);
    this.markDirty();
  }

  readonly subscribeEvents = (listener: (event: StoreEvent) => void): (() => void) => {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  };

  readonly apply = (event: DataEvent, source: Source): void => {
    if (this.closed) return;
    const t = 'e' in event ? event.e : event.t;
    if (t > this.marketAt) {
      this.marketAt = t;
      this.wallAt = this.clock.now();
    }
    const symbol = eventSymbol(event);
    this.handle(this.analytics.onEvent(event));
    if (event.ev === 'AM' && this.rows.has(symbol)) this.markDirty(); // indicators moved
    if (isOptionTicker(symbol)) {
      this.scheduleFlowFlush();
      return;
    }
    const prev = this.rows.get(symbol);
    // Events for symbols nobody watches (a wildcard upstream) are ignored here.
    if (prev) this.update(symbol, reduceEvent(prev, event, source, conditionRulesFor(this.conditions, symbol)), prev);
  };

  readonly seed = (symbol: string, seed: QuoteSeed, source: Source): void => {
    const prev = this.rows.get(symbol);
    if (prev) this.update(symbol, reduceSeed(prev, seed, source), prev);
  };

  readonly seedBars = (symbol: string, bars: readonly Bar[]): void => {
    this.analytics.seedBars(symbol, bars);
    this.markDirty();
  };

  readonly bars = (symbol: string): readonly Bar[] => {
    return this.analytics.bars(symbol);
  };

  readonly setConditions = (tables: ConditionTables): void => {
    this.conditions = tables;
  };

  readonly setContractInfo = (contract: string, info: ContractInfo): void => {
    this.analytics.setContractInfo(contract, info, this.marketNow());
  };

  readonly setStale = (symbol: string, stale: boolean): void => {
    const prev = this.rows.get(symbol);
    if (prev && prev.stale !== stale) this.update(symbol, { ...prev, stale }, prev, false);
  };

  readonly setFeeds = (feeds: Readonly<Partial<Record<Cluster, FeedInfo>>>): void => {
    this.feedInfo = feeds;
    const next: Partial<Record<Cluster, FeedInfo['feed']>> = {};
    for (const [cluster, info] of Object.entries(feeds) as [Cluster, FeedInfo][]) next[cluster] = info.feed;
    const prev = this.status.feeds ?? {};
    const keys = new Set([...Object.keys(prev), ...Object.keys(next)] as Cluster[]);
    if (this.status.feeds === undefined || [...keys].some((k) => prev[k] !== next[k])) {
      this.status = { ...this.status, feeds: next };
      this.markDirty();
    }
    for (const [symbol, row] of this.rows) {
      const cluster = classifySymbol(symbol);
      const recency = cluster ? this.feedInfo[cluster]?.recency : undefined;
      const delayed = recency !== undefined && recency !== 'realtime';
      if (row.delayed !== delayed) this.update(symbol, { ...row, delayed }, row, false);
    }
  };

  readonly setSymbols = (symbols: readonly string[]): void => {
    for (const symbol of symbols) {
      if (this.rows.has(symbol)) continue;
      const recency = this.feedInfo[classifySymbol(symbol) ?? 'stocks']?.recency;
      this.rows.set(symbol, { ...emptyRow(symbol), delayed: recency !== undefined && recency !== 'realtime' });
      this.analytics.addSymbol(symbol);
    }
    for (const symbol of this.watched)
      if (!symbols.includes(symbol) && !this.isIndex.has(symbol)) this.rows.delete(symbol);
    this.watched = [...symbols];
    this.markDirty();
  };

  readonly setUnavailable = (symbol: string, reason: string | undefined): void => {
    const prev = this.rows.get(symbol);
    if (prev && prev.unavailable !== reason) this.update(symbol, { ...prev, unavailable: reason }, prev, false);
  };

  readonly setStatus = (patch: Partial<StatusInfo>): void => {
    const next = patchStatus(this.status, patch);
    if (next === this.status) return;
    this.status = next;
    this.markDirty();
  };

  readonly flush = (): void => {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.handle(this.analytics.flush(Number.MAX_SAFE_INTEGER));
    this.publish();
  };

  readonly close = (): void => {
    this.closed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    if (this.flowTimer) this.clock.clearTimeout(this.flowTimer);
    this.timer = undefined;
    this.flowTimer = undefined;
    this.listeners.clear();
    this.eventListeners.clear();
  };
}
