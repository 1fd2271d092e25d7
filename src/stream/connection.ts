import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import { fullJitterDelay } from '../lib/backoff.js';
import type { Logger } from '../lib/logger.js';
import type { Tracer } from '../lib/trace.js';
import { silentLogger } from '../lib/logger.js';
import type { Cluster, DataEvent, FrameIssue, ParsedFrame } from '../massive/events.js';
import { parseElements, parseFrame } from '../massive/parse-frame.js';
import { LOCAL_SINK_PARAM, registerLocalSink } from '../lib/local-link.js';
import { tlsTrustFor } from '../rest/tls-trust.js';
import {
  buildAuth,
  buildSubscribe,
  buildUnsubscribe,
  PROXY_STATUS,
  STATUS_MESSAGES,
} from '../massive/client-messages.js';
import { readEntitlementStatus, type Entitlement } from '../massive/entitlements.js';
import type { SocketState } from '../lib/socket-state.js';

/** A client connection's states, in the vocabulary it shares with the proxy's upstream. */
export type StreamState = Exclude<SocketState, 'idle' | 'authenticating'>;

export interface StreamConnectionOptions {
  /** Full URL of the cluster endpoint, e.g. ws://127.0.0.1:PORT/stocks. */
  readonly url: string;
  readonly cluster: Cluster;
  /** A fresh token (or key) for each (re)connect. */
  readonly getToken: () => string | Promise<string>;
  readonly onEvents: (events: readonly DataEvent[]) => void;
  /** `retryAt` (wall-clock ms) comes with `reconnecting` when the next attempt is scheduled. */
  readonly onState: (state: StreamState, detail?: string, retryAt?: number) => void;
  readonly onIssues?: (issues: readonly FrameIssue[]) => void;
  /**
   * What the key has on this cluster, from the proxy's `entitlement` status (sent after every
   * `auth_success` and whenever it changes). Informational: the connection's state does not move.
   */
  readonly onEntitlement?: (entitlement: Entitlement) => void;
  /**
   * After `auth_success` on a new socket, topics wait this long for the entitlement status, so
   * nothing outside the plan is subscribed first. The proxy may first have to detect the plan
   * (a few REST round trips); a server without the extension only costs this delay. @default 2_000
   */
  readonly entitlementWaitMs?: number;
  /** Ping interval. @default 25_000 */
  readonly pingMs?: number;
  /** Declared dead after this long without a pong or data. @default 30_000 */
  readonly deadAfterMs?: number;
  /** @default { baseMs: 500, capMs: 30_000 } */
  readonly backoff?: { readonly baseMs?: number; readonly capMs?: number };
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** `--trace`: every frame in and out, redacted by the tracer. */
  readonly trace?: Tracer;
  /**
   * The proxy runs in this process (embedded): ask it to hand data frames over as objects
   * (lib/local-link.ts). A proxy elsewhere ignores the request and sends text as always.
   */
  readonly inProcess?: boolean;
}

/** Connection tuning the manager passes through (tests shorten the timers; `--trace` records). */
export type ConnectionTuning = Pick<
  StreamConnectionOptions,
  'pingMs' | 'deadAfterMs' | 'backoff' | 'trace' | 'entitlementWaitMs' | 'inProcess'
>;

/**
 * One client connection to one cluster (through the proxy). Owns the socket, heartbeat and
 * reconnects; the desired topic set is given by the subscription manager and re-sent as one
 * frame after every `auth_success` (on a new socket, once the entitlement is known).
 */
export class StreamConnection {
  private readonly o: StreamConnectionOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  private ws: WebSocket | undefined;
  private desired = new Set<string>();
  private sent = new Set<string>();
  private authed = false;
  /** Topics may be sent on this socket (its entitlement arrived, or the wait for it ended). */
  private ready = false;
  private entitledHere = false;
  private entitlementTimer: TimerHandle | undefined;
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: TimerHandle | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  private lastSeen = 0;
  private sink: { readonly id: string; dispose(): void } | undefined;
  private handedOver = 0;
  state: StreamState = 'connecting';

  constructor(options: StreamConnectionOptions) {
    this.o = options;
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? silentLogger).child(`ws:${options.cluster}`);
  }

  start(): void {
    this.connect();
  }

  /** Replaces the desired topic set; sends only the difference when authenticated. */
  setTopics(topics: Iterable<string>): void {
    this.desired = new Set(topics);
    if (this.authed && this.ready) this.syncTopics();
  }

  close(): void {
    this.stopped = true;
    this.clearTimers();
    this.sink?.dispose();
    this.sink = undefined;
    const ws = this.ws;
    this.ws = undefined;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => {});
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    }
    this.setState('closed');
  }

  private setState(state: StreamState, detail?: string, retryAt?: number): void {
    if (this.state === state && detail === undefined) return;
    this.state = state;
    this.o.trace?.record({
      kind: 'ws-state',
      cluster: this.o.cluster,
      state,
      ...(detail === undefined ? {} : { detail }),
    });
    this.o.onState(state, detail, retryAt);
  }

  private connect(): void {
    if (this.stopped) return;
    this.authed = false;
    this.ready = false;
    this.entitledHere = false;
    this.sent = new Set();
    this.sink?.dispose();
    let url = this.o.url;
    if (this.o.inProcess) {
      const sink = registerLocalSink((elements) => this.sinkOnElements(ws, elements));
      this.sink = sink;
      const u = new URL(url);
      u.searchParams.set(LOCAL_SINK_PARAM, sink.id);
      url = u.toString();
    }
    // tlsTrustFor: a proxy served over TLS with its own certificate (rest/tls-trust.ts).
    const ws = new WebSocket(url, { perMessageDeflate: false, ...tlsTrustFor(url) });
    this.ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => this.wsOnMessage(ws, data, isBinary));
    ws.on('pong', () => (this.lastSeen = this.clock.now()));
    ws.on('error', (error) => this.log.warn('socket error', { message: error.message }));
    ws.on('close', (code, reason) => this.wsOnClose(ws, code, reason.toString()));
    ws.on('open', () => {
      this.lastSeen = this.clock.now();
      this.scheduleHeartbeat();
    });
  }

  private wsOnMessage(ws: WebSocket, data: Buffer, _isBinary: boolean): void {
    if (ws !== this.ws) return;
    this.lastSeen = this.clock.now();
    this.o.trace?.record({ kind: 'ws', dir: 'in', cluster: this.o.cluster, data: data.toString() });
    this.onParsed(ws, parseFrame(this.o.cluster, data));
  }

  /** Data frames a proxy in this process handed over as objects (`inProcess`), for tests and traces. */
  get framesHandedOver(): number {
    return this.handedOver;
  }

  /** Data frames from a proxy in this process: its parsed elements, checked as a frame's are. */
  private sinkOnElements(ws: WebSocket, elements: readonly object[]): void {
    if (ws !== this.ws) return;
    this.handedOver++;
    this.lastSeen = this.clock.now();
    if (this.o.trace)
      this.o.trace.record({ kind: 'ws', dir: 'in', cluster: this.o.cluster, data: JSON.stringify(elements) });
    this.onParsed(ws, parseElements(this.o.cluster, elements));
  }

  private onParsed(ws: WebSocket, { events, issues }: ParsedFrame): void {
    if (issues.length > 0) this.o.onIssues?.(issues);
    let batch: DataEvent[] | undefined;
    for (const event of events) {
      if (event.ev !== 'status') {
        batch ??= [];
        batch.push(event);
        continue;
      }
      switch (event.status) {
        case 'connected':
          void this.sendAuth(ws);
          break;
        case 'auth_success':
          this.authed = true;
          this.attempt = 0;
          if (this.ready) this.syncTopics();
          else if (this.entitledHere) this.release(ws);
          else this.awaitEntitlement(ws);
          this.setState('live');
          break;
        case 'auth_failed':
          this.log.warn('authentication failed', { message: event.message });
          this.setState('auth_failed', event.message);
          break;
        case 'max_connections':
          // Another connection with the same key took the slot. Direct to Massive the server
          // closes us next and we back off hard; through the proxy it stays open and the proxy
          // reports `upstream_restored` when it has the slot back.
          this.attempt = Math.max(this.attempt, 6);
          this.setState('reconnecting', 'max_connections: another connection uses this API key');
          break;
        case PROXY_STATUS.upstreamReconnecting:
          // Our socket to the proxy is fine but the proxy's upstream is not: data has stopped.
          this.setState('reconnecting', event.message);
          break;
        case PROXY_STATUS.upstreamRestored:
          this.setState('live');
          break;
        case PROXY_STATUS.tokenExpiring:
          // Renew on the same socket: the proxy keeps the session and its subscriptions.
          this.log.info('renewing the session token');
          void this.sendAuth(ws);
          break;
        case PROXY_STATUS.tokenExpired:
          break; // the close that follows reconnects with a fresh token
        case PROXY_STATUS.entitlement:
          this.wsOnEntitlement(ws, event);
          break;
        case 'error':
          // A subscribe outside the plan is refused topic by topic; the stream itself is fine.
          if (event.message === STATUS_MESSAGES.notAuthorized) {
            this.log.warn('subscription refused: not in the plan', { message: event.message });
          } else this.log.warn('server error', { message: event.message });
          break;
        case 'success':
          break;
        default:
          this.log.warn('status', { status: event.status, message: event.message });
      }
    }
    if (batch) this.o.onEvents(batch);
  }

  private wsOnEntitlement(ws: WebSocket, event: object): void {
    // The status element keeps the extension's fields beside `message` (parse-frame.ts returns
    // the objects JSON.parse built).
    const entitlement = readEntitlementStatus(event as Readonly<Record<string, unknown>>);
    if (!entitlement) {
      this.log.warn('malformed entitlement status ignored');
      return;
    }
    this.log.info('entitlement', {
      feed: entitlement.feed,
      channels: entitlement.channels.join(','),
      source: entitlement.source,
    });
    this.entitledHere = true;
    this.o.onEntitlement?.(entitlement);
    if (this.authed && !this.ready && ws === this.ws) this.release(ws);
  }

  /** Holds the first subscribe of a socket until the entitlement arrives, for at most the wait. */
  private awaitEntitlement(ws: WebSocket): void {
    if (this.entitlementTimer) return;
    this.entitlementTimer = this.clock.setTimeout(() => {
      this.entitlementTimer = undefined;
      if (ws === this.ws && !this.ready) this.release(ws);
    }, this.o.entitlementWaitMs ?? 2_000);
  }

  private release(ws: WebSocket): void {
    if (this.entitlementTimer) this.clock.clearTimeout(this.entitlementTimer);
    this.entitlementTimer = undefined;
    if (ws !== this.ws) return;
    this.ready = true;
    this.syncTopics();
  }

  private async sendAuth(ws: WebSocket): Promise<void> {
    try {
      const token = await this.o.getToken();
      if (ws === this.ws && ws.readyState === WebSocket.OPEN) this.send(ws, buildAuth(token));
    } catch (error) {
      this.log.warn('could not get a token', { message: (error as Error).message });
      ws.terminate();
    }
  }

  private send(ws: WebSocket, text: string): void {
    this.o.trace?.record({ kind: 'ws', dir: 'out', cluster: this.o.cluster, data: text });
    ws.send(text);
  }

  private syncTopics(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const add = [...this.desired].filter((t) => !this.sent.has(t));
    const remove = [...this.sent].filter((t) => !this.desired.has(t));
    if (remove.length > 0) this.send(ws, buildUnsubscribe(remove));
    if (add.length > 0) this.send(ws, buildSubscribe(add));
    this.sent = new Set(this.desired);
  }

  private wsOnClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    this.authed = false;
    this.clearTimers();
    if (this.stopped) return;
    if (this.state === 'auth_failed' && this.attempt >= 3) return; // a bad key does not get better
    const delay = fullJitterDelay(this.attempt++, this.o.random ?? Math.random, { baseMs: 500, ...this.o.backoff });
    this.log.info('closed; reconnecting', { code, reason, delayMs: delay });
    this.setState('reconnecting', `connection closed (${code})`, this.clock.now() + delay);
    this.reconnectTimer = this.clock.setTimeout(() => this.connect(), delay);
  }

  private scheduleHeartbeat(): void {
    const pingMs = this.o.pingMs ?? 25_000;
    const deadMs = this.o.deadAfterMs ?? 30_000;
    this.heartbeatTimer = this.clock.setTimeout(
      () => {
        const ws = this.ws;
        if (!ws) return;
        if (this.clock.now() - this.lastSeen > deadMs) {
          this.log.warn('no pong or data; dropping connection', { silentMs: this.clock.now() - this.lastSeen });
          ws.terminate();
          return;
        }
        if (ws.readyState === WebSocket.OPEN) ws.ping();
        this.scheduleHeartbeat();
      },
      Math.min(pingMs, deadMs / 2),
    );
  }

  private clearTimers(): void {
    if (this.reconnectTimer) this.clock.clearTimeout(this.reconnectTimer);
    if (this.heartbeatTimer) this.clock.clearTimeout(this.heartbeatTimer);
    if (this.entitlementTimer) this.clock.clearTimeout(this.entitlementTimer);
    this.reconnectTimer = undefined;
    this.heartbeatTimer = undefined;
    this.entitlementTimer = undefined;
  }
}
