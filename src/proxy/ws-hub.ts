import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Cluster } from '../massive/events.js';
import { parseTopic, PROXY_STATUS, STATUS_MESSAGES, statusFrame } from '../massive/client-messages.js';
import { entitlementStatus, type Entitlement } from '../massive/entitlements.js';
import type { ReconnectSchedule } from './backoff.js';
import type { FeedDetector, RestProbe, WsHost } from './feed-detector.js';
import { FanOut } from './fan-out.js';
import type { FrameElement } from './frame.js';
import { Upstream, type UpstreamState, type UpstreamStats } from './upstream.js';

/** What the hub needs from a downstream connection. */
export interface HubClient {
  readonly id: string;
  readonly topics: ReadonlySet<string>;
  /** Underlyings of `FLOW.<u>` subscriptions (options only): their contracts' T and Q elements. */
  readonly flows?: ReadonlySet<string>;
  /** Delivers a data frame (already filtered for this client). */
  deliver(text: string): void;
  /**
   * Set for a client in this very process (the embedded proxy's own screen): it takes the
   * elements the upstream parse built instead of their text, saving a serialise, a socket write
   * and a parse per frame. The elements are its to check and fill in; nobody reads them after.
   */
  readonly deliverElements?: ((elements: readonly FrameElement[]) => void) | undefined;
  /** Delivers a status frame; never dropped for slowness. */
  notify(text: string): void;
}

export interface HubOptions {
  readonly cluster: Cluster;
  /** Cluster URLs on the real-time and the 15-minute delayed host. */
  readonly urls: Readonly<Record<WsHost, string>>;
  /** Decides which host to use and what the key has on this cluster. */
  readonly detector: FeedDetector;
  /** Asks REST whether this asset class is served at all (after both hosts refused the plan). */
  readonly probeRest: () => Promise<RestProbe>;
  /** Called whenever the entitlement changes (the proxy caches it per key). */
  readonly onEntitlement?: (cluster: Cluster, e: Entitlement) => void;
  /** A REST probe answered 401: the key is wrong everywhere, not just on this cluster. */
  readonly onKeyRejected?: () => void;
  readonly apiKey: string;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  /** Close the upstream once nothing has been subscribed for this long. @default 30_000 */
  readonly idleGraceMs?: number;
  readonly pingIntervalMs?: number;
  readonly deadAfterMs?: number;
  readonly schedule?: ReconnectSchedule;
}

export interface HubStatus {
  readonly cluster: Cluster;
  readonly upstream: UpstreamStats;
  /** What the key has on this cluster; absent while it is being found out. */
  readonly entitlement?: Entitlement;
  /** The host in use (or last tried), and auth attempts per host since the start. */
  readonly host?: WsHost;
  readonly authAttempts: Readonly<Record<WsHost, number>>;
  readonly clients: number;
  /** Upstream topic → number of clients holding it. */
  readonly subscriptions: Record<string, number>;
  readonly framesIn: number;
}

/** Proxy-specific status codes (clients that do not know them ignore unknown statuses). */
export const UPSTREAM_STATUS = {
  reconnecting: PROXY_STATUS.upstreamReconnecting,
  restored: PROXY_STATUS.upstreamRestored,
} as const;

/**
 * One cluster's fan-out: a single shared upstream connection opened lazily, topic refcounts
 * (subscribe upstream on first interest, unsubscribe on last) and per-client filtering.
 */
export class WsHub {
  private readonly clients = new Set<HubClient>();
  private readonly refs = new Map<string, number>();
  private readonly upstream: Upstream;
  private idleTimer: TimerHandle | undefined;
  private framesIn = 0;
  private readonly fanOut = new FanOut();
  private everReady = false;
  /** The host of the current connection attempt. */
  private host: WsHost = 'realtime';
  private probing = false;

  constructor(private readonly o: HubOptions) {
    this.upstream = new Upstream({
      url: () => {
        this.host = o.detector.wsHost() ?? this.host;
        return o.urls[this.host];
      },
      apiKey: o.apiKey,
      clock: o.clock,
      random: o.random,
      logger: o.logger,
      topics: () => [...this.refs.keys()].filter((t) => this.allows(t)),
      ...(o.pingIntervalMs !== undefined ? { pingIntervalMs: o.pingIntervalMs } : {}),
      ...(o.deadAfterMs !== undefined ? { deadAfterMs: o.deadAfterMs } : {}),
      ...(o.schedule ? { schedule: o.schedule } : {}),
      events: {
        onData: (text, elements) => {
          this.framesIn++;
          this.fanOut.deliver(this.clients, text, elements);
        },
        onStatus: (status, message) => this.broadcast(statusFrame(status, message)),
        onState: (state, prev) => this.upstreamOnState(state, prev),
        onAuthSent: () => o.detector.attempted(this.host),
        onAuthFailed: (message) => this.upstreamOnAuthFailed(message),
        onRefused: (topic, message) => this.upstreamOnRefused(topic, message),
      },
    });
  }

  get cluster(): Cluster {
    return this.o.cluster;
  }

  get upstreamState(): UpstreamState {
    return this.upstream.state;
  }

  add(client: HubClient): void {
    this.clients.add(client);
    // Clients wait for the entitlement before they subscribe: find it out now, not on first topic.
    this.detect();
    const e = this.o.detector.entitlement;
    if (this.o.detector.keyRejected)
      client.notify(statusFrame('auth_failed', keyRejectedMessage(this.upstream.stats().lastError)));
    else if (e) client.notify(JSON.stringify([entitlementStatus(this.o.cluster, e)]));
  }

  /** Whether `topic` may go upstream: its channel is in the key's plan for this cluster. */
  allows(topic: string): boolean {
    const parsed = parseTopic(topic);
    return parsed === undefined || this.o.detector.allows(parsed.channel);
  }

  /**
   * Finds out what the key has here even with nothing to subscribe yet (clients wait for the
   * answer before they subscribe): connects if unknown; the idle timer closes it again.
   */
  private detect(): void {
    if (this.o.detector.entitlement !== undefined || this.upstream.state !== 'idle') return;
    if (this.o.detector.wsHost() === undefined) return;
    this.upstream.start();
    if (this.refs.size === 0) this.armIdle();
  }

  /** What the key has here; undefined while it is being found out. */
  get entitlement(): Entitlement | undefined {
    return this.o.detector.entitlement;
  }

  /** Whether this cluster streams at all (a REST-only or absent class has no upstream). */
  get streams(): boolean {
    const feed = this.o.detector.entitlement?.feed;
    return feed !== 'rest' && feed !== 'none' && !this.o.detector.keyRejected;
  }

  /** Drops the client and releases every topic it held. */
  remove(client: HubClient, topics: Iterable<string>): void {
    if (!this.clients.delete(client)) return;
    this.release(topics);
  }

  /** Counts interest in `topics` (the client's new ones) and subscribes upstream on first interest. */
  acquire(topics: Iterable<string>): void {
    const fresh: string[] = [];
    for (const t of topics) {
      const n = this.refs.get(t) ?? 0;
      this.refs.set(t, n + 1);
      if (n === 0) fresh.push(t);
    }
    if (this.refs.size > 0) this.cancelIdle();
    if (this.refs.size > 0 && this.upstream.state === 'idle') {
      // A class without a stream has no upstream; it is probed again at most once an hour.
      if (this.o.detector.wsHost() !== undefined) this.upstream.start();
      return;
    }
    const allowed = fresh.filter((t) => this.allows(t));
    if (allowed.length > 0) this.upstream.subscribe(allowed);
  }

  /** Releases interest; unsubscribes upstream on the last one and arms the idle timer. */
  release(topics: Iterable<string>): void {
    const gone: string[] = [];
    for (const t of topics) {
      const n = this.refs.get(t);
      if (n === undefined) continue;
      if (n <= 1) {
        this.refs.delete(t);
        gone.push(t);
      } else this.refs.set(t, n - 1);
    }
    this.upstream.unsubscribe(gone.filter((t) => this.allows(t)));
    if (this.refs.size === 0) this.armIdle();
  }

  /** Option contracts with a `Q` subscription upstream (Massive caps them at 1,000 per connection). */
  quoteCount(): number {
    let n = 0;
    for (const t of this.refs.keys()) if (t.startsWith('Q.O:')) n++;
    return n;
  }

  status(): HubStatus {
    return {
      cluster: this.o.cluster,
      upstream: this.upstream.stats(),
      clients: this.clients.size,
      subscriptions: Object.fromEntries([...this.refs].sort(([a], [b]) => a.localeCompare(b))),
      framesIn: this.framesIn,
      ...(this.o.detector.entitlement ? { entitlement: this.o.detector.entitlement } : {}),
      host: this.host,
      authAttempts: { ...this.o.detector.attempts },
    };
  }

  close(): void {
    this.cancelIdle();
    this.upstream.stop();
    this.clients.clear();
    this.refs.clear();
  }

  private armIdle(): void {
    if (this.idleTimer || this.upstream.state === 'idle') return;
    this.idleTimer = this.o.clock.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.refs.size === 0) {
        this.o.logger.info('closing idle upstream', { cluster: this.o.cluster });
        this.upstream.stop();
      }
    }, this.o.idleGraceMs ?? 30_000);
  }

  private cancelIdle(): void {
    if (this.idleTimer) this.o.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private upstreamOnState(state: UpstreamState, prev: UpstreamState): void {
    this.o.logger.debug('upstream state', { cluster: this.o.cluster, state, prev });
    if (state === 'reconnecting')
      this.broadcast(statusFrame(UPSTREAM_STATUS.reconnecting, 'upstream connection lost; reconnecting'));
    if (state === 'live') {
      // Before the Upstream sends its subscribe: the topics it reads are filtered by the entitlement.
      if (this.o.detector.authSucceeded(this.host)) this.entitlementChanged();
      if (this.everReady)
        this.broadcast(statusFrame(UPSTREAM_STATUS.restored, 'upstream connection restored; subscriptions renewed'));
      this.everReady = true;
    }
    if (state === 'idle') this.everReady = false;
  }

  private upstreamOnAuthFailed(message: string): void {
    const action = this.o.detector.authFailed(this.host, message);
    this.o.logger.info('upstream auth failed', { cluster: this.o.cluster, host: this.host, action });
    // Out of the socket's own callback: stop() tears down what is calling us.
    this.o.clock.setTimeout(() => {
      this.upstream.stop();
      // Detection goes on even without topics (detect()); the idle timer closes what is not needed.
      if (action === 'try-delayed') {
        this.upstream.start();
        if (this.refs.size === 0) this.armIdle();
      } else void this.probe();
    }, 0);
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    let result: RestProbe = 'unknown';
    try {
      result = await this.o.probeRest();
    } catch {
      result = 'unknown';
    }
    this.probing = false;
    const changed = this.o.detector.restProbed(result);
    if (this.o.detector.keyRejected) this.o.onKeyRejected?.();
    else if (changed) this.entitlementChanged();
  }

  /** Massive rejected the key (here or on another cluster): say so once and stay down. */
  keyRejected(): void {
    this.o.detector.rejectKey();
    this.upstream.halt('Massive rejected the API key');
    this.broadcast(statusFrame('auth_failed', keyRejectedMessage('Unknown API Key')));
  }

  private upstreamOnRefused(topic: string, message: string): void {
    const parsed = parseTopic(topic);
    if (parsed && this.o.detector.channelRefused(parsed.channel)) this.entitlementChanged();
    for (const c of this.clients)
      if (c.topics.has(topic)) c.notify(statusFrame('error', message || STATUS_MESSAGES.notAuthorized));
  }

  private entitlementChanged(): void {
    const e = this.o.detector.entitlement;
    if (!e) return;
    this.o.logger.info('entitlement', {
      cluster: this.o.cluster,
      feed: e.feed,
      channels: e.channels.join(','),
      source: e.source,
    });
    this.broadcast(JSON.stringify([entitlementStatus(this.o.cluster, e)]));
    this.o.onEntitlement?.(this.o.cluster, e);
  }

  private broadcast(text: string): void {
    for (const c of this.clients) c.notify(text);
  }
}

/** What clients are told when Massive rejects the key itself (not the plan). */
export function keyRejectedMessage(detail: string | undefined): string {
  return `Massive rejected the API key${detail ? ` (${detail})` : ''}: check MASSIVE_API_KEY or \`massive config set apiKey\``;
}
