/**
 * The manager's connections: one per cluster in use, each with what the key's plan allows on it.
 * Topics are filtered by the cluster's entitlement before they reach the socket; a cluster
 * without a stream in the plan keeps its socket open with no topics, so a later entitlement
 * change still arrives. Entitlements outlive the sockets (a cluster dropped and taken up again
 * starts from what we last learned, not from the real-time assumption).
 */
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Entitlement } from '../massive/entitlements.js';
import type { Cluster, DataEvent } from '../massive/events.js';
import { StreamConnection, type ConnectionTuning, type StreamState } from './connection.js';
import { ASSUMED_ENTITLEMENT, entitledTopics, sameEntitlement, streams } from './feed-policy.js';
import { FIRST_CONNECT_GRACE_MS } from './health.js';

/** One cluster's connection and what the manager tracks of its health. */
export interface Link {
  readonly conn: StreamConnection;
  state: StreamState;
  lastDataAt: number | undefined;
  liveSince: number | undefined;
  readonly createdAt: number;
  /** Start of the current outage, while unhealthy during a session. */
  downSince: number | undefined;
  /** The topics the interests want, before the entitlement filter. */
  wanted: ReadonlySet<string>;
  seeded: boolean;
  seedTimer: TimerHandle | undefined;
}

export interface ClusterLinksOptions {
  readonly wsBase: string;
  readonly getToken: () => string | Promise<string>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly connection?: ConnectionTuning;
  readonly onEvents: (cluster: Cluster, events: readonly DataEvent[]) => void;
  readonly onState: (cluster: Cluster, state: StreamState, detail?: string, retryAt?: number) => void;
  /** The cluster's entitlement changed (its topics are already re-filtered). */
  readonly onEntitlement: (cluster: Cluster, previous: Entitlement, next: Entitlement) => void;
  /**
   * Time to seed the link's symbols from REST (the manager seeds once per link). Comes with the
   * first entitlement, so no call is spent on what the plan lacks (a free key has 5 a minute);
   * without one, after the first-connect grace.
   */
  readonly onSeed: (cluster: Cluster) => void;
}

export class ClusterLinks {
  private readonly o: ClusterLinksOptions;
  private readonly links = new Map<Cluster, Link>();
  private readonly entitlements = new Map<Cluster, Entitlement>();

  constructor(options: ClusterLinksOptions) {
    this.o = options;
  }

  /** What the plan allows on `cluster`; real-time with every channel until the proxy says. */
  entitlement(cluster: Cluster): Entitlement {
    return this.entitlements.get(cluster) ?? ASSUMED_ENTITLEMENT;
  }

  get(cluster: Cluster): Link | undefined {
    return this.links.get(cluster);
  }

  entries(): IterableIterator<[Cluster, Link]> {
    return this.links.entries();
  }

  /** Opens, retargets or closes one connection per cluster to match the wanted topics. */
  sync(wanted: ReadonlyMap<Cluster, ReadonlySet<string>>): void {
    for (const cluster of [...this.links.keys()]) if (!wanted.has(cluster)) this.drop(cluster);
    for (const [cluster, topics] of wanted) {
      const link = this.links.get(cluster) ?? this.open(cluster);
      link.wanted = topics;
      link.conn.setTopics(entitledTopics(topics, this.entitlement(cluster)));
    }
  }

  /** Marks a link seeded; false when it already was (or is gone). */
  takeSeed(cluster: Cluster): boolean {
    const link = this.links.get(cluster);
    if (!link || link.seeded) return false;
    link.seeded = true;
    if (link.seedTimer) this.o.clock.clearTimeout(link.seedTimer);
    link.seedTimer = undefined;
    return true;
  }

  close(): void {
    for (const cluster of [...this.links.keys()]) this.drop(cluster);
  }

  private open(cluster: Cluster): Link {
    const { clock } = this.o;
    const conn = new StreamConnection({
      url: `${this.o.wsBase}/${cluster}`,
      cluster,
      getToken: this.o.getToken,
      onEvents: (events) => this.o.onEvents(cluster, events),
      onState: (s, d, r) => this.linkOnState(cluster, s, d, r),
      onIssues: (issues) =>
        this.o.logger.warn('malformed frame elements skipped', { count: issues.length, first: issues[0]?.reason }),
      onEntitlement: (e) => this.linkOnEntitlement(cluster, e),
      clock,
      logger: this.o.logger,
      ...this.o.connection,
    });
    const link: Link = {
      conn,
      state: 'connecting',
      lastDataAt: undefined,
      liveSince: undefined,
      createdAt: clock.now(),
      downSince: undefined,
      wanted: new Set(),
      seeded: false,
      seedTimer: undefined,
    };
    // A proxy that never tells (or a socket that never comes up) must not leave the symbols
    // unseeded: a closed market has no stream to fill them. Cleared once the seed is taken.
    link.seedTimer = clock.setTimeout(() => {
      link.seedTimer = undefined;
      this.o.onSeed(cluster);
    }, FIRST_CONNECT_GRACE_MS);
    this.links.set(cluster, link);
    conn.start();
    return link;
  }

  private drop(cluster: Cluster): void {
    const link = this.links.get(cluster);
    if (!link) return;
    if (link.seedTimer) this.o.clock.clearTimeout(link.seedTimer);
    link.seedTimer = undefined;
    link.conn.close();
    this.links.delete(cluster);
  }

  private linkOnState(cluster: Cluster, state: StreamState, detail?: string, retryAt?: number): void {
    const link = this.links.get(cluster);
    if (!link) return;
    link.state = state;
    if (state === 'live') link.liveSince = this.o.clock.now();
    this.o.onState(cluster, state, detail, retryAt);
  }

  private linkOnEntitlement(cluster: Cluster, next: Entitlement): void {
    const previous = this.entitlement(cluster);
    this.entitlements.set(cluster, next);
    const link = this.links.get(cluster);
    if (sameEntitlement(previous, next)) {
      if (link) this.o.onSeed(cluster);
      return;
    }
    if (link) {
      // A stream that starts now (rest → delayed) is judged from now, not from when the socket
      // authenticated; a cluster that stops streaming has no outage to account for.
      if (streams(next) && !streams(previous) && link.state === 'live') link.liveSince = this.o.clock.now();
      if (!streams(next)) link.downSince = undefined;
      link.conn.setTopics(entitledTopics(link.wanted, next));
    }
    this.o.onEntitlement(cluster, previous, next);
    if (this.links.has(cluster)) this.o.onSeed(cluster);
  }
}
