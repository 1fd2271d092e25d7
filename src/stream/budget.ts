/**
 * The client's own view of the shared REST quota. Every REST call the client makes (seed, poll,
 * backfill) takes a slot here first, so the proxy never has to refuse us. A sliding window, not a
 * token bucket: it never allows more than `limit` calls in any `intervalMs`, which also satisfies
 * the proxy's token buckets and Massive's per-minute window (a bucket of the same size would allow
 * a full burst plus its refill inside one minute). Hand-written for the injected Clock.
 */
import type { Clock } from '../lib/clock.js';

export interface QuotaInfo {
  /** Requests allowed per interval for the whole account (all clients of the proxy). */
  readonly limit: number;
  readonly intervalMs: number;
}

/** Until told otherwise, assume the smallest plan (free: 5 per minute): safe before we know. */
export const CONSERVATIVE_QUOTA: QuotaInfo = { limit: 5, intervalMs: 60_000 };

export interface RestBudgetOptions {
  readonly clock: Clock;
  readonly quota?: QuotaInfo;
  /** Fraction of the account's quota this client allows itself (the proxy gives one client 80 %). @default 0.8 */
  readonly share?: number;
}

export class RestBudget {
  private readonly clock: Clock;
  private readonly share: number;
  private quota: QuotaInfo;
  private readonly sent: number[] = [];
  private pausedUntil = 0;
  private sharedLeft: number | undefined;
  private spent = 0;

  constructor(o: RestBudgetOptions) {
    this.clock = o.clock;
    this.share = Math.min(1, Math.max(0.05, o.share ?? 0.8));
    this.quota = o.quota ?? CONSERVATIVE_QUOTA;
  }

  /** Calls this client may make per window. */
  get limit(): number {
    return Math.max(1, Math.floor(this.quota.limit * this.share));
  }

  get intervalMs(): number {
    return this.quota.intervalMs;
  }

  /** Requests per ms this client may spend on average. */
  ratePerMs(): number {
    return this.limit / this.windowMs;
  }

  /** Total calls taken so far. */
  get used(): number {
    return this.spent;
  }

  configure(quota: QuotaInfo): void {
    if (!(quota.limit > 0) || !(quota.intervalMs > 0)) return;
    this.quota = { limit: quota.limit, intervalMs: quota.intervalMs };
  }

  /**
   * The window we enforce: a little longer than the quota's, because the server counts arrival
   * times and two requests taken a window apart can arrive closer together than that.
   */
  private get windowMs(): number {
    return Math.ceil(this.quota.intervalMs * 1.02) + 250;
  }

  private prune(now: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift();
  }

  /** 0 when a call may go now; otherwise ms until one may. */
  waitMs(): number {
    const now = this.clock.now();
    this.prune(now);
    let wait = Math.max(0, this.pausedUntil - now);
    if (this.sent.length >= this.limit)
      wait = Math.max(wait, this.sent[this.sent.length - this.limit]! + this.windowMs - now);
    // The proxy says the shared bucket is empty (other clients spent it): wait for one refill.
    if (this.sharedLeft !== undefined && this.sharedLeft <= 0 && wait === 0)
      wait = Math.ceil(this.quota.intervalMs / this.quota.limit);
    return Math.max(0, wait);
  }

  /** Records a call; returns false (and records nothing) when none may go now. */
  tryTake(): boolean {
    if (this.waitMs() > 0) return false;
    this.sent.push(this.clock.now());
    this.spent++;
    this.sharedLeft = undefined;
    return true;
  }

  /** No call before `ms` from now (a 429's Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + Math.max(0, ms));
  }

  /** Reads the proxy's `x-quota-left` and `x-quota-limit` response headers. */
  observe(headers: Readonly<Record<string, string>>): void {
    const left = Number(headers['x-quota-left']);
    if (headers['x-quota-left'] !== undefined && Number.isFinite(left)) this.sharedLeft = left;
  }
}
