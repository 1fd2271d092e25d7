/**
 * The fault matrix: for every fault the simulator can inject, the time until the client's store is
 * fed from the stream again, and proof that no subscription was lost or duplicated (the
 * simulator's sockets, the proxy's refcounts, and trade ids seen twice by the store).
 *
 * Shared by tests/integration/fault-matrix.test.ts (short timers) and bench/fault-matrix.mjs
 * (default timers, repeated). It imports only types and ./market-clock.ts, so the bench can
 * transpile the two files with the TypeScript compiler and pass the compiled modules from dist/
 * in as `deps`.
 */
import type { Proxy as ProxyServer, ProxyOptions } from '../../src/proxy/index.js';
import type { RestClient, RestClientOptions } from '../../src/rest/index.js';
import type { SimOptions, Simulator } from '../../src/sim/index.js';
import type { MarketStoreOptions, WritableMarketStore } from '../../src/store/store.js';
import type { MarketClient, MarketClientOptions } from '../../src/stream/market-client.js';
import { marketClock } from './market-clock.js';

/** The modules the matrix drives (src/ in the test, dist/ in the bench). */
export interface MatrixDeps {
  startSimulator(o: SimOptions): Promise<Simulator>;
  startProxy(o: ProxyOptions): Promise<ProxyServer>;
  createRestClient(o: RestClientOptions): RestClient;
  createMarketStore(o: MarketStoreOptions): WritableMarketStore;
  createMarketClient(o: MarketClientOptions): MarketClient;
}

/** Timers of the proxy and the client; the test shortens them, the bench keeps the defaults. */
export interface MatrixTiming {
  readonly pingMs?: number;
  readonly deadAfterMs?: number;
  readonly backoff?: { readonly baseMs: number; readonly capMs: number };
  readonly stallAfterMs?: number;
}

export interface FaultCase {
  readonly name: string;
  /** What the client should end up doing: fed by the stream again, or by REST only. */
  readonly expect: 'stream' | 'rest-only';
  inject(sim: Simulator): void;
  /** Undoes a lasting fault; recovery is timed from here (from `inject` when absent). */
  clear?(sim: Simulator): void;
  /** How long the fault lasts before `clear`. */
  readonly holdMs?: number;
  /** Hold until every stock has been refreshed from REST (the fallback works despite the fault). */
  readonly holdUntilRest?: boolean;
}

/** Tuesday 2026-03-10 11:00 New York: regular hours, so the simulated market trades. */
export const MATRIX_AT = Date.parse('2026-03-10T15:00:00Z');
export const MATRIX_STOCKS = ['SPY', 'QQQ', 'AAPL'] as const;
export const MATRIX_INDICES = ['I:SPX', 'I:VIX'] as const;
const KEY = 'fault-matrix-key';

/** Every fault in src/sim/faults.ts. `failAuth` is last: a rejected key is never retried. */
export const FAULT_CASES: readonly FaultCase[] = [
  { name: 'drop (1006)', expect: 'stream', inject: (s) => s.faults.drop() },
  { name: 'close 1008', expect: 'stream', inject: (s) => s.faults.close(1008, 'policy') },
  { name: 'close 1011', expect: 'stream', inject: (s) => s.faults.close(1011, 'server error') },
  { name: 'close 1001', expect: 'stream', inject: (s) => s.faults.close(1001, 'going away') },
  {
    name: 'stopPongs',
    expect: 'stream',
    holdMs: 2_000,
    inject: (s) => s.faults.stopPongs(true),
    clear: (s) => s.faults.stopPongs(false),
  },
  {
    name: 'stall',
    expect: 'stream',
    holdMs: 2_500,
    inject: (s) => s.faults.stall(true),
    clear: (s) => s.faults.stall(false),
  },
  {
    name: 'refuseConnects + drop',
    expect: 'stream',
    holdMs: 1_500,
    inject: (s) => {
      s.faults.refuseConnects(true);
      s.faults.drop();
    },
    clear: (s) => s.faults.refuseConnects(false),
  },
  { name: 'malformed x20', expect: 'stream', inject: (s) => s.faults.malformed(20) },
  {
    name: 'rest429 x4 during an outage',
    expect: 'stream',
    holdUntilRest: true,
    holdMs: 12_000,
    inject: (s) => {
      s.faults.rest429(4, 1);
      s.faults.refuseConnects(true);
      s.faults.drop();
    },
    clear: (s) => s.faults.refuseConnects(false),
  },
  {
    name: 'rest5xx x4 during an outage',
    expect: 'stream',
    holdUntilRest: true,
    holdMs: 12_000,
    inject: (s) => {
      s.faults.rest5xx(4);
      s.faults.refuseConnects(true);
      s.faults.drop();
    },
    clear: (s) => s.faults.refuseConnects(false),
  },
  {
    name: 'latency 300 ms',
    expect: 'stream',
    holdMs: 1_500,
    inject: (s) => s.faults.latency(300),
    clear: (s) => s.faults.latency(0),
  },
  {
    name: 'mixStatus + drop',
    expect: 'stream',
    holdMs: 1_500,
    inject: (s) => {
      s.faults.mixStatus(true);
      s.faults.drop();
    },
    clear: (s) => s.faults.mixStatus(false),
  },
  {
    name: 'reconnectEvery 1.5 s',
    expect: 'stream',
    holdMs: 3_500,
    inject: (s) => s.faults.reconnectEvery(1_500),
    clear: (s) => s.faults.reconnectEvery(0),
  },
  {
    name: 'failAuth + drop',
    expect: 'rest-only',
    holdMs: 3_000,
    inject: (s) => {
      s.faults.failAuth(true);
      s.faults.drop();
    },
    clear: (s) => s.faults.failAuth(false),
  },
];

/** Sockets, refcounts and sessions: equal before and after a fault means nothing was lost or doubled. */
export interface Wiring {
  /** Authenticated simulator sockets per cluster (the proxy's upstreams). */
  readonly upstreamSockets: Record<string, number>;
  /** Topics each simulator socket holds, per cluster. */
  readonly upstreamTopics: Record<string, string[]>;
  /** The proxy's refcount per topic, per cluster. */
  readonly refcounts: Record<string, Record<string, number>>;
  /** Downstream sessions at the proxy. */
  readonly sessions: number;
}

export interface FaultResult {
  readonly name: string;
  readonly expect: FaultCase['expect'];
  /** From `clear` (or `inject`) until every symbol had a stream event and the wiring matched. */
  readonly recoveryMs: number | undefined;
  /** From `clear` (or `inject`) until both clusters delivered a stream event again (finer than recoveryMs). */
  readonly resumeMs: number | undefined;
  /**
   * Until every stock was refreshed from REST: from `inject` for holdUntilRest cases, from `clear`
   * for rest-only ones (the stream stays down and REST carries on).
   */
  readonly restFallbackMs: number | undefined;
  /** Upstream connects the fault caused (stocks + indices). */
  readonly upstreamReconnects: number;
  /** Trades (symbol + id) the store received twice since the fault. */
  readonly duplicateTrades: number;
  readonly wiringBefore: Wiring;
  readonly wiringAfter: Wiring;
  /** Why recovery was not seen, when it was not. */
  readonly problem?: string;
}

/** JSON with object keys sorted, so two wirings compare equal whatever order sockets came back in. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  check: () => T | undefined | false,
  timeoutMs: number,
  intervalMs = 20,
): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) return undefined;
    await sleep(intervalMs);
  }
}

export interface MatrixRig {
  readonly sim: Simulator;
  readonly proxy: ProxyServer;
  readonly store: WritableMarketStore;
  readonly client: MarketClient;
  wiring(): Wiring;
  /** Why the last `healthy` check failed (for assertion messages). */
  problem(): string;
  /** When the store last got a REST value for `symbol` (wall ms), if ever. */
  lastRestAt(symbol: string): number | undefined;
  /** Waits until every symbol streams and the wiring is settled; returns ms taken. */
  healthy(since: number, timeoutMs: number): Promise<number | undefined>;
  /** Waits until both clusters delivered a stream event after `since`; returns ms taken. */
  resumed(since: number, timeoutMs: number): Promise<number | undefined>;
  /** Runs one case; `phaseMs` waits that long after the healthy check, so injections do not all land right after an event. */
  run(c: FaultCase, timeoutMs: number, phaseMs?: number): Promise<FaultResult>;
  close(): Promise<void>;
}

export async function startMatrixRig(deps: MatrixDeps, timing: MatrixTiming = {}): Promise<MatrixRig> {
  const sim = await deps.startSimulator({ keys: { [KEY]: 'advanced' }, seed: 11, tickMs: 50, at: MATRIX_AT });
  const proxy = await deps.startProxy({
    apiKey: KEY,
    apiBase: sim.httpUrl,
    wsBase: sim.wsUrl,
    ...(timing.pingMs !== undefined ? { pingIntervalMs: timing.pingMs } : {}),
    ...(timing.deadAfterMs !== undefined ? { deadAfterMs: timing.deadAfterMs } : {}),
    ...(timing.backoff ? { reconnect: timing.backoff } : {}),
  });
  const inner = deps.createMarketStore({ symbols: [...MATRIX_STOCKS], demo: true, frameMs: 50 });
  const lastWs = new Map<string, number>();
  const lastRest = new Map<string, number>();
  const seen = new Set<string>();
  let duplicates = 0;
  // Wrapped to see each event as the client hands it over (the snapshot coalesces them).
  const store: WritableMarketStore = {
    ...inner,
    apply(event, source) {
      const sym = event.ev === 'V' ? event.T : event.sym;
      lastWs.set(sym, Date.now());
      if (event.ev === 'T' && event.i !== undefined) {
        const id = `${sym}|${event.i}`;
        if (seen.has(id)) duplicates++;
        else seen.add(id);
      }
      inner.apply(event, source);
    },
    seed(symbol, seed, source) {
      if (source === 'rest') lastRest.set(symbol, Date.now());
      inner.seed(symbol, seed, source);
    },
  };
  const rest = deps.createRestClient({ baseUrl: proxy.httpUrl, auth: () => proxy.issueToken('matrix') });
  const client = deps.createMarketClient({
    wsBase: proxy.wsUrl,
    rest,
    getToken: () => proxy.issueToken('matrix'),
    store,
    symbols: [...MATRIX_STOCKS, ...MATRIX_INDICES],
    clock: marketClock(MATRIX_AT),
    checkEveryMs: 200,
    ...(timing.stallAfterMs !== undefined ? { stallAfterMs: timing.stallAfterMs } : {}),
    connection: {
      ...(timing.pingMs !== undefined ? { pingMs: timing.pingMs } : {}),
      ...(timing.deadAfterMs !== undefined ? { deadAfterMs: timing.deadAfterMs } : {}),
      ...(timing.backoff ? { backoff: timing.backoff } : {}),
    },
  });
  const symbols = [...MATRIX_STOCKS, ...MATRIX_INDICES];

  function wiring(): Wiring {
    const upstreamSockets: Record<string, number> = {};
    const upstreamTopics: Record<string, string[]> = {};
    for (const c of sim.connections()) {
      if (!c.authed || c.key !== KEY) continue;
      upstreamSockets[c.cluster] = (upstreamSockets[c.cluster] ?? 0) + 1;
      upstreamTopics[c.cluster] = [...(upstreamTopics[c.cluster] ?? []), ...c.subscriptions].sort();
    }
    const st = proxy.status();
    const refcounts: Record<string, Record<string, number>> = {};
    for (const [cl, hub] of Object.entries(st.upstreams))
      if (Object.keys(hub.subscriptions).length > 0) refcounts[cl] = { ...hub.subscriptions };
    return { upstreamSockets, upstreamTopics, refcounts, sessions: st.clients.length };
  }

  const connects = () => {
    const up = proxy.status().upstreams;
    return up.stocks.upstream.connects + up.indices.upstream.connects;
  };
  const live = () => Object.values(client.stats().clusters).every((s) => s === 'live');
  const fresh = (since: number, from: Map<string, number>, list: readonly string[]) =>
    list.every((s) => (from.get(s) ?? 0) > since);
  const same = (a: Wiring, b: Wiring) => canonical(a) === canonical(b);

  await client.start();
  let settled: Wiring | undefined;
  let problem = '';

  const rig: MatrixRig = {
    sim,
    proxy,
    store,
    client,
    wiring,
    problem: () => problem,
    lastRestAt: (symbol) => lastRest.get(symbol),
    async healthy(since, timeoutMs) {
      const ok = await until(() => {
        const stale = symbols.filter((s) => (lastWs.get(s) ?? 0) <= since);
        if (!live() || stale.length > 0) {
          problem = `clusters ${JSON.stringify(client.stats().clusters)}, no stream event yet for ${stale.join(' ') || '-'}`;
          return false;
        }
        const w = wiring();
        problem = `wiring ${JSON.stringify(w)} differs from ${JSON.stringify(settled)}`;
        return settled === undefined || same(w, settled);
      }, timeoutMs);
      settled ??= wiring();
      return ok ? Date.now() - since : undefined;
    },
    async resumed(since, timeoutMs) {
      const latest = (list: readonly string[]) => Math.max(...list.map((s) => lastWs.get(s) ?? 0));
      const ok = await until(() => latest(MATRIX_STOCKS) > since && latest(MATRIX_INDICES) > since, timeoutMs, 5);
      return ok ? Date.now() - since : undefined;
    },
    async run(c, timeoutMs, phaseMs = 0) {
      await rig.healthy(Date.now(), timeoutMs);
      if (phaseMs > 0) await sleep(phaseMs);
      const before = wiring();
      const connects0 = connects();
      const dup0 = duplicates;
      const injectedAt = Date.now();
      c.inject(sim);
      let restFallbackMs: number | undefined;
      if (c.holdUntilRest) {
        const ok = await until(() => fresh(injectedAt, lastRest, MATRIX_STOCKS), c.holdMs ?? timeoutMs, 50);
        restFallbackMs = ok ? Date.now() - injectedAt : undefined;
      } else if (c.holdMs) await sleep(c.holdMs);
      c.clear?.(sim);
      const from = c.clear ? Date.now() : injectedAt;
      const resumeMs = c.expect === 'stream' ? await rig.resumed(from, timeoutMs) : undefined;
      const recoveryMs = c.expect === 'stream' ? await rig.healthy(from, timeoutMs) : undefined;
      if (c.expect === 'rest-only') {
        const ok = await until(() => fresh(from, lastRest, MATRIX_STOCKS), timeoutMs, 50);
        restFallbackMs = ok ? Date.now() - from : undefined;
      }
      return {
        name: c.name,
        expect: c.expect,
        recoveryMs,
        resumeMs,
        restFallbackMs,
        upstreamReconnects: connects() - connects0,
        duplicateTrades: duplicates - dup0,
        wiringBefore: before,
        wiringAfter: wiring(),
        ...(recoveryMs === undefined && c.expect === 'stream' ? { problem } : {}),
      };
    },
    async close() {
      client.close();
      inner.close();
      await rest.close();
      await proxy.close();
      await sim.close();
    },
  };
  return rig;
}
