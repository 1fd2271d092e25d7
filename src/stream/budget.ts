/**
 * The client's own view of the shared REST quota. Every REST call the client makes (seed, poll,
 * backfill) takes a slot here first, so the proxy never has to refuse us. A sliding window, not a
 * token bucket: it never allows more than `limit` calls in any `intervalMs`, which also satisfies
 * the proxy's token buckets and Massive's per-minute window (a bucket of the same size would allow
 * a full burst plus its refill inside one minute). Hand-written for the injected Clock.
 *
 * Two lanes share it. Prices (the poller's due requests) come first: a `background` taker (bar
 * history, chains, reference data, gap backfill) only gets a slot that leaves room for every poll
 * waiting right now. On a free key (5 calls a minute) history would otherwise take a whole window
 * while the watchlist still has no price.
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

/** Who asks for a slot: the poller's price requests, or anything that can wait behind them. */
export type BudgetLane = 'poll' | 'background';

export class RestBudget {
  private readonly clock: Clock;
  private readonly share: number;
  private quota: QuotaInfo;
  private readonly sent: number[] = [];
  private pausedUntil = 0;
  /** When the proxy last said the shared bucket was empty; trusted for one refill interval. */
  private sharedEmptyUntil = 0;
  private spent = 0;
  private pollsWaiting: () => number = () => 0;

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

  /** How often the account's bucket gains one call. */
  private get refillMs(): number {
    return Math.ceil(this.quota.intervalMs / this.quota.limit);
  }

  private prune(now: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift();
  }

  /** How many poll requests are due and waiting for a slot (the poller tells); background leaves them room. */
  setPollsWaiting(count: () => number): void {
    this.pollsWaiting = count;
  }

  /** 0 when a call of `lane` may go now; otherwise ms until one may (a background wait is a guess). */
  waitMs(lane: BudgetLane = 'poll'): number {
    const now = this.clock.now();
    this.prune(now);
    // Slots a call of this lane must leave free: background leaves one per waiting poll.
    const reserved = lane === 'background' ? Math.max(0, this.pollsWaiting()) : 0;
    let wait = Math.max(0, this.pausedUntil - now, this.sharedEmptyUntil - now);
    const over = this.sent.length + reserved - this.limit;
    if (over >= 0) {
      // The slot that frees enough room; if the polls alone fill the window, ask again after one.
      const freeing = this.sent[Math.min(over, this.sent.length - 1)];
      wait = Math.max(wait, freeing === undefined ? this.refillMs : freeing + this.windowMs - now);
    }
    return Math.max(0, wait);
  }

  /** Records a call of `lane`; returns false (and records nothing) when none may go now. */
  tryTake(lane: BudgetLane = 'poll'): boolean {
    if (this.waitMs(lane) > 0) return false;
    this.sent.push(this.clock.now());
    this.spent++;
    this.sharedEmptyUntil = 0;
    return true;
  }

  /**
   * Gives back the slot taken at `takenAt` for a call answered 429: the proxy refuses from its own
   * bucket without spending a token, so the call cost nothing and the window should not count it
   * (on a free key that slot is a fifth of the minute). Whether Massive counts its own 429s is not
   * documented; the Retry-After pause still holds either way.
   */
  refund(takenAt: number): void {
    const i = this.sent.indexOf(takenAt);
    if (i < 0) return;
    this.sent.splice(i, 1);
    this.spent--;
  }

  /** No call before `ms` from now (a 429's Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + Math.max(0, ms));
  }

  /** Reads the proxy's `x-quota-left` and `x-quota-limit` response headers. */
  observe(headers: Readonly<Record<string, string>>): void {
    const left = Number(headers['x-quota-left']);
    if (headers['x-quota-left'] === undefined || !Number.isFinite(left)) return;
    // The proxy says the shared bucket is empty (other clients spent it): wait for one refill,
    // then try again (a 429 would tell us if it still is).
    this.sharedEmptyUntil = left <= 0 ? this.clock.now() + this.refillMs : 0;
  }
}
