import { type Clock, systemClock } from '../lib/clock.js';
import { MassiveError } from '../lib/errors.js';
import { type Logger, silentLogger } from '../lib/logger.js';
import { CLUSTERS, type Cluster } from '../massive/events.js';
import { Feeds } from './feeds.js';
import { FlowManager } from './flow-manager.js';
import { LimitBook, resolveLimits } from './limits.js';
import type { ProxyOptions } from './proxy-types.js';
import { createRestGateway, type RestGateway } from './rest-gateway.js';
import { createTokenIssuer, type TokenIssuer } from './tokens.js';
import { WsHub } from './ws-hub.js';

/** What every part of one proxy shares. */
export interface ProxyBase {
  readonly o: ProxyOptions;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
}

/** The long-lived parts of one proxy, wired to each other; server.ts puts HTTP and WS in front. */
export interface ProxyParts extends ProxyBase {
  readonly book: LimitBook;
  readonly tokens: TokenIssuer;
  readonly gateway: RestGateway;
  readonly feeds: Feeds;
  readonly hubs: ReadonlyMap<Cluster, WsHub>;
  readonly flow: FlowManager | undefined;
}

/**
 * Builds the parts. They refer to each other in a circle (the gateway asks the feeds whether the
 * key was rejected, the feeds tell the hubs, the hubs ask the feeds), so each reaches the others
 * only through callbacks, called once everything exists. `publicUrl` is known once listening.
 */
export function createProxyParts(o: ProxyOptions, publicUrl: () => string): ProxyParts {
  const clock = o.clock ?? systemClock;
  const book = new LimitBook(resolveLimits(o.limits), clock);
  const base: ProxyBase = { o, clock, random: o.random ?? Math.random, logger: o.logger ?? silentLogger };
  const tokens = createTokenIssuer({
    clock,
    ...(o.secret ? { secret: o.secret } : {}),
    ...(o.tokenTtlMs ? { ttlMs: o.tokenTtlMs } : {}),
  });
  const gateway = createGateway(base, publicUrl, () => feeds);
  const hubs = new Map<Cluster, WsHub>();
  const feeds = createFeeds(base, gateway, hubs);
  for (const cluster of CLUSTERS) hubs.set(cluster, createHub(base, cluster, feeds));
  const flow = createFlow(base, hubs, gateway);
  return { ...base, book, tokens, gateway, feeds, hubs, flow };
}

function createGateway(b: ProxyBase, publicUrl: () => string, feeds: () => Feeds): RestGateway {
  const { o } = b;
  return createRestGateway({
    apiKey: o.apiKey,
    apiBase: o.apiBase,
    clock: b.clock,
    random: b.random,
    logger: b.logger,
    publicUrl,
    onUpstreamRateLimited: () => feeds().rateLimited(),
    refusal: () =>
      feeds().keyRejected
        ? new MassiveError('AUTH_FAILED', 'Massive rejected the API key (Unknown API Key)', { status: 401 })
        : undefined,
    ...(o.quota ? { quota: o.quota } : {}),
    ...(o.cacheTtlMs !== undefined ? { cacheTtlMs: o.cacheTtlMs } : {}),
    ...(o.restRetries !== undefined ? { retries: o.restRetries } : {}),
    ...(o.restTimeoutMs !== undefined ? { timeoutMs: o.restTimeoutMs } : {}),
    ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
  });
}

function createFeeds(b: ProxyBase, gateway: RestGateway, hubs: ReadonlyMap<Cluster, WsHub>): Feeds {
  const { o } = b;
  return new Feeds({
    ...(o.plans ? { plans: o.plans } : {}),
    ...(o.entitlementCachePath ? { cachePath: o.entitlementCachePath } : {}),
    ...(o.reprobeMs !== undefined ? { reprobeMs: o.reprobeMs } : {}),
    clock: b.clock,
    logger: b.logger,
    fetchJson: (path) => gateway.fetchJson(path),
    paidQuota: { limit: o.quota?.limit ?? 50, intervalMs: o.quota?.intervalMs ?? 1_000 },
    setQuota: (limit, intervalMs) => gateway.setQuota(limit, intervalMs),
    onKeyRejected: () => {
      for (const hub of hubs.values()) hub.keyRejected();
    },
  });
}

function createHub(b: ProxyBase, cluster: Cluster, feeds: Feeds): WsHub {
  const { o } = b;
  const wsBase = o.wsBase.replace(/\/+$/, '');
  const delayedBase = (o.wsDelayedBase ?? `${wsBase}/delayed`).replace(/\/+$/, '');
  return new WsHub({
    cluster,
    urls: { realtime: `${wsBase}/${cluster}`, delayed: `${delayedBase}/${cluster}` },
    detector: feeds.detector(cluster),
    probeRest: () => feeds.probeRest(cluster),
    onEntitlement: (c, e) => feeds.changed(c, e),
    onKeyRejected: () => feeds.rejectKey(),
    apiKey: o.apiKey,
    clock: b.clock,
    random: b.random,
    logger: b.logger.child(`hub:${cluster}`),
    ...(o.idleGraceMs !== undefined ? { idleGraceMs: o.idleGraceMs } : {}),
    ...(o.pingIntervalMs !== undefined ? { pingIntervalMs: o.pingIntervalMs } : {}),
    ...(o.deadAfterMs !== undefined ? { deadAfterMs: o.deadAfterMs } : {}),
    ...(o.reconnect ? { schedule: o.reconnect } : {}),
  });
}

/** The options flow extension (`FLOW.<u>` on /options), none with `flow: 'off'`. */
function createFlow(b: ProxyBase, hubs: ReadonlyMap<Cluster, WsHub>, gateway: RestGateway): FlowManager | undefined {
  const mode = b.o.flow ?? 'window';
  if (mode === 'off') return undefined;
  const optionsHub = hubs.get('options')!;
  return new FlowManager({
    mode,
    hub: optionsHub,
    snapshotsOf: (asset) => hubs.get(asset)!.entitlement?.snapshots,
    canStream: () =>
      optionsHub.entitlement === undefined ? undefined : optionsHub.streams && optionsHub.allows('T.*'),
    fetchJson: (path) => gateway.fetchJson(path),
    clock: b.clock,
    logger: b.logger.child('flow'),
    ...b.o.flowWindow,
  });
}
