import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Cluster } from '../massive/events.js';
import { PROXY_STATUS, statusFrame } from '../massive/client-messages.js';
import type { ReconnectSchedule } from './backoff.js';
import { elementTopic, wants, type FrameElement } from './frame.js';
import { underlyingOfContract } from './flow.js';
import { Upstream, type UpstreamState, type UpstreamStats } from './upstream.js';

/** What the hub needs from a downstream connection. */
export interface HubClient {
  readonly id: string;
  readonly topics: ReadonlySet<string>;
  /** Underlyings of `FLOW.<u>` subscriptions (options only): their contracts' T and Q elements. */
  readonly flows?: ReadonlySet<string>;
  /** Delivers a data frame (already filtered for this client). */
  deliver(text: string): void;
  /** Delivers a status frame; never dropped for slowness. */
  notify(text: string): void;
}

export interface HubOptions {
  readonly cluster: Cluster;
  readonly url: string;
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
  private readonly underlyings = new Map<string, string>();
  private everReady = false;

  constructor(private readonly o: HubOptions) {
    this.upstream = new Upstream({
      url: o.url,
      apiKey: o.apiKey,
      clock: o.clock,
      random: o.random,
      logger: o.logger,
      topics: () => [...this.refs.keys()],
      ...(o.pingIntervalMs !== undefined ? { pingIntervalMs: o.pingIntervalMs } : {}),
      ...(o.deadAfterMs !== undefined ? { deadAfterMs: o.deadAfterMs } : {}),
      ...(o.schedule ? { schedule: o.schedule } : {}),
      events: {
        onData: (text, elements) => this.fanOut(text, elements),
        onStatus: (status, message) => this.broadcast(statusFrame(status, message)),
        onState: (state, prev) => this.upstreamOnState(state, prev),
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
    if (this.upstream.state === 'failed') {
      client.notify(statusFrame('auth_failed', this.upstream.stats().lastError ?? 'authentication failed'));
    }
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
    if (fresh.length === 0) return;
    if (this.upstream.state === 'idle') this.upstream.start();
    else this.upstream.subscribe(fresh);
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
    this.upstream.unsubscribe(gone);
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
    if (state === 'waiting') this.broadcast(statusFrame(UPSTREAM_STATUS.reconnecting, 'upstream connection lost; reconnecting'));
    if (state === 'ready') {
      if (this.everReady) this.broadcast(statusFrame(UPSTREAM_STATUS.restored, 'upstream connection restored; subscriptions renewed'));
      this.everReady = true;
    }
    if (state === 'idle') this.everReady = false;
  }

  /** Contract → underlying, memoised: the same few hundred contracts trade all day. */
  private underlying(sym: unknown): string | undefined {
    if (typeof sym !== 'string') return undefined;
    let u = this.underlyings.get(sym);
    if (u === undefined) {
      if (this.underlyings.size >= 100_000) this.underlyings.clear();
      u = underlyingOfContract(sym) ?? '';
      this.underlyings.set(sym, u);
    }
    return u === '' ? undefined : u;
  }

  private broadcast(text: string): void {
    for (const c of this.clients) c.notify(text);
  }

  /**
   * Sends each client the elements it asked for. A client wanting all of them gets the upstream
   * text untouched; clients wanting the same subset share one serialisation.
   */
  private fanOut(text: string, elements: readonly FrameElement[]): void {
    this.framesIn++;
    if (this.clients.size === 0) return;
    const evs: string[] = [];
    const topics: (string | undefined)[] = [];
    for (const el of elements) {
      evs.push(typeof el.ev === 'string' ? el.ev : '');
      topics.push(elementTopic(el));
    }
    let unders: (string | undefined)[] | undefined;
    const subsets = new Map<string, string>();
    for (const c of this.clients) {
      const flows = c.flows !== undefined && c.flows.size > 0 ? c.flows : undefined;
      if (c.topics.size === 0 && !flows) continue;
      // Worked out once per frame, and only when some client follows flow.
      if (flows) unders ??= elements.map((el, i) => (evs[i] === 'T' || evs[i] === 'Q' ? this.underlying(el.sym) : undefined));
      const picked: number[] = [];
      for (let i = 0; i < elements.length; i++) {
        const topic = topics[i];
        if (topic === undefined) continue;
        const u = flows ? unders![i] : undefined;
        if (wants(c.topics, evs[i]!, topic) || (u !== undefined && flows!.has(u))) picked.push(i);
      }
      if (picked.length === 0) continue;
      if (picked.length === elements.length) {
        c.deliver(text);
        continue;
      }
      const key = picked.join(',');
      let out = subsets.get(key);
      if (out === undefined) {
        out = JSON.stringify(picked.map((i) => elements[i]));
        subsets.set(key, out);
      }
      c.deliver(out);
    }
  }
}
