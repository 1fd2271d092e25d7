import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import {
  parseClientMessage,
  parseTopic,
  splitTopics,
  statusFrame,
  subscribedMessage,
  unsubscribedMessage,
  STATUS_MESSAGES,
  PROXY_STATUS,
} from '../massive/client-messages.js';
import type { TokenIssuer } from './tokens.js';
import type { HubClient, WsHub } from './ws-hub.js';
import type { FlowManager } from './flow-manager.js';
import { isFlowTopic, parseFlowTopic } from './flow.js';
import { LIMIT_STATUS, type SessionGate } from './limits.js';
import type { LocalSink } from '../lib/local-link.js';
import type { FrameElement } from './frame.js';
import { type BackpressureLimits, SlowReader } from './slow-reader.js';

export interface DownstreamOptions {
  readonly id: string;
  readonly hub: WsHub;
  readonly tokens: TokenIssuer;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Time allowed between upgrade and a valid auth frame. @default 10_000 */
  readonly authTimeoutMs?: number;
  /**
   * How long before its token expires a session is told (`token_expiring`) to send `auth` again
   * with a fresh token; at expiry it is closed. @default 60_000 (at most half the token's life)
   */
  readonly expiryNoticeMs?: number;
  /** Options endpoint: serves `FLOW.<underlying>`; absent elsewhere or with `--flow off`. */
  readonly flow?: FlowManager;
  readonly limits?: BackpressureLimits;
  /** The proxy limits as they apply to this session (limits.ts); none: unlimited. */
  readonly gate?: SessionGate;
  /** The client runs in this process and takes data frames as objects (lib/local-link.ts). */
  readonly localSink?: LocalSink;
  readonly onClose?: () => void;
}

export interface DownstreamStats {
  readonly id: string;
  readonly cluster: string;
  readonly clientId?: string;
  readonly topics: number;
  readonly flows: number;
  /** When the session's token runs out unless renewed (ms since epoch). */
  readonly expiresAt?: number;
  readonly dropped: number;
  readonly buffered: number;
}

/**
 * Session statuses of the token-renewal extension. `token_expiring`: send
 * `{"action":"auth","params":"<fresh token>"}` on this socket; the proxy answers `auth_success`
 * and the session keeps its subscriptions. `token_expired`: it was not renewed in time; the socket
 * closes (1008) and the client reconnects with a fresh token like after any drop.
 */
export const SESSION_STATUS = {
  tokenExpiring: PROXY_STATUS.tokenExpiring,
  tokenExpired: PROXY_STATUS.tokenExpired,
} as const;

/**
 * One downstream WebSocket speaking the Massive protocol: `connected`, token auth, per-topic
 * acks, then frames filtered to its topics. Reads never wait on this client: a slow reader loses
 * data frames past the soft limit and the connection past the hard one.
 */
export class Downstream implements HubClient {
  readonly topics = new Set<string>();
  readonly flows = new Set<string>();
  private clientId: string | undefined;
  private expiresAt: number | undefined;
  private authTimer: TimerHandle | undefined;
  private noticeTimer: TimerHandle | undefined;
  private expiryTimer: TimerHandle | undefined;
  private closed = false;
  private readonly reader: SlowReader;

  /** Set for a client in this process: the hub hands it elements instead of text (ws-hub.ts). */
  readonly deliverElements: ((elements: readonly FrameElement[]) => void) | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly o: DownstreamOptions,
  ) {
    const sink = o.localSink;
    this.deliverElements = sink
      ? (elements) => {
          if (!this.closed) sink(elements);
        }
      : undefined;
    this.reader = new SlowReader(o.limits);
    ws.on('message', (data) => this.clientOnMessage(data));
    ws.on('close', () => this.clientOnClose());
    ws.on('error', (err) => o.logger.debug('downstream socket error', { id: o.id, error: err.message }));
    this.authTimer = o.clock.setTimeout(() => {
      this.authTimer = undefined;
      if (this.clientId === undefined) this.fail('auth_timeout', STATUS_MESSAGES.authTimeout);
    }, o.authTimeoutMs ?? 10_000);
    this.raw(statusFrame('connected', STATUS_MESSAGES.connected));
  }

  get id(): string {
    return this.o.id;
  }

  stats(): DownstreamStats {
    return {
      id: this.o.id,
      cluster: this.o.hub.cluster,
      ...(this.clientId ? { clientId: this.clientId } : {}),
      topics: this.topics.size,
      flows: this.flows.size,
      ...(this.expiresAt !== undefined ? { expiresAt: this.expiresAt } : {}),
      dropped: this.reader.dropped,
      buffered: this.ws.bufferedAmount,
    };
  }

  deliver(text: string): void {
    if (this.closed) return;
    const buffered = this.ws.bufferedAmount;
    const verdict = this.reader.verdict(buffered, this.o.clock.now());
    if (verdict === 'cut') {
      this.o.logger.warn('disconnecting slow client', { id: this.o.id, buffered, dropped: this.reader.dropped });
      this.closed = true;
      this.ws.terminate();
    } else if (verdict === 'hold') this.reader.hold(text);
    else {
      for (const frame of this.reader.catchUp()) this.raw(frame);
      this.raw(text);
    }
  }

  notify(text: string): void {
    if (!this.closed) this.raw(text);
  }

  private raw(text: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
  }

  private fail(status: string, message: string): void {
    this.raw(statusFrame(status, message));
    this.closed = true;
    this.ws.close(1008, status);
  }

  /** Closed to make room: too many sessions are waiting to authenticate (limits.ts). */
  evict(): void {
    if (!this.closed)
      this.fail(LIMIT_STATUS.authTimeout, 'too many connections are waiting to authenticate; closed the oldest');
  }

  private clientOnMessage(data: WebSocket.RawData): void {
    if (this.closed) return;
    // Before parsing: a flood must cost as little as possible.
    if (this.o.gate && !this.o.gate.message()) {
      const n = this.o.gate.limits.maxMessagesPerSecond;
      this.fail(LIMIT_STATUS.maxMessages, `more than ${n} messages per second (proxyMaxMessagesPerSecond)`);
      return;
    }
    const msg = parseClientMessage(data.toString());
    if (!msg.ok) {
      this.raw(
        statusFrame(
          'error',
          msg.reason === 'invalid_json' ? STATUS_MESSAGES.invalidJson : `invalid message: ${msg.reason}`,
        ),
      );
      return;
    }
    if (msg.action === 'auth') {
      this.auth(msg.params);
      return;
    }
    if (this.clientId === undefined) {
      this.raw(statusFrame('error', STATUS_MESSAGES.notAuthorized));
      return;
    }
    const topics = splitTopics(msg.params);
    if (msg.action === 'subscribe') this.subscribe(topics);
    else this.unsubscribe(topics);
  }

  private auth(token: string): void {
    const check = this.o.tokens.verify(token);
    if (!check.ok) {
      this.o.logger.info('downstream auth failed', { id: this.o.id, reason: check.reason });
      this.fail('auth_failed', STATUS_MESSAGES.authFailed);
      return;
    }
    const first = this.clientId === undefined;
    if (first && this.o.gate && !this.o.gate.admit(check.clientId)) {
      const n = this.o.gate.limits.maxConnectionsPerClient;
      this.fail(
        LIMIT_STATUS.maxConnections,
        `client ${check.clientId} already holds ${n} connections to this proxy (proxyMaxConnectionsPerClient)`,
      );
      return;
    }
    // A re-auth with a fresh token renews the session in place, keeping its subscriptions.
    this.clientId = check.clientId;
    this.clearTimers();
    this.armExpiry(check.expiresAt);
    this.raw(statusFrame('auth_success', STATUS_MESSAGES.authSuccess));
    if (first) this.o.hub.add(this);
  }

  /**
   * A session lives as long as its token: warned ahead of expiry so the client can renew in
   * place, closed at expiry otherwise. Without this a token leaked once would hold a feed open
   * for ever.
   */
  private armExpiry(expiresAt: number): void {
    this.expiresAt = expiresAt;
    const left = expiresAt - this.o.clock.now();
    const notice = Math.min(this.o.expiryNoticeMs ?? 60_000, Math.floor(left / 2));
    this.noticeTimer = this.o.clock.setTimeout(
      () => {
        this.noticeTimer = undefined;
        const s = Math.max(0, Math.round((expiresAt - this.o.clock.now()) / 1000));
        this.raw(
          statusFrame(
            SESSION_STATUS.tokenExpiring,
            `token expires in ${s} s; send auth with a fresh token to keep this session`,
          ),
        );
      },
      Math.max(0, left - notice),
    );
    this.expiryTimer = this.o.clock.setTimeout(
      () => {
        this.expiryTimer = undefined;
        this.o.logger.info('downstream token expired', { id: this.o.id });
        this.fail(SESSION_STATUS.tokenExpired, 'token expired; reconnect with a fresh token');
      },
      Math.max(0, left),
    );
  }

  private clearTimers(): void {
    for (const t of [this.authTimer, this.noticeTimer, this.expiryTimer]) if (t) this.o.clock.clearTimeout(t);
    this.authTimer = undefined;
    this.noticeTimer = undefined;
    this.expiryTimer = undefined;
  }

  private subscribe(topics: readonly string[]): void {
    const fresh: string[] = [];
    let over = 0;
    for (const t of topics) {
      if (isFlowTopic(t)) {
        if (!this.subscribeFlow(t)) over++;
        continue;
      }
      if (!parseTopic(t)) {
        this.raw(statusFrame('error', `invalid topic: ${t}`));
        continue;
      }
      // A channel the key's plan lacks (or a class without a stream) is refused as Massive would.
      if (!this.o.hub.allows(t) || !this.o.hub.streams) {
        this.raw(statusFrame('error', STATUS_MESSAGES.notAuthorized));
        continue;
      }
      if (!this.topics.has(t)) {
        if (this.o.gate?.grant(1) === 0) {
          over++;
          continue;
        }
        this.topics.add(t);
        fresh.push(t);
      }
      this.raw(statusFrame('success', subscribedMessage(t)));
    }
    this.o.hub.acquire(fresh);
    // One frame for the lot: a frame per refused topic would amplify the abuse.
    if (over > 0 && this.o.gate) {
      const n = this.o.gate.limits.maxSubscriptionsPerClient;
      this.raw(
        statusFrame(
          LIMIT_STATUS.maxSubscriptions,
          `refused ${over} topics: client ${this.clientId} may hold ${n} subscriptions (proxyMaxSubscriptionsPerClient)`,
        ),
      );
    }
  }

  /** False only when the subscription limit refused it (the caller reports those together). */
  private subscribeFlow(topic: string): boolean {
    const underlying = parseFlowTopic(topic);
    if (!this.o.flow || underlying === undefined) {
      let why = `invalid topic: ${topic}`;
      if (underlying !== undefined) {
        why =
          this.o.hub.cluster === 'options'
            ? 'options flow is off in this proxy (start it with --flow window or --flow firehose)'
            : `${topic} is served on /options only`;
      }
      this.raw(statusFrame('error', why));
      return true;
    }
    // Flow is made of option trades: a plan without the `T` channel on options has none to give.
    if (!this.o.hub.streams || !this.o.hub.allows('T.*')) {
      this.raw(statusFrame('error', STATUS_MESSAGES.notAuthorized));
      return true;
    }
    if (!this.flows.has(underlying)) {
      if (this.o.gate?.grant(1) === 0) return false;
      this.flows.add(underlying);
      this.o.flow.acquire(underlying);
    }
    this.raw(statusFrame('success', subscribedMessage(topic)));
    return true;
  }

  private unsubscribe(topics: readonly string[]): void {
    const gone: string[] = [];
    for (const t of topics) {
      const u = parseFlowTopic(t);
      if (u !== undefined && this.flows.delete(u)) {
        this.o.flow?.release(u);
        this.o.gate?.giveBack(1);
      }
      if (this.topics.delete(t)) {
        gone.push(t);
        this.o.gate?.giveBack(1);
      }
      this.raw(statusFrame('success', unsubscribedMessage(t)));
    }
    this.o.hub.release(gone);
  }

  private clientOnClose(): void {
    this.closed = true;
    this.clearTimers();
    if (this.clientId !== undefined) this.o.hub.remove(this, this.topics);
    for (const u of this.flows) this.o.flow?.release(u);
    this.flows.clear();
    this.topics.clear();
    this.o.gate?.close();
    this.o.onClose?.();
  }
}
