import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Clock } from '../lib/clock.js';
import { LOCAL_SINK_PARAM, type LocalSink, localSink } from '../lib/local-link.js';
import type { Logger } from '../lib/logger.js';
import { CLUSTERS, type Cluster } from '../massive/events.js';
import { Downstream } from './downstream.js';
import type { BackpressureLimits } from './slow-reader.js';
import type { FlowManager } from './flow-manager.js';
import type { LimitBook } from './limits.js';
import type { ClientTable } from './proxy-clients.js';
import { screenRequest } from './security.js';
import type { TokenIssuer } from './tokens.js';
import type { WsHub } from './ws-hub.js';

/** What every downstream session of one proxy shares; the hub, gate and sink are per socket. */
export interface SessionDefaults {
  readonly tokens: TokenIssuer;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  /** Served on `/options` only. */
  readonly flow?: FlowManager;
  /** @default 10_000 */
  readonly authTimeoutMs?: number;
  readonly expiryNoticeMs?: number;
  readonly backpressure?: BackpressureLimits;
}

export interface UpgradeDeps {
  readonly allowRemote: boolean;
  readonly book: LimitBook;
  readonly wss: WebSocketServer;
  readonly hubs: ReadonlyMap<Cluster, WsHub>;
  readonly clients: ClientTable;
  readonly session: SessionDefaults;
}

function isCluster(path: string): path is Cluster {
  return (CLUSTERS as readonly string[]).includes(path);
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The proxy's WebSocket side: screens an upgrade (browser checks, a cluster path, room under the
 * total), then hands the socket to a new Downstream. The token comes later, in the first frame.
 */
export function createUpgradeHandler(d: UpgradeDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => {});
    const rejection = screenRequest(req, { allowRemote: d.allowRemote });
    if (rejection) return rejectUpgrade(socket, 403, 'Forbidden');
    const reqUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = reqUrl.pathname.replace(/^\/+|\/+$/g, '');
    // A client of this very process may take data frames as objects (lib/local-link.ts).
    const sink = localSink(reqUrl.searchParams.get(LOCAL_SINK_PARAM));
    if (!isCluster(path)) return rejectUpgrade(socket, 404, 'Not Found');
    if (!d.book.hasRoom()) {
      d.book.count('connections');
      return rejectUpgrade(socket, 503, 'Service Unavailable');
    }
    d.wss.handleUpgrade(req, socket, head, (ws) => {
      acceptClient(d, ws, { cluster: path, address: req.socket.remoteAddress ?? 'unknown', sink });
    });
  };
}

interface Accepted {
  readonly cluster: Cluster;
  readonly address: string;
  readonly sink: LocalSink | undefined;
}

/** Opens the session of an accepted socket and registers it for the liveness rounds. */
function acceptClient(d: UpgradeDeps, ws: WebSocket, a: Accepted): void {
  const s = d.session;
  const id = d.clients.nextId();
  ws.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return;
    d.book.count('frameBytes');
    // ws has sent its 1009 close frame and would now read (and discard) the rest of the frame
    // while waiting for the client's reply: 10 MiB a second cost every other client latency.
    ws.terminate();
  });
  let ds: Downstream | undefined;
  const gate = d.book.openSession(a.address, () => ds?.evict());
  ds = new Downstream(ws, {
    id,
    hub: d.hubs.get(a.cluster)!,
    tokens: s.tokens,
    clock: s.clock,
    logger: s.logger.child('downstream'),
    // Up to a quarter longer at random: sockets a flood opened together then do not all time
    // out (and reconnect) in the same tick, which stalled every other client (bench/abuse.mjs).
    authTimeoutMs: Math.round((s.authTimeoutMs ?? 10_000) * (1 + 0.25 * s.random())),
    ...(s.expiryNoticeMs !== undefined ? { expiryNoticeMs: s.expiryNoticeMs } : {}),
    ...(a.cluster === 'options' && s.flow ? { flow: s.flow } : {}),
    ...(s.backpressure ? { limits: s.backpressure } : {}),
    ...(a.sink ? { localSink: a.sink } : {}),
    gate,
    onClose: () => d.clients.delete(id),
  });
  const entry = { ws, alive: true, ds };
  ws.on('pong', () => {
    entry.alive = true;
  });
  d.clients.add(id, entry);
}
