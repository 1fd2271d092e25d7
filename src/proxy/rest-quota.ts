/**
 * The REST gateway's quotas: one bucket shared by every client (the account's rate), and a
 * smaller bucket per client so a runaway script cannot starve the others.
 */
import type { Clock } from '../lib/clock.js';
import { MassiveError } from '../lib/errors.js';
import { type BucketStats, TokenBucket } from './token-bucket.js';

export interface QuotaOptions {
  /** Requests per interval. @default 50 (paid plans; use 5 per 60_000 for the free plan) */
  readonly limit?: number;
  /** @default 1_000 */
  readonly intervalMs?: number;
  /** Longest a request may queue for a quota token before it is answered 429. @default 1_000 */
  readonly maxWaitMs?: number;
  /**
   * Most of the shared limit one client (token client id) may spend per interval, so a runaway
   * script cannot starve the others. Cache hits and coalesced requests are free.
   * @default ceil(0.8 * limit)
   */
  readonly perClientLimit?: number;
}

/** The quota Massive allows a plan: free is 5/min; paid plans are "unlimited" but ask for < 100/s. */
export function quotaForPlan(plan: 'free' | 'starter' | 'developer' | 'advanced', paidPerSecond = 50): QuotaOptions {
  return plan === 'free' ? { limit: 5, intervalMs: 60_000 } : { limit: paidPerSecond, intervalMs: 1_000 };
}

export class GatewayQuota {
  private limit: number;
  private intervalMs: number;
  private perClientLimit: number;
  private readonly maxWaitMs: number;
  private readonly bucket: TokenBucket;
  private readonly clients = new Map<string, TokenBucket>();

  constructor(
    quota: QuotaOptions,
    private readonly clock: Clock,
  ) {
    this.limit = quota.limit ?? 50;
    this.intervalMs = quota.intervalMs ?? 1_000;
    this.bucket = new TokenBucket({ limit: this.limit, intervalMs: this.intervalMs, clock });
    this.perClientLimit = Math.max(1, quota.perClientLimit ?? Math.ceil(this.limit * 0.8));
    this.maxWaitMs = quota.maxWaitMs ?? 1_000;
  }

  /**
   * Waits for a token of the shared quota (the REST client calls it before every attempt);
   * refuses with RATE_LIMITED when none would come within `maxWaitMs`.
   */
  async take(signal: AbortSignal | undefined): Promise<void> {
    const deadline = this.clock.now() + this.maxWaitMs;
    for (;;) {
      const got = this.bucket.tryTake();
      if (got.ok) return;
      if (this.clock.now() + got.waitMs > deadline) {
        throw new MassiveError('RATE_LIMITED', 'local REST quota exhausted', {
          retryAfterSec: Math.ceil(got.waitMs / 1000),
        });
      }
      await new Promise<void>((resolve, reject) => {
        if (signal?.aborted) reject(new MassiveError('ABORTED', 'request aborted'));
        else this.clock.setTimeout(resolve, got.waitMs);
      });
    }
  }

  /** A client over its own share is refused at once (no queueing: it is the one flooding). */
  takeClient(clientId: string): MassiveError | undefined {
    let b = this.clients.get(clientId);
    if (!b) {
      b = new TokenBucket({ limit: this.perClientLimit, intervalMs: this.intervalMs, clock: this.clock });
      this.clients.set(clientId, b);
    }
    const got = b.tryTake();
    if (got.ok) return undefined;
    return new MassiveError('RATE_LIMITED', `client ${clientId} is over its share of the REST quota`, {
      retryAfterSec: Math.ceil(got.waitMs / 1000),
    });
  }

  /** A new shared rate; every client's share is recomputed from it. Returns false if nothing changed. */
  reconfigure(limit: number, intervalMs: number): boolean {
    if (limit === this.limit && intervalMs === this.intervalMs) return false;
    this.limit = limit;
    this.intervalMs = intervalMs;
    this.bucket.reconfigure(limit, intervalMs);
    this.perClientLimit = Math.max(1, Math.ceil(limit * 0.8));
    this.clients.clear();
    return true;
  }

  /** The `x-quota-*` headers every answer carries. */
  headers(): Record<string, string> {
    const s = this.bucket.stats();
    return {
      'x-quota-used': String(s.used),
      'x-quota-limit': String(s.limit),
      'x-quota-left': String(s.left),
      'x-quota-window-ms': String(this.intervalMs),
    };
  }

  stats(): { readonly quota: BucketStats; readonly clients: Record<string, BucketStats> } {
    const clients = Object.fromEntries(
      [...this.clients].sort(([a], [b]) => a.localeCompare(b)).map(([id, b]) => [id, b.stats()]),
    );
    return { quota: this.bucket.stats(), clients };
  }
}
