/**
 * The subscription manager: the one place that decides what the client subscribes to and where
 * each value comes from. Streams first, within what the key's plan allows on each cluster
 * (cluster-links.ts, feed-policy.ts); when a cluster drops, stalls silently or a symbol goes quiet
 * during market hours, the REST poller takes over for just those symbols and stops when the
 * stream is healthy again; the outage is then backfilled with minute bars. A cluster with no
 * stream in the plan is polled for good, and one not in the plan at all is left alone and says so.
 */
import type { Clock, TimerHandle } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import { type Logger, silentLogger } from '../lib/logger.js';
import type { Entitlement } from '../massive/entitlements.js';
import { eventSymbol, type Cluster, type DataEvent } from '../massive/events.js';
import { nextPhaseChange, sessionPhase, type SessionPhase } from '../market/session.js';
import type { QuoteSeed } from '../store/quote-reducer.js';
import type { WritableMarketStore } from '../store/store.js';
import type { FeedInfo } from '../store/types.js';
import { backfillGap, takeSlot, type Gap } from './backfill.js';
import { RestBudget } from './budget.js';
import { ClusterLinks } from './cluster-links.js';
import type { StreamState } from './connection.js';
import { dataPhase, notInPlanReason, quotesByRest, streams, tickerProblem } from './feed-policy.js';
import { clusterHealthy } from './health.js';
import { type Interest, InterestCounts, topicsByCluster } from './interests.js';
import type { BackfillRecord, ManagerStats, SubscriptionManager, SubscriptionManagerOptions } from './manager-types.js';
import { planNeed, streamStatus, type FeedClusterView, type PollReason, type StreamStatus } from './need-plan.js';
import { Poller } from './poller.js';
import { readProxyQuota } from './proxy-quota.js';
import { isStale } from './staleness.js';
import { SymbolBook } from './symbol-book.js';

export type { BackfillRecord, ManagerStats, SubscriptionManager, SubscriptionManagerOptions } from './manager-types.js';

/** Delay until the next health check: while closed nothing can go stale, so sleep until the next session. */
export function nextCheckIn(phase: SessionPhase, now: number, checkEveryMs: number): number {
  const untilChange = nextPhaseChange(now) - now;
  return Math.max(1, phase === 'closed' ? untilChange : Math.min(checkEveryMs, untilChange));
}

/** The status line after an outage was filled. */
export function backfillMessage(bars: number, symbols: number, cluster: Cluster, gap: Gap): string {
  const secs = Math.round((gap.to - gap.from) / 1000);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `backfilled ${plural(bars, 'minute bar')} for ${plural(symbols, `${cluster} symbol`)} over a ${secs} s outage`;
}

export function createSubscriptionManager(o: SubscriptionManagerOptions): SubscriptionManager {
  return new Manager(o);
}

/**
 * The manager's state, with one method per thing it reacts to: frames, stream states and plan
 * changes from the cluster links, quotes and notices from the poller, and its own health check.
 *
 * The public methods are arrow properties, so the manager can be passed around and spread like a
 * plain object.
 */
class Manager implements SubscriptionManager {
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly store: WritableMarketStore;
  private readonly lifetime = new AbortController();
  private readonly budget: RestBudget;
  private readonly poller: Poller;
  private readonly interests = new InterestCounts();
  private readonly links: ClusterLinks;
  private readonly symbols = new SymbolBook();
  private reasons: ReadonlyMap<string, PollReason> = new Map();
  private readonly backfills: BackfillRecord[] = [];
  private generation = 0;
  private started = false;
  private closed = false;
  private timer: TimerHandle | undefined;
  private lastPhase: SessionPhase | undefined;
  private polled: readonly string[] = [];
  private droppedEvents = 0;
  private ownMessage: string | undefined;
  // Symbols REST reported as not in the plan or unknown (the store shows why), until data comes.
  private readonly problems = new Map<string, string>();

  constructor(private readonly o: SubscriptionManagerOptions) {
    this.log = (o.logger ?? silentLogger).child('manager');
    this.clock = o.clock ?? systemClock;
    this.store = o.store;
    this.budget = new RestBudget({ clock: this.clock, ...(o.quota ? { quota: o.quota } : {}) });
    this.poller = new Poller({
      rest: o.rest,
      clock: this.clock,
      budget: this.budget,
      logger: this.log,
      signal: this.lifetime.signal,
      sink: { quote: (symbol, seed) => this.polledQuote(symbol, seed), notice: (m) => this.pollNotice(m) },
    });
    this.links = new ClusterLinks({
      wsBase: o.wsBase,
      getToken: o.getToken,
      clock: this.clock,
      logger: this.log,
      ...(o.connection ? { connection: o.connection } : {}),
      onEvents: (cluster, events) => this.onEvents(cluster, events),
      onState: (cluster, state, detail, retryAt) => this.onState(cluster, state, detail, retryAt),
      onEntitlement: (cluster, previous, next) => this.onEntitlement(cluster, previous, next),
      onSeed: (cluster) => this.seed(cluster),
    });
  }

  private polledQuote(symbol: string, seed: QuoteSeed): void {
    const info = this.symbols.get(symbol);
    if (!info || this.closed) return;
    // Polled only for bid/ask beside a healthy stream: the stream keeps Last and the row's
    // source and age; a REST price would mix recencies (a delayed stream, real-time REST).
    if (this.reasons.get(symbol) === 'quotes' && info.lastWsAt !== undefined) {
      if (seed.bid !== undefined || seed.ask !== undefined)
        this.store.seed(symbol, { bid: seed.bid, ask: seed.ask }, 'ws');
      return;
    }
    info.lastAnyAt = this.clock.now();
    this.problems.delete(symbol);
    this.store.seed(symbol, seed, 'rest');
  }

  private pollNotice(message: string): void {
    if (this.closed) return;
    const problem = tickerProblem(message, (s) => this.symbols.has(s));
    if (problem) {
      this.problems.set(problem.symbol, problem.reason);
      this.store.setUnavailable(problem.symbol, problem.reason);
    }
    this.store.setStatus({ message });
  }

  private onEvents(cluster: Cluster, events: readonly DataEvent[]): void {
    if (this.closed) return;
    const c = this.links.get(cluster);
    if (!c) return;
    const now = this.clock.now();
    let wasStalled = false;
    for (const event of events) {
      const sym = eventSymbol(event);
      // Frames for a superseded set (sent before our unsubscribe reached the server) are dropped.
      if (!this.symbols.wants(cluster, sym)) {
        this.droppedEvents++;
        continue;
      }
      wasStalled ||= c.downSince !== undefined;
      c.lastDataAt = now;
      this.symbols.heard(sym, now);
      if (this.problems.size > 0) this.problems.delete(sym);
      // Every event is applied in order; nothing is merged here (flow prints must all arrive).
      this.store.apply(event, 'ws');
    }
    if (wasStalled) this.evaluate();
  }

  private onState(_cluster: Cluster, state: StreamState, detail?: string, retryAt?: number): void {
    if (this.closed) return;
    // The status line counts down to `retryAt` ("reconnecting in 4 s").
    if (detail || retryAt !== undefined || state === 'live')
      this.store.setStatus({
        ...(detail ? { message: detail } : {}),
        retryAt: state === 'reconnecting' ? retryAt : undefined,
      });
    this.evaluate();
  }

  private onEntitlement(cluster: Cluster, previous: Entitlement, next: Entitlement): void {
    if (this.closed) return;
    this.log.info('plan changed', { cluster, from: previous.feed, to: next.feed });
    // The poller then takes no route the plan rules out (no 403 to learn it from).
    this.poller.setEntitlement(cluster, next);
    // The proxy sizes the shared quota to the plan it detects (a free key: 5 a minute).
    if (!this.o.quota) void readProxyQuota(this.o.rest, this.budget, this.lifetime.signal, this.log);
    this.publishFeeds();
    // What was not served before may be now (or by another route): read it once at once. A
    // cluster's first entitlement is followed by its seed instead (ClusterLinks onSeed).
    if (next.feed !== 'none' && this.links.get(cluster)?.seeded) this.refresh(cluster);
    this.evaluate();
  }

  /** Seeds one cluster's symbols from REST, once, when its plan is known. */
  private seed(cluster: Cluster): void {
    if (this.closed || !this.started || !this.links.takeSeed(cluster)) return;
    if (this.links.entitlement(cluster).feed !== 'none') this.refresh(cluster);
  }

  /** The status line's feeds and each row's `delayed` flag and reason. */
  private publishFeeds(): void {
    const feeds: Partial<Record<Cluster, FeedInfo>> = {};
    for (const [cluster] of this.links.entries()) {
      const e = this.links.entitlement(cluster);
      // Only what the proxy said: a class still being probed is shown as unknown, not real-time.
      if (e.source !== 'assumed') feeds[cluster] = { feed: e.feed, recency: e.recency };
    }
    this.store.setFeeds(feeds);
    for (const [sym, s] of this.symbols.entries()) {
      const none = this.links.get(s.cluster) !== undefined && this.links.entitlement(s.cluster).feed === 'none';
      this.store.setUnavailable(sym, none ? notInPlanReason(s.cluster) : this.problems.get(sym));
    }
  }

  /** Reads one cluster's symbols from REST once, now. */
  private refresh(cluster: Cluster): void {
    this.poller.refresh(this.needIn(cluster), sessionPhase(this.clock.now()), this.generation);
  }

  /** The symbols of clusters whose plan has anything, or of one cluster. */
  private needIn(only?: Cluster) {
    return this.symbols.need((c) => (only === undefined || c === only) && this.links.entitlement(c).feed !== 'none');
  }

  /** Health per cluster in use; outages of streams are recorded, and backfilled when they end. */
  private assess(now: number): Map<Cluster, FeedClusterView> {
    const views = new Map<Cluster, FeedClusterView>();
    for (const [cluster, c] of this.links.entries()) {
      const e = this.links.entitlement(cluster);
      const phase = dataPhase(e, now);
      const live = streams(e);
      const ok = !live || clusterHealthy(c, now, phase, this.o.stallAfterMs);
      // An outage is a loss of a stream we had; the first connect is covered by the seed.
      if (!ok && c.downSince === undefined && c.liveSince !== undefined && phase !== 'closed')
        c.downSince = c.state === 'live' ? Math.min(now, c.lastDataAt ?? now) : now;
      if (ok && c.downSince !== undefined) {
        const gap = { from: c.downSince, to: now };
        c.downSince = undefined;
        if (live) void this.backfill(cluster, gap);
      }
      views.set(cluster, { feed: e.feed, state: c.state, healthy: ok, quotesByRest: quotesByRest(e), phase });
    }
    return views;
  }

  private evaluate(): void {
    if (this.closed || !this.started) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    const phase = sessionPhase(now);
    if (this.lastPhase !== undefined && this.lastPhase !== 'closed' && phase === 'closed')
      this.poller.refresh(this.needIn(), phase, this.generation);
    this.lastPhase = phase;
    const views = this.assess(now);
    const plan = planNeed(
      this.symbols.views((c) => this.links.get(c)?.liveSince),
      views,
      now,
    );
    this.reasons = plan.reasons;
    this.poller.update(plan.need, phase, this.generation);
    this.polled = [...plan.need.stocks, ...plan.need.indices, ...plan.need.options];
    this.judgeStaleness(views, now);
    this.showStatus(streamStatus(views, plan));
    this.timer = this.clock.setTimeout(() => this.evaluate(), nextCheckIn(phase, now, this.o.checkEveryMs ?? 1_000));
  }

  private judgeStaleness(views: ReadonlyMap<Cluster, FeedClusterView>, now: number): void {
    for (const [sym, s] of this.symbols.entries()) {
      const view = views.get(s.cluster);
      // Judged by receive time in the data's own session: a delayed feed is old, not stale. End-
      // of-day data (a Basic key) is old by design; `delayed` says so, `stale` would add nothing.
      const judged = view !== undefined && view.feed !== 'none' && this.links.entitlement(s.cluster).recency !== 'eod';
      const stale =
        judged && isStale(s.lastAnyAt, s.since, now, view.phase, s.cluster, 0, this.symbols.intervalMs(sym));
      if (!s.quiet) this.store.setStale(sym, stale);
    }
  }

  /**
   * Puts the state on the status line with its explanation; an explanation that no longer holds
   * ("stream down" once the plan says REST only, or the stream is back) is taken back, unless
   * something else has been said since.
   */
  private showStatus(status: StreamStatus): void {
    if (status.message !== undefined) {
      this.ownMessage = status.message;
      this.store.setStatus(status);
    } else if (this.ownMessage !== undefined && this.store.getSnapshot().status.message === this.ownMessage) {
      this.ownMessage = undefined;
      this.store.setStatus({ connection: status.connection, message: undefined });
    } else this.store.setStatus({ connection: status.connection });
  }

  private async backfill(cluster: Cluster, gap: Gap): Promise<void> {
    const wanted = [...this.symbols.entries()]
      .filter(([, s]) => s.cluster === cluster && s.cluster !== 'options')
      .map(([sym]) => sym);
    if (wanted.length === 0) return;
    try {
      const results = await backfillGap(this.o.rest, this.budget, this.clock, wanted, gap, this.lifetime.signal);
      if (this.closed) return;
      let bars = 0;
      for (const r of results) {
        if (!this.symbols.has(r.symbol)) continue;
        bars += r.bars.length;
        this.o.onBars?.(r.symbol, r.bars);
      }
      this.backfills.push({ cluster, from: gap.from, to: gap.to, bars });
      this.store.setStatus({ message: backfillMessage(bars, results.length, cluster, gap) });
    } catch (error) {
      if (!this.closed) this.log.warn('backfill failed', { cluster, message: (error as Error).message });
    }
  }

  private changed(): void {
    this.generation++;
    const known = new Set([...this.symbols.entries()].map(([sym]) => sym));
    this.symbols.sync(this.interests.list(), this.clock.now());
    if (!this.started || this.closed) return;
    this.syncLinks();
    // A symbol added while running (the watchlist edited on the screen) gets the REST seed its
    // cluster had at start, so its change and bid/ask show before the first trade.
    const fresh = new Set<Cluster>();
    for (const [sym, s] of this.symbols.entries()) if (!known.has(sym)) fresh.add(s.cluster);
    for (const cluster of fresh)
      if (this.links.get(cluster)?.seeded && this.links.entitlement(cluster).feed !== 'none') this.refresh(cluster);
    this.evaluate();
  }

  readonly start = async (): Promise<void> => {
    if (this.started || this.closed) return;
    if (!this.o.quota) await readProxyQuota(this.o.rest, this.budget, this.lifetime.signal, this.log);
    if (this.closed) return;
    this.started = true;
    this.symbols.sync(this.interests.list(), this.clock.now());
    this.syncLinks();
    this.evaluate();
  };

  /** Subscribes each cluster to the topics of the current interests, and says what each feed is. */
  private syncLinks(): void {
    this.links.sync(topicsByCluster(this.interests.list()));
    this.publishFeeds();
  }

  readonly subscribe = (interest: Interest): (() => void) => {
    if (this.closed) return () => {};
    if (this.interests.add(interest)) this.changed();
    let done = false;
    return () => {
      if (done || this.closed) return;
      done = true;
      if (this.interests.remove(interest)) this.changed();
    };
  };

  readonly stats = (): ManagerStats => {
    const states: Partial<Record<Cluster, StreamState>> = {};
    const entitlements: Partial<Record<Cluster, Entitlement>> = {};
    for (const [cl, c] of this.links.entries()) {
      states[cl] = c.state;
      entitlements[cl] = this.links.entitlement(cl);
    }
    return {
      generation: this.generation,
      phase: sessionPhase(this.clock.now()),
      clusters: states,
      entitlements,
      polled: this.polled,
      poll: this.poller.stats(),
      restUsed: this.budget.used,
      backfills: [...this.backfills],
      droppedEvents: this.droppedEvents,
    };
  };

  readonly restSlot = (signal?: AbortSignal): Promise<void> => {
    return takeSlot(
      this.budget,
      this.clock,
      signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal,
      'background',
    );
  };

  readonly close = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort();
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.poller.close();
    this.links.close();
  };
}
