/**
 * The subscription manager: the one place that decides what the client subscribes to and where
 * each value comes from. Streams first, within what the key's plan allows on each cluster
 * (cluster-links.ts, feed-policy.ts); when a cluster drops, stalls silently or a symbol goes quiet
 * during market hours, the REST poller takes over for just those symbols and stops when the
 * stream is healthy again; the outage is then backfilled with minute bars. A cluster with no
 * stream in the plan is polled for good, and one not in the plan at all is left alone and says so.
 */
import type { TimerHandle } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import type { Entitlement } from '../massive/entitlements.js';
import { eventSymbol, type Cluster, type DataEvent } from '../massive/events.js';
import { nextPhaseChange, sessionPhase, type SessionPhase } from '../market/session.js';
import type { FeedInfo } from '../store/types.js';
import { backfillGap, takeSlot, type Gap } from './backfill.js';
import { RestBudget } from './budget.js';
import { ClusterLinks } from './cluster-links.js';
import type { StreamState } from './connection.js';
import { dataPhase, notInPlanReason, quotesByRest, streams, tickerProblem } from './feed-policy.js';
import { clusterHealthy } from './health.js';
import { InterestCounts, topicsByCluster } from './interests.js';
import type { BackfillRecord, SubscriptionManager, SubscriptionManagerOptions } from './manager-types.js';
import { planNeed, streamStatus, type FeedClusterView, type PollReason, type StreamStatus } from './need-plan.js';
import { Poller } from './poller.js';
import { readProxyQuota } from './proxy-quota.js';
import { isStale } from './staleness.js';
import { SymbolBook } from './symbol-book.js';

export type { BackfillRecord, ManagerStats, SubscriptionManager, SubscriptionManagerOptions } from './manager-types.js';

export function createSubscriptionManager(o: SubscriptionManagerOptions): SubscriptionManager {
  const log = (o.logger ?? silentLogger).child('manager');
  const clock = o.clock ?? systemClock;
  const { store } = o;
  const lifetime = new AbortController();
  const budget = new RestBudget({ clock, ...(o.quota ? { quota: o.quota } : {}) });
  const poller = new Poller({
    rest: o.rest,
    clock,
    budget,
    logger: log,
    signal: lifetime.signal,
    sink: {
      quote(symbol, seed) {
        const info = symbols.get(symbol);
        if (!info || closed) return;
        // Polled only for bid/ask beside a healthy stream: the stream keeps Last and the row's
        // source and age; a REST price would mix recencies (a delayed stream, real-time REST).
        if (reasons.get(symbol) === 'quotes' && info.lastWsAt !== undefined) {
          if (seed.bid !== undefined || seed.ask !== undefined)
            store.seed(symbol, { bid: seed.bid, ask: seed.ask }, 'ws');
          return;
        }
        info.lastAnyAt = clock.now();
        problems.delete(symbol);
        store.seed(symbol, seed, 'rest');
      },
      notice(message) {
        if (closed) return;
        const problem = tickerProblem(message, (s) => symbols.has(s));
        if (problem) {
          problems.set(problem.symbol, problem.reason);
          store.setUnavailable(problem.symbol, problem.reason);
        }
        store.setStatus({ message });
      },
    },
  });
  const interests = new InterestCounts();
  const links = new ClusterLinks({
    wsBase: o.wsBase,
    getToken: o.getToken,
    clock,
    logger: log,
    ...(o.connection ? { connection: o.connection } : {}),
    onEvents,
    onState,
    onEntitlement,
    onSeed: seed,
  });
  const symbols = new SymbolBook();
  let reasons: ReadonlyMap<string, PollReason> = new Map();
  const backfills: BackfillRecord[] = [];
  let generation = 0;
  let started = false;
  let closed = false;
  let timer: TimerHandle | undefined;
  let lastPhase: SessionPhase | undefined;
  let polled: readonly string[] = [];
  let droppedEvents = 0;
  let ownMessage: string | undefined;
  // Symbols REST reported as not in the plan or unknown (the store shows why), until data comes.
  const problems = new Map<string, string>();

  function onEvents(cluster: Cluster, events: readonly DataEvent[]): void {
    if (closed) return;
    const c = links.get(cluster);
    if (!c) return;
    const now = clock.now();
    let wasStalled = false;
    for (const event of events) {
      const sym = eventSymbol(event);
      // Frames for a superseded set (sent before our unsubscribe reached the server) are dropped.
      if (!symbols.wants(cluster, sym)) {
        droppedEvents++;
        continue;
      }
      wasStalled ||= c.downSince !== undefined;
      c.lastDataAt = now;
      symbols.heard(sym, now);
      if (problems.size > 0) problems.delete(sym);
      // Every event is applied in order; nothing is merged here (flow prints must all arrive).
      store.apply(event, 'ws');
    }
    if (wasStalled) evaluate();
  }

  function onState(_cluster: Cluster, state: StreamState, detail?: string, retryAt?: number): void {
    if (closed) return;
    // The status line counts down to `retryAt` ("reconnecting in 4 s").
    if (detail || retryAt !== undefined || state === 'live')
      store.setStatus({
        ...(detail ? { message: detail } : {}),
        retryAt: state === 'reconnecting' ? retryAt : undefined,
      });
    evaluate();
  }

  function onEntitlement(cluster: Cluster, previous: Entitlement, next: Entitlement): void {
    if (closed) return;
    log.info('plan changed', { cluster, from: previous.feed, to: next.feed });
    // The poller then takes no route the plan rules out (no 403 to learn it from).
    poller.setEntitlement(cluster, next);
    // The proxy sizes the shared quota to the plan it detects (a free key: 5 a minute).
    if (!o.quota) void readProxyQuota(o.rest, budget, lifetime.signal, log);
    publishFeeds();
    // What was not served before may be now (or by another route): read it once at once. A
    // cluster's first entitlement is followed by its seed instead (ClusterLinks onSeed).
    if (next.feed !== 'none' && links.get(cluster)?.seeded)
      poller.refresh(needIn(cluster), sessionPhase(clock.now()), generation);
    evaluate();
  }

  /** Seeds one cluster's symbols from REST, once, when its plan is known. */
  function seed(cluster: Cluster): void {
    if (closed || !started || !links.takeSeed(cluster)) return;
    if (links.entitlement(cluster).feed !== 'none')
      poller.refresh(needIn(cluster), sessionPhase(clock.now()), generation);
  }

  /** The status line's feeds and each row's `delayed` flag and reason. */
  function publishFeeds(): void {
    const feeds: Partial<Record<Cluster, FeedInfo>> = {};
    for (const [cluster] of links.entries()) {
      const e = links.entitlement(cluster);
      // Only what the proxy said: a class still being probed is shown as unknown, not real-time.
      if (e.source !== 'assumed') feeds[cluster] = { feed: e.feed, recency: e.recency };
    }
    store.setFeeds(feeds);
    for (const [sym, s] of symbols.entries()) {
      const none = links.get(s.cluster) !== undefined && links.entitlement(s.cluster).feed === 'none';
      store.setUnavailable(sym, none ? notInPlanReason(s.cluster) : problems.get(sym));
    }
  }

  /** The symbols of clusters whose plan has anything, or of one cluster. */
  function needIn(only?: Cluster) {
    return symbols.need((c) => (only === undefined || c === only) && links.entitlement(c).feed !== 'none');
  }

  /** Health per cluster in use; outages of streams are recorded, and backfilled when they end. */
  function assess(now: number): Map<Cluster, FeedClusterView> {
    const views = new Map<Cluster, FeedClusterView>();
    for (const [cluster, c] of links.entries()) {
      const e = links.entitlement(cluster);
      const phase = dataPhase(e, now);
      const live = streams(e);
      const ok = !live || clusterHealthy(c, now, phase, o.stallAfterMs);
      // An outage is a loss of a stream we had; the first connect is covered by the seed.
      if (!ok && c.downSince === undefined && c.liveSince !== undefined && phase !== 'closed')
        c.downSince = c.state === 'live' ? Math.min(now, c.lastDataAt ?? now) : now;
      if (ok && c.downSince !== undefined) {
        const gap = { from: c.downSince, to: now };
        c.downSince = undefined;
        if (live) void backfill(cluster, gap);
      }
      views.set(cluster, { feed: e.feed, state: c.state, healthy: ok, quotesByRest: quotesByRest(e), phase });
    }
    return views;
  }

  function evaluate(): void {
    if (closed || !started) return;
    if (timer) clock.clearTimeout(timer);
    timer = undefined;
    const now = clock.now();
    const phase = sessionPhase(now);
    if (lastPhase !== undefined && lastPhase !== 'closed' && phase === 'closed')
      poller.refresh(needIn(), phase, generation);
    lastPhase = phase;
    const views = assess(now);
    const plan = planNeed(
      symbols.views((c) => links.get(c)?.liveSince),
      views,
      now,
    );
    reasons = plan.reasons;
    poller.update(plan.need, phase, generation);
    polled = [...plan.need.stocks, ...plan.need.indices, ...plan.need.options];
    for (const [sym, s] of symbols.entries()) {
      const view = views.get(s.cluster);
      // Judged by receive time in the data's own session: a delayed feed is old, not stale. End-
      // of-day data (a Basic key) is old by design; `delayed` says so, `stale` would add nothing.
      const judged = view !== undefined && view.feed !== 'none' && links.entitlement(s.cluster).recency !== 'eod';
      const stale = judged && isStale(s.lastAnyAt, s.since, now, view.phase, s.cluster, 0, symbols.intervalMs(sym));
      if (!s.quiet) store.setStale(sym, stale);
    }
    showStatus(streamStatus(views, plan));
    // While closed nothing can go stale, so sleep until the next session instead of ticking.
    const wait =
      phase === 'closed' ? nextPhaseChange(now) - now : Math.min(o.checkEveryMs ?? 1_000, nextPhaseChange(now) - now);
    timer = clock.setTimeout(evaluate, Math.max(1, wait));
  }

  /**
   * Puts the state on the status line with its explanation; an explanation that no longer holds
   * ("stream down" once the plan says REST only, or the stream is back) is taken back, unless
   * something else has been said since.
   */
  function showStatus(status: StreamStatus): void {
    if (status.message !== undefined) {
      ownMessage = status.message;
      store.setStatus(status);
    } else if (ownMessage !== undefined && store.getSnapshot().status.message === ownMessage) {
      ownMessage = undefined;
      store.setStatus({ connection: status.connection, message: undefined });
    } else store.setStatus({ connection: status.connection });
  }

  async function backfill(cluster: Cluster, gap: Gap): Promise<void> {
    const wanted = [...symbols.entries()]
      .filter(([, s]) => s.cluster === cluster && s.cluster !== 'options')
      .map(([sym]) => sym);
    if (wanted.length === 0) return;
    try {
      const results = await backfillGap(o.rest, budget, clock, wanted, gap, lifetime.signal);
      if (closed) return;
      let bars = 0;
      for (const r of results) {
        if (!symbols.has(r.symbol)) continue;
        bars += r.bars.length;
        o.onBars?.(r.symbol, r.bars);
      }
      backfills.push({ cluster, from: gap.from, to: gap.to, bars });
      const secs = Math.round((gap.to - gap.from) / 1000);
      store.setStatus({
        message: `backfilled ${bars} minute bar${bars === 1 ? '' : 's'} for ${results.length} ${cluster} symbol${results.length === 1 ? '' : 's'} over a ${secs} s outage`,
      });
    } catch (error) {
      if (!closed) log.warn('backfill failed', { cluster, message: (error as Error).message });
    }
  }

  function changed(): void {
    generation++;
    const known = new Set([...symbols.entries()].map(([sym]) => sym));
    symbols.sync(interests.list(), clock.now());
    if (!started || closed) return;
    links.sync(topicsByCluster(interests.list()));
    publishFeeds();
    // A symbol added while running (the watchlist edited on the screen) gets the REST seed its
    // cluster had at start, so its change and bid/ask show before the first trade.
    const fresh = new Set<Cluster>();
    for (const [sym, s] of symbols.entries()) if (!known.has(sym)) fresh.add(s.cluster);
    for (const cluster of fresh)
      if (links.get(cluster)?.seeded && links.entitlement(cluster).feed !== 'none')
        poller.refresh(needIn(cluster), sessionPhase(clock.now()), generation);
    evaluate();
  }

  return {
    async start() {
      if (started || closed) return;
      if (!o.quota) await readProxyQuota(o.rest, budget, lifetime.signal, log);
      if (closed) return;
      started = true;
      symbols.sync(interests.list(), clock.now());
      links.sync(topicsByCluster(interests.list()));
      publishFeeds();
      evaluate();
    },
    subscribe(interest) {
      if (closed) return () => {};
      if (interests.add(interest)) changed();
      let done = false;
      return () => {
        if (done || closed) return;
        done = true;
        if (interests.remove(interest)) changed();
      };
    },
    stats() {
      const states: Partial<Record<Cluster, StreamState>> = {};
      const entitlements: Partial<Record<Cluster, Entitlement>> = {};
      for (const [cl, c] of links.entries()) {
        states[cl] = c.state;
        entitlements[cl] = links.entitlement(cl);
      }
      return {
        generation,
        phase: sessionPhase(clock.now()),
        clusters: states,
        entitlements,
        polled,
        poll: poller.stats(),
        restUsed: budget.used,
        backfills: [...backfills],
        droppedEvents,
      };
    },
    restSlot(signal) {
      return takeSlot(budget, clock, signal ? AbortSignal.any([signal, lifetime.signal]) : lifetime.signal);
    },
    close() {
      if (closed) return;
      closed = true;
      lifetime.abort();
      if (timer) clock.clearTimeout(timer);
      timer = undefined;
      poller.close();
      links.close();
    },
  };
}
