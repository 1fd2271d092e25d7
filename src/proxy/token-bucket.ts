import type { Clock } from '../lib/clock.js';

/**
 * The account's REST quota as a token bucket. Hand-written rather than the npm `limiter`
 * package because that one reads performance.now() directly and cannot run on an injected
 * (manual or simulator-accelerated) Clock.
 */
export interface TokenBucketOptions {
  /** Requests allowed per interval (also the burst size). */
  readonly limit: number;
  /** Interval the limit refers to, ms (free plan: 5 per 60_000). */
  readonly intervalMs: number;
  readonly clock: Clock;
}

export interface BucketStats {
  readonly limit: number;
  readonly intervalMs: number;
  /** Requests spent since the bucket was created. */
  readonly used: number;
  /** Whole tokens available right now. */
  readonly left: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private used = 0;
  private options: TokenBucketOptions;

  constructor(options: TokenBucketOptions) {
    this.options = options;
    this.tokens = options.limit;
    this.last = options.clock.now();
  }

  /** A new rate from now on (the plan turned out to be another); tokens in hand are capped to it. */
  reconfigure(limit: number, intervalMs: number): void {
    this.refill();
    this.options = { ...this.options, limit, intervalMs };
    this.tokens = Math.min(this.tokens, limit);
  }

  private refill(): void {
    const now = this.options.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.options.limit, this.tokens + (elapsed * this.options.limit) / this.options.intervalMs);
  }

  /** Takes a token if one is there; otherwise says how long until one will be. */
  tryTake(): { readonly ok: true } | { readonly ok: false; readonly waitMs: number } {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.used += 1;
      return { ok: true };
    }
    const waitMs = Math.ceil(((1 - this.tokens) * this.options.intervalMs) / this.options.limit);
    return { ok: false, waitMs };
  }

  stats(): BucketStats {
    this.refill();
    return {
      limit: this.options.limit,
      intervalMs: this.options.intervalMs,
      used: this.used,
      left: Math.floor(this.tokens),
    };
  }
}
