/**
 * The subscription manager: the one place that decides what the client subscribes to and where
 * each value comes from. Streams first; when a cluster drops, stalls silently or a symbol goes
 * quiet during market hours, the REST poller takes over for just those symbols and stops when the
 * stream is healthy again; the outage is then backfilled with minute bars.
 */
import type { Clock, TimerHandle } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { ConnectionTuning } from './connection.js';
import { silentLogger } from '../lib/logger.js';
import { eventSymbol, type Cluster, type DataEvent } from '../massive/events.js';
import type { Bar } from '../massive/rest-models.js';
import { nextPhaseChange, sessionPhase, type SessionPhase } from '../market/session.js';
import type { RestClient } from '../rest/index.js';
import type { WritableMarketStore } from '../store/store.js';
import { backfillGap, takeSlot, type Gap } from './backfill.js';
import { RestBudget, type QuotaInfo } from './budget.js';
import { StreamConnection, type StreamState } from './connection.js';
import { clusterHealthy, needFor, overall, pollingMessage, type SymbolView } from './health.js';
import { InterestCounts, flowUnderlyings, symbolsByCluster, topicsByCluster, type Interest } from './interests.js';
import { parseOptionTicker } from '../massive/symbology.js';
import { Poller, type PollStats } from './poller.js';
import { isStale } from './staleness.js';

export interface SubscriptionManagerOptions {
  /** ws://host:port of the proxy; cluster paths are appended. */
  readonly wsBase: string;
  readonly rest: Pick<RestClient, 'get'>;
  readonly getToken: () => string | Promise<string>;
  readonly store: WritableMarketStore;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Connection tuning, mostly for tests. */
  readonly connection?: ConnectionTuning;
  /** A live cluster silent this long during a session counts as stalled. @default 10 s regular, 2 min extended */
  readonly stallAfterMs?: number;
  /** Health check period while a session is open. @default 1_000 */
  readonly checkEveryMs?: number;
  /** The account's REST quota; read from the proxy's /_proxy/status when absent. */
  readonly quota?: QuotaInfo;
  /** Called with the minute bars that fill an outage, per symbol. */
  readonly onBars?: (symbol: string, bars: readonly Bar[]) => void;
}

export interface BackfillRecord {
  readonly cluster: Cluster;
  readonly from: number;
  readonly to: number;
  readonly bars: number;
}

export interface ManagerStats {
  readonly generation: number;
  readonly phase: SessionPhase;
  readonly clusters: Readonly<Partial<Record<Cluster, StreamState>>>;
  readonly polled: readonly string[];
  readonly poll: PollStats;
  readonly restUsed: number;
  readonly backfills: readonly BackfillRecord[];
  /** Data events dropped because their symbol is not (or no longer) subscribed. */
  readonly droppedEvents: number;
}

export interface SubscriptionManager {
  /** Reads the quota, opens the streams and seeds every symbol once from REST. */
  start(): Promise<void>;
  /** Adds one reference to an interest; the returned function drops it (idempotent). */
  subscribe(interest: Interest): () => void;
  stats(): ManagerStats;
  /**
   * Resolves when one more REST call fits the client's budget, and records it. Other REST users
   * of the client (bar history, chains) call this first so the quota stays in one place.
   */
  restSlot(signal?: AbortSignal): Promise<void>;
  /** Aborts every request, clears every timer and closes every socket; nothing fires afterwards. */
  close(): void;
}

interface ClusterState {
  conn: StreamConnection;
  state: StreamState;
  lastDataAt: number | undefined;
  liveSince: number | undefined;
  readonly createdAt: number;
  /** Start of the current outage, while unhealthy during a session. */
  downSince: number | undefined;
}

export function createSubscriptionManager(o: SubscriptionManagerOptions): SubscriptionManager {
  const log = (o.logger ?? silentLogger).child('manager');
  const clock = o.clock ?? systemClock;
  const { store } = o;
  const lifetime = new AbortController();
  const budget = new RestBudget({ clock, ...(o.quota ? { quota: o.quota } : {}) });
  const poller = new Poller({
    rest: o.rest, clock, budget, logger: log, signal: lifetime.signal,
    sink: {
      quote(symbol, seed) {
        const info = symbols.get(symbol);
        if (!info || closed) return;
        info.lastAnyAt = clock.now();
        store.seed(symbol, seed, 'rest');
      },
      notice: (message) => !closed && store.setStatus({ message }),
    },
  });
  const interests = new InterestCounts();
  const clusters = new Map<Cluster, ClusterState>();
  const symbols = new Map<string, { cluster: Cluster; quiet: boolean; since: number; lastWsAt: number | undefined; lastAnyAt: number | undefined }>();
  // Option roots whose whole flow is subscribed (FLOW.<underlying>): their contracts are welcome.
  let flowRoots = new Set<string>();
  const backfills: BackfillRecord[] = [];
  let generation = 0;
  let started = false;
  let closed = false;
  let timer: TimerHandle | undefined;
  let lastPhase: SessionPhase | undefined;
  let polled: readonly string[] = [];
  let droppedEvents = 0;

  function onEvents(cluster: Cluster, events: readonly DataEvent[]): void {
    if (closed) return;
    const c = clusters.get(cluster);
    if (!c) return;
    const now = clock.now();
    let wasStalled = false;
    for (const event of events) {
      const sym = eventSymbol(event);
      const info = symbols.get(sym);
      // Frames for a superseded set (sent before our unsubscribe reached the server) are dropped.
      if (!info && !(cluster === 'options' && flowRoots.has(parseOptionTicker(sym)?.root ?? ''))) {
        droppedEvents++;
        continue;
      }
      wasStalled ||= c.downSince !== undefined;
      c.lastDataAt = now;
      if (info) {
        info.lastWsAt = now;
        info.lastAnyAt = now;
      }
      // Every event is applied in order; nothing is merged here (flow prints must all arrive).
      store.apply(event, 'ws');
    }
    if (wasStalled) evaluate();
  }

  function onState(cluster: Cluster, state: StreamState, detail?: string, retryAt?: number): void {
    if (closed) return;
    const c = clusters.get(cluster);
    if (!c) return;
    c.state = state;
    if (state === 'live') c.liveSince = clock.now();
    // The status line counts down to `retryAt` ("reconnecting in 4 s").
    if (detail || retryAt !== undefined || state === 'live') store.setStatus({ ...(detail ? { message: detail } : {}), retryAt: state === 'reconnecting' ? retryAt : undefined });
    evaluate();
  }

  /** Opens, retargets or closes one connection per cluster to match the desired topics. */
  function syncTopics(): void {
    const wanted = topicsByCluster(interests.list());
    for (const [cluster, c] of clusters) {
      if (wanted.has(cluster)) continue;
      c.conn.close();
      clusters.delete(cluster);
    }
    for (const [cluster, topics] of wanted) {
      let c = clusters.get(cluster);
      if (!c) {
        const conn = new StreamConnection({
          url: `${o.wsBase}/${cluster}`,
          cluster,
          getToken: o.getToken,
          onEvents: (events) => onEvents(cluster, events),
          onState: (s, d, r) => onState(cluster, s, d, r),
          onIssues: (issues) => log.warn('malformed frame elements skipped', { count: issues.length, first: issues[0]?.reason }),
          clock,
          logger: log,
          ...o.connection,
        });
        c = { conn, state: 'connecting', lastDataAt: undefined, liveSince: undefined, createdAt: clock.now(), downSince: undefined };
        clusters.set(cluster, c);
        conn.setTopics(topics);
        conn.start();
      } else c.conn.setTopics(topics);
    }
  }

  function syncSymbols(): void {
    const now = clock.now();
    const list = interests.list();
    flowRoots = flowUnderlyings(list);
    const wanted = symbolsByCluster(list);
    const quietOnly = new Set(list.filter((i) => i.kind === 'flow').map((i) => i.symbol));
    for (const i of list) if (i.kind !== 'flow') quietOnly.delete(i.symbol);
    for (const sym of [...symbols.keys()]) if (![...wanted.values()].some((s) => s.has(sym))) symbols.delete(sym);
    for (const [cluster, set] of wanted) {
      for (const sym of set) {
        const info = symbols.get(sym);
        if (info) info.quiet = quietOnly.has(sym);
        else symbols.set(sym, { cluster, quiet: quietOnly.has(sym), since: now, lastWsAt: undefined, lastAnyAt: undefined });
      }
    }
  }

  function allNeed() {
    const need = { stocks: [] as string[], indices: [] as string[], options: [] as string[] };
    for (const [sym, info] of symbols) need[info.cluster].push(sym);
    return need;
  }

  function evaluate(): void {
    if (closed || !started) return;
    if (timer) clock.clearTimeout(timer);
    timer = undefined;
    const now = clock.now();
    const phase = sessionPhase(now);
    if (lastPhase !== undefined && lastPhase !== 'closed' && phase === 'closed') poller.refresh(allNeed(), phase, generation);
    lastPhase = phase;
    const healthy = new Map<Cluster, boolean>();
    for (const [cluster, c] of clusters) {
      const ok = clusterHealthy(c, now, phase, o.stallAfterMs);
      healthy.set(cluster, ok);
      // An outage is a loss of a stream we had; the first connect is covered by the seed.
      if (!ok && c.downSince === undefined && c.liveSince !== undefined && phase !== 'closed') c.downSince = c.state === 'live' ? Math.min(now, c.lastDataAt ?? now) : now;
      if (ok && c.downSince !== undefined) {
        const gap = { from: c.downSince, to: now };
        c.downSince = undefined;
        void backfill(cluster, gap);
      }
    }
    // A symbol's quiet window starts again when its stream (re)connects.
    const views: SymbolView[] = [...symbols].map(([symbol, s]) => ({
      symbol, cluster: s.cluster, quiet: s.quiet, since: Math.max(s.since, clusters.get(s.cluster)?.liveSince ?? -Infinity), lastWsAt: s.lastWsAt,
    }));
    const need = needFor(views, (c) => healthy.get(c) ?? false, now, phase);
    poller.update(need, phase, generation);
    polled = [...need.stocks, ...need.indices, ...need.options];
    for (const [sym, s] of symbols) if (!s.quiet) store.setStale(sym, isStale(s.lastAnyAt, s.since, now, phase, s.cluster));
    const states = [...clusters.values()].map((c) => c.state);
    const down = [...healthy].filter(([, ok]) => !ok).map(([c]) => c);
    if (poller.active) store.setStatus({ connection: 'polling', message: pollingMessage(need, down) });
    else store.setStatus({ connection: overall(states) });
    // While closed nothing can go stale, so sleep until the next session instead of ticking.
    const wait = phase === 'closed' ? nextPhaseChange(now) - now : Math.min(o.checkEveryMs ?? 1_000, nextPhaseChange(now) - now);
    timer = clock.setTimeout(evaluate, Math.max(1, wait));
  }

  async function backfill(cluster: Cluster, gap: Gap): Promise<void> {
    const wanted = [...symbols].filter(([, s]) => s.cluster === cluster && s.cluster !== 'options').map(([sym]) => sym);
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
      store.setStatus({ message: `backfilled ${bars} minute bar${bars === 1 ? '' : 's'} for ${results.length} ${cluster} symbol${results.length === 1 ? '' : 's'} over a ${secs} s outage` });
    } catch (error) {
      if (!closed) log.warn('backfill failed', { cluster, message: (error as Error).message });
    }
  }

  function changed(): void {
    generation++;
    syncSymbols();
    if (!started || closed) return;
    syncTopics();
    evaluate();
  }

  return {
    async start() {
      if (started || closed) return;
      if (!o.quota) {
        try {
          const res = await o.rest.get<{ quota?: { limit?: unknown; intervalMs?: unknown } }>('/_proxy/status', { signal: lifetime.signal, retries: 0 });
          const q = res.body?.quota;
          if (typeof q?.limit === 'number' && typeof q.intervalMs === 'number') budget.configure({ limit: q.limit, intervalMs: q.intervalMs });
        } catch (error) {
          if (closed) return;
          log.info('no proxy quota; assuming the smallest plan', { message: (error as Error).message });
        }
      }
      if (closed) return;
      started = true;
      syncSymbols();
      syncTopics();
      poller.refresh(allNeed(), sessionPhase(clock.now()), generation);
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
      for (const [cl, c] of clusters) states[cl] = c.state;
      return { generation, phase: sessionPhase(clock.now()), clusters: states, polled, poll: poller.stats(), restUsed: budget.used, backfills: [...backfills], droppedEvents };
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
      for (const c of clusters.values()) c.conn.close();
      clusters.clear();
    },
  };
}
