import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { redact } from '../lib/redact.js';
import {
  buildAuth,
  buildSubscribe,
  buildUnsubscribe,
  parseAckMessage,
  STATUS_MESSAGES,
} from '../massive/client-messages.js';
import { reconnectDelay, type DisconnectReason, type ReconnectSchedule } from './backoff.js';
import { parseElements, type FrameElement } from './frame.js';
import type { SocketState } from '../lib/socket-state.js';

/** The upstream's states, in the vocabulary it shares with the client's connection. */
export type UpstreamState = Exclude<SocketState, 'closed'>;

export interface UpstreamEvents {
  /** Data elements of one frame; `text` is the untouched upstream frame when it held only data. */
  onData(text: string, elements: readonly FrameElement[]): void;
  /** A status clients should hear about (max_connections, error, …). */
  onStatus(status: string, message: string): void;
  onState(state: UpstreamState, previous: UpstreamState): void;
  /** The auth frame went out (each counts against the account: no storms). */
  onAuthSent?(): void;
  /** `auth_failed`: the upstream is down (state `failed`) until the owner stops and restarts it. */
  onAuthFailed(message: string): void;
  /** A subscribe of `topic` was answered `not authorized` (the plan lacks its channel). */
  onRefused?(topic: string, message: string): void;
}

export interface UpstreamOptions {
  /** Full URL, e.g. `wss://socket.massive.com/stocks`; read at each connect (the host may change). */
  readonly url: () => string;
  readonly apiKey: string;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  /** Current desired topics, sent as one subscribe frame after every auth_success. */
  readonly topics: () => readonly string[];
  readonly events: UpstreamEvents;
  /** RFC 6455 ping interval. @default 25_000 */
  readonly pingIntervalMs?: number;
  /** Declared dead after this long without a pong or data; also bounds the handshake. @default 30_000 */
  readonly deadAfterMs?: number;
  /** An eviction counter resets once a connection has lasted this long. @default 300_000 */
  readonly stableMs?: number;
  readonly schedule?: ReconnectSchedule;
}

export interface UpstreamStats {
  readonly state: UpstreamState;
  readonly connects: number;
  readonly reconnects: number;
  readonly evictions: number;
  readonly lastError?: string;
  readonly nextAttemptAt?: number;
}

/**
 * One authenticated connection to a Massive cluster: heartbeat, reconnect with backoff, and a
 * single batched resubscribe after each auth_success. Failures become state, never throws.
 */
export class Upstream {
  private ws: WebSocket | undefined;
  private current: UpstreamState = 'idle';
  private attempt = 0;
  private evictions = 0;
  private evicted = false;
  private connects = 0;
  private lastSeen = 0;
  private openedAt = 0;
  private readyAt = 0;
  private lastError: string | undefined;
  private nextAttemptAt: number | undefined;
  private pingTimer: TimerHandle | undefined;
  private checkTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private readonly pingIntervalMs: number;
  private readonly deadAfterMs: number;
  /**
   * Topics of subscribe frames not yet acknowledged, oldest first. Massive answers one status per
   * topic in request order, and its `not authorized` names no topic: it is the oldest one pending.
   * A Set keeps that order and removes an acked topic in O(1): with an array, the acks of one
   * 5,000-topic subscribe cost 25 million comparisons and stalled every client (bench/abuse.mjs).
   */
  private pending = new Set<string>();

  constructor(private readonly o: UpstreamOptions) {
    this.pingIntervalMs = o.pingIntervalMs ?? 25_000;
    this.deadAfterMs = o.deadAfterMs ?? 30_000;
  }

  get state(): UpstreamState {
    return this.current;
  }

  stats(): UpstreamStats {
    return {
      state: this.current,
      connects: this.connects,
      reconnects: Math.max(0, this.connects - 1),
      evictions: this.evictions,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.nextAttemptAt !== undefined && this.current === 'reconnecting'
        ? { nextAttemptAt: this.nextAttemptAt }
        : {}),
    };
  }

  /** Connects if idle; a failed (bad key) upstream stays failed until `stop()`. */
  start(): void {
    if (this.current === 'idle') this.connect();
  }

  /** Closes the socket and cancels every timer; `start()` may be called again later. */
  stop(): void {
    this.clearTimers();
    if (this.retryTimer) this.o.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const ws = this.ws;
    this.ws = undefined;
    this.setState('idle');
    this.attempt = 0;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
    }
  }

  /** Stops for good with `reason` (Massive rejected the key): state `failed` until `stop()`. */
  halt(reason: string): void {
    this.stop();
    this.lastError = reason;
    this.setState('auth_failed');
  }

  subscribe(topics: readonly string[]): void {
    if (this.current === 'live' && topics.length > 0) this.sendSubscribe(topics);
  }

  private sendSubscribe(topics: readonly string[]): void {
    // Bounded: a server that never acks must not grow it forever.
    for (const t of topics) this.pending.add(t);
    for (const t of this.pending) {
      if (this.pending.size <= 10_000) break;
      this.pending.delete(t);
    }
    this.send(buildSubscribe(topics));
  }

  unsubscribe(topics: readonly string[]): void {
    if (this.current === 'live' && topics.length > 0) this.send(buildUnsubscribe(topics));
  }

  private send(text: string): void {
    this.ws?.send(text, (err) => {
      if (err) this.o.logger.debug('upstream send failed', { error: err.message });
    });
  }

  private setState(next: UpstreamState): void {
    const prev = this.current;
    if (prev === next) return;
    this.current = next;
    this.o.events.onState(next, prev);
  }

  private connect(): void {
    this.retryTimer = undefined;
    this.evicted = false;
    this.connects++;
    this.pending.clear();
    this.setState('connecting');
    const url = this.o.url();
    const ws = new WebSocket(url, { handshakeTimeout: this.deadAfterMs, maxPayload: 16 * 1024 * 1024 });
    this.ws = ws;
    this.openedAt = this.o.clock.now();
    this.lastSeen = this.openedAt;
    ws.on('open', () => this.upstreamOnOpen());
    ws.on('message', (data, isBinary) => this.upstreamOnMessage(data, isBinary));
    ws.on('pong', () => {
      this.lastSeen = this.o.clock.now();
    });
    ws.on('error', (err) => {
      this.lastError = redact(err.message);
      this.o.logger.warn('upstream error', { url: redact(url), error: this.lastError });
    });
    ws.on('close', (code, reason) => this.upstreamOnClose(ws, code, reason.toString()));
    this.scheduleCheck();
  }

  private upstreamOnOpen(): void {
    this.lastSeen = this.o.clock.now();
    this.schedulePing();
  }

  private upstreamOnMessage(data: WebSocket.RawData, isBinary: boolean): void {
    this.lastSeen = this.o.clock.now();
    if (isBinary) return;
    const text = data.toString();
    const elements = parseElements(text);
    if (!elements) {
      this.o.logger.warn('upstream sent a frame that is not a JSON array', { length: text.length });
      return;
    }
    let statuses = 0;
    for (const el of elements) {
      if (el.ev === 'status') {
        statuses++;
        this.handleStatus(String(el.status ?? ''), String(el.message ?? ''));
      }
    }
    if (statuses === 0) {
      this.o.events.onData(text, elements);
    } else if (statuses < elements.length) {
      const data = elements.filter((el) => el.ev !== 'status');
      this.o.events.onData(JSON.stringify(data), data);
    }
  }

  private handleStatus(status: string, message: string): void {
    switch (status) {
      case 'connected':
        if (this.current === 'connecting') {
          this.setState('authenticating');
          this.o.events.onAuthSent?.();
          this.send(buildAuth(this.o.apiKey));
        }
        return;
      case 'auth_success': {
        this.attempt = 0;
        this.readyAt = this.o.clock.now();
        this.lastError = undefined;
        this.setState('live');
        const topics = this.o.topics();
        if (topics.length > 0) this.sendSubscribe(topics);
        return;
      }
      case 'auth_failed':
        // Retrying a rejected key only gets it locked out; stay down and say why.
        this.lastError = message || 'authentication failed';
        this.teardown();
        this.setState('auth_failed');
        this.o.events.onAuthFailed(message);
        return;
      case 'max_connections':
        this.evicted = true;
        this.lastError = message;
        this.o.events.onStatus(status, message);
        return;
      case 'success': {
        const ack = parseAckMessage(message);
        if (ack?.action === 'subscribe') this.pending.delete(ack.topic);
        return;
      }
      case 'error':
        if (message === STATUS_MESSAGES.notAuthorized && this.pending.size > 0) {
          const topic = this.pending.values().next().value!;
          this.pending.delete(topic);
          this.o.logger.info('upstream refused a topic', { topic, message });
          if (this.o.events.onRefused) {
            this.o.events.onRefused(topic, message);
            return;
          }
        }
        this.o.events.onStatus(status, message);
        return;
      default:
        this.o.events.onStatus(status, message);
    }
  }

  private upstreamOnClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    this.clearTimers();
    if (this.current === 'auth_failed' || this.current === 'idle') return;
    const now = this.o.clock.now();
    if (this.readyAt > 0 && now - this.readyAt >= (this.o.stableMs ?? 300_000)) this.evictions = 0;
    // Only the explicit status counts: a bare 1008 also follows auth timeouts and slow-consumer kills.
    const why: DisconnectReason = this.evicted ? 'max_connections' : 'error';
    const n = why === 'max_connections' ? this.evictions++ : this.attempt++;
    const delay = reconnectDelay(n, why, this.o.random, this.o.schedule);
    this.readyAt = 0;
    this.lastError ??= `closed with code ${code}${reason ? ` (${redact(reason)})` : ''}`;
    this.nextAttemptAt = now + delay;
    this.o.logger.info('upstream closed; reconnecting', { code, reason: redact(reason), delayMs: delay, why });
    this.setState('reconnecting');
    this.retryTimer = this.o.clock.setTimeout(() => this.connect(), delay);
  }

  private teardown(): void {
    this.clearTimers();
    const ws = this.ws;
    this.ws = undefined;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.close();
    }
  }

  private clearTimers(): void {
    if (this.pingTimer) this.o.clock.clearTimeout(this.pingTimer);
    if (this.checkTimer) this.o.clock.clearTimeout(this.checkTimer);
    this.pingTimer = undefined;
    this.checkTimer = undefined;
  }

  private schedulePing(): void {
    this.pingTimer = this.o.clock.setTimeout(() => {
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.ping();
      this.schedulePing();
    }, this.pingIntervalMs);
  }

  /** One lazy deadline timer: re-armed from lastSeen when it fires instead of on every frame. */
  private scheduleCheck(): void {
    const now = this.o.clock.now();
    const silentSince = this.current === 'live' ? this.lastSeen : this.openedAt;
    const due = silentSince + this.deadAfterMs - now;
    this.checkTimer = this.o.clock.setTimeout(
      () => {
        const t = this.o.clock.now();
        const since = this.current === 'live' ? this.lastSeen : this.openedAt;
        if (t - since >= this.deadAfterMs) {
          this.lastError =
            this.current === 'live' ? 'no pong or data within the deadline' : 'no auth reply within the deadline';
          this.o.logger.warn('upstream unresponsive; dropping it', { state: this.current });
          this.ws?.terminate();
          return;
        }
        this.scheduleCheck();
      },
      Math.max(1, due),
    );
  }
}
