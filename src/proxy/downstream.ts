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

export interface BackpressureLimits {
  /** Above this many buffered bytes data frames are dropped (status frames still go). @default 1 MiB */
  readonly softBytes?: number;
  /** Above this the client is cut off (status frames are never dropped, so the buffer can still grow). @default 8 MiB */
  readonly hardBytes?: number;
  /** A client continuously over the soft limit for this long is cut off: it is not catching up. @default 10_000 */
  readonly maxStallMs?: number;
}

export interface DownstreamOptions {
  readonly id: string;
  readonly hub: WsHub;
  readonly tokens: TokenIssuer;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Time allowed between upgrade and a valid auth frame. @default 10_000 */
  readonly authTimeoutMs?: number;
  readonly limits?: BackpressureLimits;
  readonly onClose?: () => void;
}

export interface DownstreamStats {
  readonly id: string;
  readonly clientId?: string;
  readonly topics: number;
  readonly dropped: number;
  readonly buffered: number;
}

/** Status code sent when frames were dropped for a slow reader (proxy extension). */
export const SLOW_CONSUMER_STATUS = PROXY_STATUS.slowConsumer;

/**
 * One downstream WebSocket speaking the Massive protocol: `connected`, token auth, per-topic
 * acks, then frames filtered to its topics. Reads never wait on this client: a slow reader loses
 * data frames past the soft limit and the connection past the hard one.
 */
export class Downstream implements HubClient {
  readonly topics = new Set<string>();
  private clientId: string | undefined;
  private authTimer: TimerHandle | undefined;
  private dropped = 0;
  private droppedReported = 0;
  private closed = false;
  private overSoftSince: number | undefined;
  private readonly soft: number;
  private readonly hard: number;

  constructor(
    private readonly ws: WebSocket,
    private readonly o: DownstreamOptions,
  ) {
    this.soft = o.limits?.softBytes ?? 1024 * 1024;
    this.hard = o.limits?.hardBytes ?? 8 * 1024 * 1024;
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
      ...(this.clientId ? { clientId: this.clientId } : {}),
      topics: this.topics.size,
      dropped: this.dropped,
      buffered: this.ws.bufferedAmount,
    };
  }

  deliver(text: string): void {
    if (this.closed) return;
    const buffered = this.ws.bufferedAmount;
    if (buffered > this.soft) {
      const now = this.o.clock.now();
      this.overSoftSince ??= now;
      if (buffered > this.hard || now - this.overSoftSince > (this.o.limits?.maxStallMs ?? 10_000)) {
        this.o.logger.warn('disconnecting slow client', { id: this.o.id, buffered, dropped: this.dropped });
        this.closed = true;
        this.ws.terminate();
        return;
      }
      this.dropped++;
      return;
    }
    this.overSoftSince = undefined;
    if (this.dropped > this.droppedReported) {
      const n = this.dropped - this.droppedReported;
      this.droppedReported = this.dropped;
      this.raw(statusFrame(SLOW_CONSUMER_STATUS, `dropped ${n} frames because the client read too slowly`));
    }
    this.raw(text);
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

  private clientOnMessage(data: WebSocket.RawData): void {
    if (this.closed) return;
    const msg = parseClientMessage(data.toString());
    if (!msg.ok) {
      this.raw(statusFrame('error', msg.reason === 'invalid_json' ? STATUS_MESSAGES.invalidJson : `invalid message: ${msg.reason}`));
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
    // A re-auth with a fresh token renews the session in place, keeping its subscriptions.
    this.clientId = check.clientId;
    if (this.authTimer) this.o.clock.clearTimeout(this.authTimer);
    this.authTimer = undefined;
    this.raw(statusFrame('auth_success', STATUS_MESSAGES.authSuccess));
    if (first) this.o.hub.add(this);
  }

  private subscribe(topics: readonly string[]): void {
    const fresh: string[] = [];
    for (const t of topics) {
      if (!parseTopic(t)) {
        this.raw(statusFrame('error', `invalid topic: ${t}`));
        continue;
      }
      if (!this.topics.has(t)) {
        this.topics.add(t);
        fresh.push(t);
      }
      this.raw(statusFrame('success', subscribedMessage(t)));
    }
    this.o.hub.acquire(fresh);
  }

  private unsubscribe(topics: readonly string[]): void {
    const gone: string[] = [];
    for (const t of topics) {
      if (this.topics.delete(t)) gone.push(t);
      this.raw(statusFrame('success', unsubscribedMessage(t)));
    }
    this.o.hub.release(gone);
  }

  private clientOnClose(): void {
    this.closed = true;
    if (this.authTimer) this.o.clock.clearTimeout(this.authTimer);
    this.authTimer = undefined;
    if (this.clientId !== undefined) this.o.hub.remove(this, this.topics);
    this.topics.clear();
    this.o.onClose?.();
  }
}
