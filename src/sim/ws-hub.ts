/**
 * The simulator's WebSocket side: routes upgrades by path to a cluster and feed, enforces one
 * connection per (key, cluster), and on every tick advances the market and flushes each
 * session's batch. Faults that act on sockets (drop, close) are carried out here.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Cluster } from '../massive/events.js';
import type { FaultState, SocketActions } from './faults.js';
import { WsSession, type SessionContext } from './ws-session.js';

export interface ConnectionInfo {
  readonly cluster: string;
  /** Connected on a `/delayed/*` path. */
  readonly delayed: boolean;
  readonly key?: string;
  readonly authed: boolean;
  readonly subscriptions: string[];
}

const PATHS: Record<string, { cluster: Cluster; delayed: boolean }> = {
  '/stocks': { cluster: 'stocks', delayed: false },
  '/options': { cluster: 'options', delayed: false },
  '/indices': { cluster: 'indices', delayed: false },
  '/delayed/stocks': { cluster: 'stocks', delayed: true },
  '/delayed/options': { cluster: 'options', delayed: true },
  '/delayed/indices': { cluster: 'indices', delayed: true },
};

export interface HubOptions extends Omit<SessionContext, 'onAuthed' | 'onClosed'> {
  /** Real-time and delayed connections of a key share one quota per market. @default true */
  readonly shareDelayedQuota: boolean;
  /** Market ms per real ms, to scale the forced-reconnect interval. @default 1 */
  readonly speed?: number;
}

export class WsHub implements SocketActions {
  readonly sessions = new Set<WsSession>();
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: 1 << 20 });
  private readonly ctx: SessionContext;

  constructor(
    private readonly options: HubOptions,
    private readonly faults: FaultState,
  ) {
    this.ctx = {
      ...options,
      onAuthed: (s) => this.sessionOnAuthed(s),
      onClosed: (s) => this.sessions.delete(s),
    };
  }

  /** Handles an HTTP upgrade; unknown paths and refused connects get a plain HTTP error. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://sim').pathname.replace(/\/+$/, '');
    const route = PATHS[path];
    if (!route || this.faults.refusing) {
      const status = route ? '503 Service Unavailable' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new WsSession(this.ctx, ws, route.cluster, route.delayed);
      this.sessions.add(session);
      session.start();
    });
  }

  private sessionOnAuthed(fresh: WsSession): void {
    for (const s of this.sessions) {
      if (s === fresh || !s.authed || s.closed || s.key !== fresh.key || s.cluster !== fresh.cluster) continue;
      if (!this.options.shareDelayedQuota && s.delayed !== fresh.delayed) continue;
      // Keep the newcomer, evict the older one, as the live service does.
      s.evict();
    }
  }

  /** Routes one tick's events and flushes every session. */
  dispatch(live: Parameters<WsSession['deliver']>[0], delayed: Parameters<WsSession['deliver']>[0]): void {
    this.forceReconnects();
    const malformed = this.faults.malformedPending;
    this.faults.malformedPending = 0;
    for (const s of this.sessions) {
      s.deliver(s.delayed ? delayed : live);
      s.flush();
      if (malformed > 0 && s.authed) s.sendMalformed(malformed);
    }
    if (malformed > 0 && ![...this.sessions].some((s) => s.authed)) this.faults.malformedPending = malformed;
  }

  /** Cuts sockets older than the forced-reconnect interval (a fault; off by default). */
  private forceReconnects(): void {
    const every = this.faults.reconnectEveryMs;
    if (every <= 0) return;
    const now = this.options.clock.now();
    const speed = this.options.speed ?? 1;
    for (const s of [...this.sessions]) {
      if ((now - s.openedAt) * speed < every) continue;
      const code = this.faults.reconnectCode;
      if (code === undefined) s.terminate();
      else s.close(code, 'forced reconnect');
    }
  }

  connections(): ConnectionInfo[] {
    return [...this.sessions].map((s) => ({
      cluster: s.cluster,
      delayed: s.delayed,
      ...(s.key !== undefined ? { key: s.key } : {}),
      authed: s.authed,
      subscriptions: [...s.topics],
    }));
  }

  drop(cluster?: Cluster): void {
    for (const s of [...this.sessions]) if (!cluster || s.cluster === cluster) s.terminate();
  }

  close(code: number, reason: string, cluster?: Cluster): void {
    for (const s of [...this.sessions]) if (!cluster || s.cluster === cluster) s.close(code, reason);
  }

  /** Ends every connection at once (server shutdown). */
  shutdown(): void {
    for (const s of [...this.sessions]) s.terminate();
    this.wss.close();
  }
}
