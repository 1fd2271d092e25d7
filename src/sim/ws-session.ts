/**
 * One simulated WebSocket connection: the Massive session state machine (connected → auth →
 * subscribe/unsubscribe → batched data), processed strictly in frame order so a subscribe
 * pipelined right behind the auth frame is honoured, as client-go relies on.
 */
import type { WebSocket } from 'ws';
import type { Cluster } from '../massive/events.js';
import {
  STATUS_MESSAGES,
  parseClientMessage,
  parseTopic,
  splitTopics,
  subscribedMessage,
  unsubscribedMessage,
} from '../massive/client-messages.js';
import { classifySymbol } from '../massive/symbology.js';
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { FaultState } from './faults.js';
import type { SimMarket } from './market/model.js';
import type { SimEvent } from './market/state.js';
import { PLAN_REFUSAL_MESSAGE, type KeyPlans, type PlanRights } from '../massive/entitlements.js';
import { channelAllowed, rightsOf, wsAuthAllowed } from './plans.js';
import type { StatsRecorder } from './stats.js';

/** Frames stay far below the 1 MB read limit of the official clients. */
const MAX_FRAME_BYTES = 256 * 1024;

export interface SessionContext {
  readonly market: SimMarket;
  readonly faults: FaultState;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly authTimeoutMs: number;
  readonly optionQuoteCap: number;
  /** What a subscribe sent before any auth gets: an `error` status, or silence. */
  readonly preAuthSubscribe: 'error' | 'ignore';
  /** Outbound bytes buffered in the socket beyond which the connection is closed (slow consumer). */
  readonly slowConsumerBytes: number;
  /** The key's plan per asset class; undefined for an unknown key. */
  plansOf(key: string): KeyPlans | undefined;
  readonly stats: StatsRecorder;
  /** Called once a session authenticates, so the hub can evict an older one. */
  onAuthed(session: WsSession): void;
  onClosed(session: WsSession): void;
}

let nextId = 1;

export class WsSession {
  readonly id = nextId++;
  key: string | undefined;
  /** What the key's plan gives on this cluster (set on auth). */
  rights: PlanRights | undefined;
  authed = false;
  closed = false;
  readonly topics = new Set<string>();
  /** Serialised elements of the next frame. */
  private batch: string[] = [];
  private batchBytes = 0;
  private batchHasData = false;
  private authTimer: TimerHandle | undefined;
  /** Real time the socket opened (forced-reconnect fault). */
  openedAt = 0;

  constructor(
    private readonly ctx: SessionContext,
    readonly socket: WebSocket,
    readonly cluster: Cluster,
    readonly delayed: boolean,
  ) {}

  start(): void {
    this.openedAt = this.ctx.clock.now();
    this.socket.on('message', (data, isBinary) => this.socketOnMessage(data as Buffer, isBinary));
    this.socket.on('ping', (payload: Buffer) => {
      if (!this.ctx.faults.noPongs && this.socket.readyState === this.socket.OPEN) this.socket.pong(payload);
    });
    this.socket.on('close', () => this.finish());
    this.socket.on('error', (err) => this.ctx.logger.debug('socket error', { id: this.id, err }));
    this.sendStatus('connected', STATUS_MESSAGES.connected);
    this.authTimer = this.ctx.clock.setTimeout(() => {
      if (this.authed || this.closed) return;
      this.sendStatus('auth_timeout', STATUS_MESSAGES.authTimeout);
      this.close(1008, 'auth timeout');
    }, this.ctx.authTimeoutMs);
  }

  private socketOnMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    const parsed = parseClientMessage(isBinary ? data : data.toString('utf8'));
    if (!parsed.ok) {
      // Only unparseable JSON has a known reply; other shapes are ignored like the live service.
      if (parsed.reason === 'invalid_json') this.sendStatus('error', STATUS_MESSAGES.invalidJson);
      return;
    }
    if (parsed.action === 'auth') this.auth(parsed.params);
    else if (!this.authed) {
      if (this.ctx.preAuthSubscribe === 'error') this.sendStatus('error', STATUS_MESSAGES.notAuthorized);
    } else if (parsed.action === 'subscribe') this.subscribe(splitTopics(parsed.params));
    else this.unsubscribe(splitTopics(parsed.params));
  }

  private auth(key: string): void {
    if (this.authed) return;
    const plans = this.ctx.plansOf(key);
    const feed = this.delayed ? 'delayed' : 'realtime';
    if (plans === undefined || this.ctx.faults.authFails) {
      this.ctx.stats.recordAuth(key, this.cluster, feed, 'key');
      this.sendStatus('auth_failed', STATUS_MESSAGES.authFailed);
      this.close(1008, 'authentication failed');
      return;
    }
    const rights = rightsOf(plans, this.cluster);
    // A known key whose plan lacks this host or class: the same status code, but a message about
    // the plan (OBSERVED, polygon-io/client-php#17), which is how a client tells it from a bad key.
    // Which plan gets which host: each channel page's plan table (Massive docs,
    // https://massive.com/docs/websocket/quickstart.md).
    // The close that follows, as for a bad key, is UNCONFIRMED.
    if (!wsAuthAllowed(rights, this.delayed)) {
      this.ctx.stats.recordAuth(key, this.cluster, feed, 'plan');
      this.sendStatus('auth_failed', PLAN_REFUSAL_MESSAGE);
      this.close(1008, 'plan does not include this feed');
      return;
    }
    this.ctx.stats.recordAuth(key, this.cluster, feed, 'success');
    this.key = key;
    this.rights = rights;
    this.authed = true;
    if (this.authTimer) this.ctx.clock.clearTimeout(this.authTimer);
    this.sendStatus('auth_success', STATUS_MESSAGES.authSuccess);
    this.ctx.onAuthed(this);
  }

  private subscribe(topics: string[]): void {
    if (this.cluster === 'options') {
      const fresh = new Set(topics.filter((t) => t.startsWith('Q.') && !this.topics.has(t)));
      const held = [...this.topics].filter((t) => t.startsWith('Q.')).length;
      // The whole frame is refused, not just the overflow (OBSERVED); `Q.*` would be unbounded.
      if (fresh.has('Q.*') || held + fresh.size > this.ctx.optionQuoteCap) {
        this.sendStatus('error', STATUS_MESSAGES.subscriptionLimit);
        return;
      }
    }
    for (const topic of topics) {
      const parsed = parseTopic(topic);
      if (parsed && !channelAllowed(this.rights, parsed.channel, this.delayed)) {
        this.sendStatus('error', STATUS_MESSAGES.notAuthorized);
        continue;
      }
      this.topics.add(topic);
      if (parsed && parsed.symbol !== '*' && classifySymbol(parsed.symbol) === this.cluster)
        this.ctx.market.track(parsed.symbol);
      this.sendStatus('success', subscribedMessage(topic));
    }
  }

  private unsubscribe(topics: string[]): void {
    for (const topic of topics) {
      this.topics.delete(topic);
      this.sendStatus('success', unsubscribedMessage(topic));
    }
  }

  /** Queues the events this connection subscribed to; `flush` sends them as batched frames. */
  deliver(events: readonly SimEvent[]): void {
    if (!this.authed || this.closed || this.topics.size === 0) return;
    for (const e of events) {
      if (e.cluster !== this.cluster) continue;
      if (!this.topics.has(`${e.ch}.${e.sym}`) && !this.topics.has(`${e.ch}.*`)) continue;
      this.push(e.data);
    }
  }

  private push(item: { readonly ev?: unknown }): void {
    const json = JSON.stringify(item);
    if (this.batchBytes + json.length + 1 > MAX_FRAME_BYTES) this.flush();
    this.batch.push(json);
    if (item.ev !== 'status') this.batchHasData = true;
    this.batchBytes += json.length + 1;
  }

  /** Sends the pending batch as one frame (several when it would exceed MAX_FRAME_BYTES). */
  flush(): void {
    if (this.batch.length === 0) return;
    // With mixStatus, statuses wait for data to share a frame with (what the fault is for).
    if (this.ctx.faults.mixStatus && !this.batchHasData && this.batchBytes < MAX_FRAME_BYTES) return;
    // Elements are serialised once, in push; the frame is just their join.
    const frame = `[${this.batch.join(',')}]`;
    this.batch = [];
    this.batchBytes = 0;
    this.batchHasData = false;
    this.send(frame);
    // A consumer that cannot keep up is cut off, as the live service does once its buffer fills.
    if (this.socket.bufferedAmount > this.ctx.slowConsumerBytes) {
      this.ctx.logger.warn('closing slow consumer', { id: this.id, buffered: this.socket.bufferedAmount });
      this.close(1008, 'slow consumer');
    }
  }

  /** Sends `n` broken frames or elements; a robust client reports them and carries on. */
  sendMalformed(n: number): void {
    const bad = [
      '{"ev":"T","sym":',
      '{"ev":"status"}',
      `[{"ev":"T","sym":"SPY","p":"NaN","t":"soon"}]`,
      '[{"ev":"ZZ","sym":"SPY"}]',
      '[42]',
    ];
    for (let i = 0; i < n; i++) this.send(bad[i % bad.length]!);
  }

  sendStatus(status: string, message: string): void {
    const item = { ev: 'status', status, message };
    if (this.ctx.faults.mixStatus && this.authed && status === 'success') this.push(item);
    else this.send(JSON.stringify([item]));
  }

  private send(text: string): void {
    if (this.closed || this.ctx.faults.stalled) return;
    const write = () => {
      if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
    };
    const delay = this.ctx.faults.latencyMs;
    if (delay > 0) this.ctx.clock.setTimeout(write, delay);
    else write();
  }

  /** Evicted by a newer connection of the same key on this cluster. */
  evict(): void {
    this.sendStatus('max_connections', STATUS_MESSAGES.maxConnections);
    this.close(1008, 'max connections');
  }

  close(code: number, reason = ''): void {
    if (this.closed) return;
    const sock = this.socket;
    // Let frames queued with an injected latency go first, so the close never overtakes them.
    const doClose = () => {
      if (sock.readyState === sock.OPEN || sock.readyState === sock.CONNECTING) sock.close(code, reason);
    };
    const delay = this.ctx.faults.latencyMs;
    if (delay > 0) this.ctx.clock.setTimeout(doClose, delay + 1);
    else doClose();
    this.finish();
  }

  /** Abrupt TCP teardown, no close frame: the peer sees 1006. */
  terminate(): void {
    this.socket.terminate();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.authTimer) this.ctx.clock.clearTimeout(this.authTimer);
    this.ctx.onClosed(this);
  }
}
