/**
 * startSimulator: one node:http server speaking the Massive REST API and, on the same port, the
 * WebSocket API (`/stocks`, `/options`, `/indices`, `/delayed/*`). A timer advances the seeded
 * market every `tickMs` and flushes batched frames. Used by `massive sim`, `--demo` and tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { systemClock, type Clock, type TimerHandle } from '../lib/clock.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { controlRequest } from './control.js';
import { createFaultControl, initialFaultState, type FaultControl } from './faults.js';
import { createLoadGenerator, type LoadControl, type LoadOptions } from './load.js';
import { SimMarket } from './market/model.js';
import { defaultStart } from './market/profile.js';
import type { KeyPlans } from '../massive/entitlements.js';
import { keyPlansOf, SlidingWindowLimiter, type KeyPlan, type PlanName } from './plans.js';
import { StatsRecorder, type SimStats } from './stats.js';
import { route } from './rest-routes.js';
import { newRequestId, writeReply, type RestReply } from './rest-util.js';
import { WsHub, type ConnectionInfo } from './ws-hub.js';

export interface SimOptions {
  /** @default 0 (ephemeral) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * API key → plan: a level per asset class (`{ stocks: 'starter', options: 'advanced' }`; a class
   * left out is not in the plan), or one word for every class (`'advanced'`, `'free'` = Basic).
   * @default { 'demo-key': 'advanced' }
   */
  keys?: Record<string, KeyPlan>;
  /** @default 7 */
  seed?: number;
  /** Market time multiplier. @default 1 */
  speed?: number;
  /**
   * Market start time (ISO or ms; `'now'` = the wall clock exactly, even when the market is
   * closed). @default now while the regular session is open, otherwise the same time of day in
   * the latest regular session, so a demo started at night still shows a moving market.
   */
  at?: string | number;
  /** Real ms between market advances and frame flushes. @default 250 */
  tickMs?: number;
  /** @default 10_000 */
  authTimeoutMs?: number;
  /** Real clock (timers and the market's pace). @default systemClock */
  clock?: Clock;
  logger?: Logger;
  /** Options `Q` contracts per connection. @default 1000 */
  optionQuoteCap?: number;
  /** Reply to a subscribe sent before auth with an `error` status, or ignore it. @default 'error' */
  preAuthSubscribe?: 'error' | 'ignore';
  /** Real-time and delayed sockets of a key share the one-per-market quota. @default true */
  shareDelayedQuota?: boolean;
  /** Close a socket whose unsent outbound data exceeds this many bytes (1008). @default 16 MiB */
  slowConsumerBytes?: number;
  /** Send `Retry-After` with plan rate-limit 429s (live behaviour undocumented). @default false */
  retryAfterOnRateLimit?: boolean;
  /** Random option trades (off: only `market.scriptOptionTrades` prints trade). @default true */
  naturalOptionTrades?: boolean;
  /** Start a load generator right away (see `Simulator.load`). */
  load?: LoadOptions;
}

export type { PlanName, KeyPlan };

export interface Simulator {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly market: SimMarket;
  faults: FaultControl;
  /** Rate profiles from pre-encoded frames, beside the normal feed (load.ts). */
  readonly load: LoadControl;
  connections(): ConnectionInfo[];
  /** Auth attempts per (key, cluster, host) and REST answers per key, since start or `resetStats`. */
  stats(): SimStats;
  resetStats(): void;
  close(): Promise<void>;
}

/** At most this much market time is replayed as events in one tick. */
const MAX_CATCH_UP_MS = 60_000;

function parseAt(at: string | number | undefined, now: number): number {
  if (at === undefined) return defaultStart(now);
  if (at === 'now') return now;
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new Error(`invalid simulator start time: ${String(at)}`);
  return ms;
}

/** API key → its plans; keys whose plan is not understood are left out (their requests get 401). */
function keyPlanMap(keys: Record<string, KeyPlan>): Map<string, KeyPlans> {
  const out = new Map<string, KeyPlans>();
  for (const [key, plan] of Object.entries(keys)) {
    const plans = keyPlansOf(plan);
    if (plans) out.set(key, plans);
  }
  return out;
}

interface SimParts {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly market: SimMarket;
  readonly faultState: ReturnType<typeof initialFaultState>;
  readonly faults: FaultControl;
  readonly load: LoadControl;
  readonly hub: WsHub;
  readonly stats: StatsRecorder;
  readonly plansOf: (key: string) => KeyPlans | undefined;
}

function createHub(options: SimOptions, p: Omit<SimParts, 'hub' | 'faults' | 'load'>, speed: number): WsHub {
  return new WsHub(
    {
      market: p.market,
      faults: p.faultState,
      clock: p.clock,
      logger: p.logger,
      plansOf: p.plansOf,
      stats: p.stats,
      authTimeoutMs: options.authTimeoutMs ?? 10_000,
      optionQuoteCap: options.optionQuoteCap ?? 1000,
      preAuthSubscribe: options.preAuthSubscribe ?? 'error',
      shareDelayedQuota: options.shareDelayedQuota ?? true,
      slowConsumerBytes: options.slowConsumerBytes ?? 16 * 1024 * 1024,
      speed,
    },
    p.faultState,
  );
}

/** The HTTP side: control endpoints first, then Massive's REST routes; injected latency delays the reply. */
function requestHandler(
  p: SimParts,
  retryAfterOnRateLimit: boolean,
  base: () => string,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limiter = new SlidingWindowLimiter();
  const { market, faults, load, stats, hub, clock } = p;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', base());
    const requestId = newRequestId();
    const control = await controlRequest(
      { market, faults, load, stats, connectionCount: () => hub.sessions.size },
      req,
      url.pathname,
      requestId,
    );
    const reply: RestReply =
      control ??
      route(
        {
          market,
          faults: p.faultState,
          limiter,
          plansOf: p.plansOf,
          stats,
          realNow: () => clock.now(),
          retryAfterOnRateLimit,
        },
        req,
        {
          method: req.method ?? 'GET',
          path: url.pathname.replace(/\/+$/, '') || '/',
          query: url.searchParams,
          requestId,
          base: base(),
        },
      );
    const delay = p.faultState.latencyMs;
    if (delay > 0) clock.setTimeout(() => writeReply(res, requestId, reply), delay);
    else writeReply(res, requestId, reply);
  };
}

/**
 * Advances the market to the clock every `tickMs` and hands the events to the hub; returns the
 * function that stops it.
 */
function startTicking(p: SimParts, marketNow: () => number, tickMs: number): () => void {
  let timer: TimerHandle | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    try {
      const target = marketNow();
      // After a suspended process (laptop sleep, debugger) jump ahead instead of flooding clients.
      if (target - p.market.now() > MAX_CATCH_UP_MS) p.market.skipTo(target - MAX_CATCH_UP_MS);
      const { live, delayed } = p.market.advanceTo(target);
      p.hub.dispatch(live, delayed);
    } catch (err) {
      p.logger.error('simulator tick failed', { err });
    }
    timer = p.clock.setTimeout(tick, tickMs);
  };
  timer = p.clock.setTimeout(tick, tickMs);
  return () => {
    stopped = true;
    if (timer) p.clock.clearTimeout(timer);
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const keys = keyPlanMap(options.keys ?? { 'demo-key': 'advanced' });
  const plansOf = (key: string) => keys.get(key);
  const stats = new StatsRecorder();
  const speed = options.speed ?? 1;
  const realStart = clock.now();
  const market = new SimMarket({
    seed: options.seed ?? 7,
    startMs: parseAt(options.at, realStart),
    naturalOptionTrades: options.naturalOptionTrades ?? true,
  });
  const faultState = initialFaultState();
  const hub = createHub(options, { clock, logger, market, faultState, stats, plansOf }, speed);
  const load = createLoadGenerator({
    clock,
    sessions: () => hub.sessions,
    marketNow: () => market.now(),
    priceOf: (sym) => market.price(sym),
  });
  const parts: SimParts = {
    clock,
    logger,
    market,
    faultState,
    faults: createFaultControl(faultState, hub),
    load,
    hub,
    stats,
    plansOf,
  };
  let base = '';
  const onRequest = requestHandler(parts, options.retryAfterOnRateLimit ?? false, () => base);
  const server = createServer((req, res) => void onRequest(req, res));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));

  const addr = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  base = `http://${host}:${addr.port}`;
  const marketNow = () => market.startMs + (clock.now() - realStart) * speed;
  const stopTicking = startTicking(parts, marketNow, Math.max(5, options.tickMs ?? 250));
  if (options.load) load.start(options.load);
  logger.info('simulator listening', { url: base, marketTime: new Date(market.now()).toISOString() });

  return {
    httpUrl: base,
    wsUrl: `ws://${host}:${addr.port}`,
    market,
    faults: parts.faults,
    load,
    connections: () => hub.connections(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    async close() {
      stopTicking();
      load.stop();
      hub.shutdown();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
