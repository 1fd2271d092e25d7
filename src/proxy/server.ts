import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock, type TimerHandle } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import { redact, registerSecret } from '../lib/redact.js';
import { CLUSTERS, type Cluster } from '../massive/events.js';
import { Downstream } from './downstream.js';
import { createRestGateway, errorBody } from './rest-gateway.js';
import { requestToken, screenRequest } from './security.js';
import { MassiveError } from '../lib/errors.js';
import { createTokenIssuer } from './tokens.js';
import { WsHub, type HubStatus } from './ws-hub.js';
import { Feeds } from './feeds.js';
import { FlowManager } from './flow-manager.js';
import type { Proxy, ProxyOptions, ProxyStatus } from './proxy-types.js';
import { LimitBook, resolveLimits } from './limits.js';
import { guardBody, guardHttp, httpServerOptions } from './limits-http.js';
import { LOCAL_SINK_PARAM, localSink } from '../lib/local-link.js';

export type { Proxy, ProxyOptions, ProxyStatus } from './proxy-types.js';

function isCluster(path: string): path is Cluster {
  return (CLUSTERS as readonly string[]).includes(path);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Starts the proxy on loopback; resolves once it is listening. */
export async function startProxy(o: ProxyOptions): Promise<Proxy> {
  registerSecret(o.apiKey);
  const host = o.host ?? '127.0.0.1';
  const allowRemote = o.allowRemote === true;
  // The key is only safe behind loopback; Host/Origin checks alone do not stop a remote peer.
  if (!allowRemote && !['127.0.0.1', '::1', 'localhost'].includes(host)) {
    throw new MassiveError(
      'CONFIG',
      `the proxy only listens on loopback, not ${host} (add --allow-remote to open it to the network)`,
    );
  }
  const clock = o.clock ?? systemClock;
  const book = new LimitBook(resolveLimits(o.limits), clock);
  const random = o.random ?? Math.random;
  const logger = o.logger ?? silentLogger;
  const tokens = createTokenIssuer({
    clock,
    ...(o.secret ? { secret: o.secret } : {}),
    ...(o.tokenTtlMs ? { ttlMs: o.tokenTtlMs } : {}),
  });
  let httpUrl = '';
  const gateway = createRestGateway({
    apiKey: o.apiKey,
    apiBase: o.apiBase,
    clock,
    random,
    logger,
    publicUrl: () => httpUrl,
    onUpstreamRateLimited: () => feeds.rateLimited(),
    refusal: () =>
      feeds.keyRejected
        ? new MassiveError('AUTH_FAILED', 'Massive rejected the API key (Unknown API Key)', { status: 401 })
        : undefined,
    ...(o.quota ? { quota: o.quota } : {}),
    ...(o.cacheTtlMs !== undefined ? { cacheTtlMs: o.cacheTtlMs } : {}),
    ...(o.restRetries !== undefined ? { retries: o.restRetries } : {}),
    ...(o.restTimeoutMs !== undefined ? { timeoutMs: o.restTimeoutMs } : {}),
    ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
  });
  const wsBase = o.wsBase.replace(/\/+$/, '');
  const delayedBase = (o.wsDelayedBase ?? `${wsBase}/delayed`).replace(/\/+$/, '');
  const hubs = new Map<Cluster, WsHub>();
  const feeds = new Feeds({
    ...(o.plans ? { plans: o.plans } : {}),
    ...(o.entitlementCachePath ? { cachePath: o.entitlementCachePath } : {}),
    ...(o.reprobeMs !== undefined ? { reprobeMs: o.reprobeMs } : {}),
    clock,
    logger,
    fetchJson: (path) => gateway.fetchJson(path),
    paidQuota: { limit: o.quota?.limit ?? 50, intervalMs: o.quota?.intervalMs ?? 1_000 },
    setQuota: (limit, intervalMs) => gateway.setQuota(limit, intervalMs),
    onKeyRejected: () => {
      for (const hub of hubs.values()) hub.keyRejected();
    },
  });
  for (const cluster of CLUSTERS) {
    hubs.set(
      cluster,
      new WsHub({
        cluster,
        urls: { realtime: `${wsBase}/${cluster}`, delayed: `${delayedBase}/${cluster}` },
        detector: feeds.detector(cluster),
        probeRest: () => feeds.probeRest(cluster),
        onEntitlement: (c, e) => feeds.changed(c, e),
        onKeyRejected: () => feeds.rejectKey(),
        apiKey: o.apiKey,
        clock,
        random,
        logger: logger.child(`hub:${cluster}`),
        ...(o.idleGraceMs !== undefined ? { idleGraceMs: o.idleGraceMs } : {}),
        ...(o.pingIntervalMs !== undefined ? { pingIntervalMs: o.pingIntervalMs } : {}),
        ...(o.deadAfterMs !== undefined ? { deadAfterMs: o.deadAfterMs } : {}),
        ...(o.reconnect ? { schedule: o.reconnect } : {}),
      }),
    );
  }
  const flowMode = o.flow ?? 'window';
  const optionsHub = hubs.get('options')!;
  const flow =
    flowMode === 'off'
      ? undefined
      : new FlowManager({
          mode: flowMode,
          hub: optionsHub,
          snapshotsOf: (asset) => hubs.get(asset)!.entitlement?.snapshots,
          canStream: () =>
            optionsHub.entitlement === undefined ? undefined : optionsHub.streams && optionsHub.allows('T.*'),
          fetchJson: (path) => gateway.fetchJson(path),
          clock,
          logger: logger.child('flow'),
          ...o.flowWindow,
        });
  const clients = new Map<string, { readonly ds: Downstream; readonly ws: WebSocket; alive: boolean }>();
  let nextClient = 1;

  function status(): ProxyStatus {
    const rest = gateway.stats();
    const upstreams = {} as Record<Cluster, HubStatus>;
    const entitlements = {} as ProxyStatus['entitlements'];
    for (const [c, hub] of hubs) {
      const st = hub.status();
      upstreams[c] = st;
      entitlements[c] = {
        ...(st.entitlement ? { entitlement: st.entitlement } : {}),
        ...(st.host ? { host: st.host } : {}),
        authAttempts: st.authAttempts,
      };
    }
    return {
      httpUrl,
      wsUrl: httpUrl.replace(/^http/, 'ws'),
      upstreams,
      entitlements,
      keyRejected: feeds.keyRejected,
      clients: [...clients.values()].map((c) => c.ds.stats()),
      rest,
      flow: flow?.status() ?? { mode: 'off', underlyings: {} },
      quota: {
        used: rest.quota.used,
        left: rest.quota.left,
        limit: rest.quota.limit,
        intervalMs: rest.quota.intervalMs,
      },
      tls: o.tls !== undefined,
      limits: book.limits,
      refused: book.refused(),
    };
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (!guardBody(req, res, book)) return;
    const rejection = screenRequest(req, { allowRemote });
    if (rejection) {
      sendJson(res, rejection.status, errorBody(rejection.status, rejection.reason, 'FORBIDDEN'));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const check = tokens.verify(requestToken(req, url));
    if (!check.ok) {
      sendJson(res, 401, errorBody(401, check.reason, check.code));
      return;
    }
    if (url.pathname === '/_proxy/status') {
      sendJson(res, 200, status());
      return;
    }
    gateway.handle(req, res, url, check.clientId).catch((err: unknown) => {
      logger.error('gateway failure', { error: redact(String(err)) });
      if (!res.headersSent) sendJson(res, 500, errorBody(500, 'proxy internal error', 'INTERNAL'));
    });
  };
  const serverOptions = httpServerOptions(book.limits);
  const server = o.tls
    ? createHttpsServer({ ...serverOptions, cert: o.tls.cert, key: o.tls.key }, handler)
    : createServer(serverOptions, handler);
  guardHttp(server, book);

  const wss = new WebSocketServer({ noServer: true, maxPayload: book.limits.maxFrameBytes });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const rejection = screenRequest(req, { allowRemote });
    if (rejection) return rejectUpgrade(socket, 403, 'Forbidden');
    const reqUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = reqUrl.pathname.replace(/^\/+|\/+$/g, '');
    // A client of this very process may take data frames as objects (lib/local-link.ts).
    const sink = localSink(reqUrl.searchParams.get(LOCAL_SINK_PARAM));
    if (!isCluster(path)) return rejectUpgrade(socket, 404, 'Not Found');
    if (!book.hasRoom()) {
      book.count('connections');
      return rejectUpgrade(socket, 503, 'Service Unavailable');
    }
    const hub = hubs.get(path)!;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const id = `c${nextClient++}`;
      ws.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return;
        book.count('frameBytes');
        // ws has sent its 1009 close frame and would now read (and discard) the rest of the frame
        // while waiting for the client's reply: 10 MiB a second cost every other client latency.
        ws.terminate();
      });
      let ds: Downstream | undefined;
      const gate = book.openSession(req.socket.remoteAddress ?? 'unknown', () => ds?.evict());
      ds = new Downstream(ws, {
        id,
        hub,
        tokens,
        clock,
        logger: logger.child('downstream'),
        // Up to a quarter longer at random: sockets a flood opened together then do not all time
        // out (and reconnect) in the same tick, which stalled every other client (bench/abuse.mjs).
        authTimeoutMs: Math.round((o.authTimeoutMs ?? 10_000) * (1 + 0.25 * random())),
        ...(o.expiryNoticeMs !== undefined ? { expiryNoticeMs: o.expiryNoticeMs } : {}),
        ...(path === 'options' && flow ? { flow } : {}),
        ...(o.backpressure ? { limits: o.backpressure } : {}),
        ...(sink ? { localSink: sink } : {}),
        gate,
        onClose: () => clients.delete(id),
      });
      const entry = { ws, alive: true, ds };
      ws.on('pong', () => {
        entry.alive = true;
      });
      clients.set(id, entry);
    });
  });

  // Downstream liveness: a client that misses a whole ping round is gone (laptop lid closed).
  const pingEvery = o.clientPingIntervalMs ?? o.pingIntervalMs ?? 25_000;
  let pingTimer: TimerHandle | undefined;
  const pingRound = (): void => {
    for (const c of clients.values()) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
    pingTimer = clock.setTimeout(pingRound, pingEvery);
  };
  pingTimer = clock.setTimeout(pingRound, pingEvery);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  // Listening on every interface: local clients still come in over loopback.
  const local = addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address === '::' ? '::1' : addr.address;
  const hostPart = addr.family === 'IPv6' ? `[${local}]` : local;
  const secure = o.tls ? 's' : '';
  httpUrl = `http${secure}://${hostPart}:${addr.port}`;
  const wsUrl = `ws${secure}://${hostPart}:${addr.port}`;
  logger.info('proxy listening', { httpUrl });

  let closing: Promise<void> | undefined;
  return {
    httpUrl,
    wsUrl,
    issueToken: (clientId, ttlMs) => tokens.issue(clientId, ttlMs),
    status,
    close() {
      closing ??= (async () => {
        if (pingTimer) clock.clearTimeout(pingTimer);
        flow?.close();
        for (const hub of hubs.values()) hub.close();
        for (const c of clients.values()) c.ws.terminate();
        clients.clear();
        wss.close();
        await gateway.close();
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
      })();
      return closing;
    },
  };
}
