/** The subscription manager's options, stats and interface (manager.ts). */
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Entitlement } from '../massive/entitlements.js';
import type { Cluster } from '../massive/events.js';
import type { Bar } from '../massive/rest-models.js';
import type { SessionPhase } from '../market/session.js';
import type { RestClient } from '../rest/index.js';
import type { WritableMarketStore } from '../store/store.js';
import type { QuotaInfo } from './budget.js';
import type { ConnectionTuning, StreamState } from './connection.js';
import type { Interest } from './interests.js';
import type { PollStats } from './poller.js';

export interface SubscriptionManagerOptions {
  /** ws://host:port of the proxy; cluster paths are appended. */
  readonly wsBase: string;
  readonly rest: Pick<RestClient, 'get'>;
  readonly getToken: () => string | Promise<string>;
  readonly store: WritableMarketStore;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Connection tuning, mostly for tests. */
  readonly connection?: ConnectionTuning;
  /** A live cluster silent this long during a session counts as stalled. @default 10 s regular, 2 min extended */
  readonly stallAfterMs?: number;
  /** Health check period while a session is open. @default 1_000 */
  readonly checkEveryMs?: number;
  /** The account's REST quota; read from the proxy's /_proxy/status when absent. */
  readonly quota?: QuotaInfo;
  /** Called with the minute bars that fill an outage, per symbol. */
  readonly onBars?: (symbol: string, bars: readonly Bar[]) => void;
}

export interface BackfillRecord {
  readonly cluster: Cluster;
  readonly from: number;
  readonly to: number;
  readonly bars: number;
}

export interface ManagerStats {
  readonly generation: number;
  readonly phase: SessionPhase;
  readonly clusters: Readonly<Partial<Record<Cluster, StreamState>>>;
  /** What the plan allows on each cluster in use (`source: 'assumed'` until the proxy says). */
  readonly entitlements: Readonly<Partial<Record<Cluster, Entitlement>>>;
  readonly polled: readonly string[];
  readonly poll: PollStats;
  readonly restUsed: number;
  readonly backfills: readonly BackfillRecord[];
  /** Data events dropped because their symbol is not (or no longer) subscribed. */
  readonly droppedEvents: number;
}

export interface SubscriptionManager {
  /** Reads the quota and opens the streams; each cluster is seeded from REST once its plan is known. */
  start(): Promise<void>;
  /** Adds one reference to an interest; the returned function drops it (idempotent). */
  subscribe(interest: Interest): () => void;
  stats(): ManagerStats;
  /**
   * Resolves when one more REST call fits the client's budget, and records it. Other REST users
   * of the client (bar history, chains) call this first so the quota stays in one place.
   */
  restSlot(signal?: AbortSignal): Promise<void>;
  /** Aborts every request, clears every timer and closes every socket; nothing fires afterwards. */
  close(): void;
}
