/**
 * Counters an end-to-end test reads to prove a client behaves: how often each key tried to
 * authenticate on each cluster and host (a client that retries a refused plan in a loop shows up
 * as an auth storm), and how its REST calls were answered. Exposed as `Simulator.stats()` and
 * `GET /_sim/stats`.
 */
import type { Cluster } from '../massive/events.js';

export type WsFeed = 'realtime' | 'delayed';

export interface AuthStat {
  readonly key: string;
  readonly cluster: Cluster;
  /** The host the socket connected to: `/stocks` (real-time) or `/delayed/stocks`. */
  readonly feed: WsFeed;
  readonly attempts: number;
  readonly successes: number;
  /** Refused because the plan does not include this host or class (PLAN_REFUSAL_MESSAGE). */
  readonly planRefusals: number;
  /** Refused as an unknown key (or by the failAuth fault). */
  readonly keyRefusals: number;
}

export interface RestStat {
  readonly key: string;
  readonly requests: number;
  /** 403 NOT_AUTHORIZED answers (class not in the plan, Basic asking for today, …). */
  readonly notAuthorized: number;
  /** 429 answers from the plan's rate limit. */
  readonly rateLimited: number;
}

export interface SimStats {
  readonly auth: AuthStat[];
  readonly rest: RestStat[];
}

export type AuthOutcome = 'success' | 'plan' | 'key';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Rows kept per table: a client inventing keys in a loop must not grow the simulator without bound. */
const MAX_ROWS = 10_000;

export class StatsRecorder {
  private readonly auth = new Map<string, Mutable<AuthStat>>();
  private readonly rest = new Map<string, Mutable<RestStat>>();

  recordAuth(key: string, cluster: Cluster, feed: WsFeed, outcome: AuthOutcome): void {
    const id = JSON.stringify([key, cluster, feed]);
    let s = this.auth.get(id);
    if (!s) {
      if (this.auth.size >= MAX_ROWS) return;
      s = { key, cluster, feed, attempts: 0, successes: 0, planRefusals: 0, keyRefusals: 0 };
      this.auth.set(id, s);
    }
    s.attempts++;
    if (outcome === 'success') s.successes++;
    else if (outcome === 'plan') s.planRefusals++;
    else s.keyRefusals++;
  }

  recordRest(key: string, status: number): void {
    let s = this.rest.get(key);
    if (!s) {
      if (this.rest.size >= MAX_ROWS) return;
      s = { key, requests: 0, notAuthorized: 0, rateLimited: 0 };
      this.rest.set(key, s);
    }
    s.requests++;
    if (status === 403) s.notAuthorized++;
    if (status === 429) s.rateLimited++;
  }

  snapshot(): SimStats {
    return {
      auth: [...this.auth.values()].map((s) => ({ ...s })),
      rest: [...this.rest.values()].map((s) => ({ ...s })),
    };
  }

  reset(): void {
    this.auth.clear();
    this.rest.clear();
  }
}
