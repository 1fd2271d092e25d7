/** The poller's seams and counters (poller.ts). */
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Cluster } from '../massive/events.js';
import type { RestClient } from '../rest/index.js';
import type { QuoteSeed } from '../store/quote-reducer.js';
import type { RestBudget } from './budget.js';
import type { PollKind } from './poll-policy.js';
import type { PollRoutes } from './refusals.js';

export interface PollSink {
  /** A fresh value for `symbol` from REST. */
  quote(symbol: string, seed: QuoteSeed, asset: Cluster): void;
  /** Something the user should know (not entitled, unknown ticker, quota). */
  notice?(message: string): void;
}

export interface PollerOptions {
  readonly rest: Pick<RestClient, 'get'>;
  readonly clock: Clock;
  readonly budget: RestBudget;
  readonly sink: PollSink;
  readonly logger: Logger;
  /** The owner's lifetime; aborting it aborts every request. */
  readonly signal: AbortSignal;
  /** Fraction of the REST budget recurring polls may plan for; the rest is for refreshes and backfill. @default 0.75 */
  readonly pollShare?: number;
  readonly random?: () => number;
}

export interface PollStats {
  readonly calls: number;
  readonly ok: number;
  readonly failed: number;
  readonly rateLimited: number;
  readonly byKind: Readonly<Record<PollKind, number>>;
  /** Recurring requests currently planned. */
  readonly recurring: number;
  readonly slowdown: number;
  /** Whether every asset class is still polled by snapshots (none refused). */
  readonly snapshots: boolean;
  /** How each asset class is polled now. */
  readonly routes: PollRoutes;
}
