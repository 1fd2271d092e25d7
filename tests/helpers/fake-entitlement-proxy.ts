/**
 * A bare stand-in for the proxy on 127.0.0.1 port 0, for the entitlement tests: one node:http
 * server answering the REST calls the client makes, with a `ws` WebSocketServer on the cluster
 * paths that speaks the Massive protocol plus the proxy's `entitlement` status. Every subscribe
 * and every REST path is recorded, so tests can prove what was (never) asked for.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  parseClientMessage,
  splitTopics,
  statusFrame,
  STATUS_MESSAGES,
  subscribedMessage,
} from '../../src/massive/client-messages.js';
import { entitlementStatus, type Entitlement } from '../../src/massive/entitlements.js';
import type { Cluster } from '../../src/massive/events.js';

export interface FakeProxy {
  readonly wsUrl: string;
  readonly httpUrl: string;
  /** REST paths (with query) in the order they arrived. */
  readonly restPaths: string[];
  /** Every topic a client asked to subscribe, per cluster, in order. */
  readonly subscribed: Record<Cluster, string[]>;
  /** Every topic a client unsubscribed, per cluster. */
  readonly unsubscribed: Record<Cluster, string[]>;
  /** Index tickers the indices snapshot answers with an inline error (e.g. `NOT_AUTHORIZED`). */
  readonly indexErrors: Map<string, string>;
  /** Open, authenticated client sockets per cluster. */
  sockets(cluster: Cluster): number;
  /** Changes what the key has on a cluster and tells every client of it, as the proxy does. */
  setEntitlement(cluster: Cluster, e: Entitlement): void;
  /** Sends data events to every client of a cluster. */
  push(cluster: Cluster, events: readonly object[]): void;
  close(): Promise<void>;
}

const NS = 1_000_000;

/**
 * REST answers: a stock snapshot with last trade and NBBO, an indices snapshot, empty bars. Their
 * market time is `now()` (what a delayed plan's REST would stamp is up to the caller's clock).
 */
function answer(
  req: IncomingMessage,
  res: ServerResponse,
  now: () => number,
  indexErrors: ReadonlyMap<string, string>,
): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const t = now() * NS;
  if (url.pathname === '/_proxy/status') {
    send(200, { quota: { limit: 100, intervalMs: 1000 } });
    return;
  }
  if (url.pathname === '/v2/snapshot/locale/us/markets/stocks/tickers') {
    const tickers = (url.searchParams.get('tickers') ?? '').split(',').filter(Boolean);
    send(200, {
      status: 'OK',
      tickers: tickers.map((ticker) => ({
        ticker,
        updated: t,
        lastTrade: { p: 500, s: 100, t },
        lastQuote: { p: 499.9, P: 500.1, s: 1, S: 1, t },
        prevDay: { c: 490 },
        day: { o: 491, h: 501, l: 489, c: 500, v: 1_000_000, vw: 495 },
      })),
    });
  } else if (url.pathname === '/v3/snapshot/indices') {
    const tickers = (url.searchParams.get('ticker.any_of') ?? '').split(',').filter(Boolean);
    send(200, {
      status: 'OK',
      results: tickers.map((ticker) => {
        const error = indexErrors.get(ticker);
        if (error) return { ticker, error, message: 'You are not entitled to this data.' };
        return {
          ticker,
          value: ticker === 'I:VIX' ? 16 : 6000,
          last_updated: t,
          session: { previous_close: ticker === 'I:VIX' ? 16.5 : 5990 },
        };
      }),
    });
  } else if (url.pathname.startsWith('/v2/aggs/')) send(200, { status: 'OK', resultsCount: 0, results: [] });
  else send(404, { status: 'NOT_FOUND', message: `no route for ${url.pathname}` });
}

export async function startFakeProxy(
  entitlements: Readonly<Partial<Record<Cluster, Entitlement>>>,
  now: () => number = Date.now,
): Promise<FakeProxy> {
  const plan: Partial<Record<Cluster, Entitlement>> = { ...entitlements };
  const restPaths: string[] = [];
  const subscribed: Record<Cluster, string[]> = { stocks: [], options: [], indices: [] };
  const unsubscribed: Record<Cluster, string[]> = { stocks: [], options: [], indices: [] };
  const clients = new Map<WebSocket, Cluster>();
  const authed = new Set<WebSocket>();
  const indexErrors = new Map<string, string>();

  const server = createServer((req, res) => {
    restPaths.push(req.url ?? '');
    answer(req, res, now, indexErrors);
  });
  const wss = new WebSocketServer({ server });
  const tell = (ws: WebSocket, cluster: Cluster): void => {
    const e = plan[cluster];
    if (e) ws.send(JSON.stringify([entitlementStatus(cluster, e)]));
  };

  wss.on('connection', (ws, req) => {
    const cluster = (req.url ?? '/').slice(1) as Cluster;
    clients.set(ws, cluster);
    ws.on('close', () => {
      clients.delete(ws);
      authed.delete(ws);
    });
    ws.send(statusFrame('connected', STATUS_MESSAGES.connected));
    ws.on('message', (data: Buffer) => {
      const msg = parseClientMessage(data);
      if (!msg.ok) return;
      if (msg.action === 'auth') {
        authed.add(ws);
        // Two frames, as the proxy sends them: the client must not depend on one TCP read.
        ws.send(statusFrame('auth_success', STATUS_MESSAGES.authSuccess));
        tell(ws, cluster);
        return;
      }
      const e = plan[cluster];
      for (const topic of splitTopics(msg.params)) {
        if (msg.action === 'unsubscribe') {
          unsubscribed[cluster].push(topic);
          continue;
        }
        subscribed[cluster].push(topic);
        const channel = topic.slice(0, topic.indexOf('.'));
        const ok =
          e !== undefined &&
          (e.feed === 'realtime' || e.feed === 'delayed') &&
          (e.channels as readonly string[]).includes(channel);
        ws.send(
          ok ? statusFrame('success', subscribedMessage(topic)) : statusFrame('error', STATUS_MESSAGES.notAuthorized),
        );
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const socketsOf = (cluster: Cluster) =>
    [...clients].filter(([ws, c]) => c === cluster && authed.has(ws)).map(([ws]) => ws);

  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    restPaths,
    subscribed,
    unsubscribed,
    indexErrors,
    sockets: (cluster) => socketsOf(cluster).length,
    setEntitlement(cluster, e) {
      plan[cluster] = e;
      for (const ws of socketsOf(cluster)) tell(ws, cluster);
    },
    push(cluster, events) {
      for (const ws of socketsOf(cluster)) ws.send(JSON.stringify(events));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of clients.keys()) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
