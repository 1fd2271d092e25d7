/**
 * The REST poller: runs the batched requests of poll-policy.ts on one timer, inside the client's
 * REST budget. Backs off on 429 (honouring Retry-After) and recovers gradually; learns when the
 * plan has no snapshots (403) and switches to per-ticker bars. One AbortController per request,
 * tied to the owner's lifetime signal; after `close()` nothing fires.
 */
import { fullJitterDelay } from '../lib/backoff.js';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { toMassiveError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Cluster } from '../massive/events.js';
import type { SessionPhase } from '../market/session.js';
import type { RestClient } from '../rest/index.js';
import type { QuoteSeed } from '../store/quote-reducer.js';
import type { RestBudget } from './budget.js';
import { parsePollBody } from './poll-parse.js';
import { EMPTY_NEED, nextSlowdown, planRequests, pollIntervals, type PollKind, type PollNeed, type PollRequest } from './poll-policy.js';

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
  readonly snapshots: boolean;
}

interface Entry {
  readonly req: PollRequest;
  readonly recurring: boolean;
  intervalMs: number;
  nextDue: number;
  failures: number;
  inflight: AbortController | undefined;
}

export class Poller {
  private readonly o: PollerOptions;
  private readonly entries = new Map<string, Entry>();
  private timer: TimerHandle | undefined;
  private need: PollNeed = EMPTY_NEED;
  private phase: SessionPhase = 'closed';
  private generation = 0;
  private slowdown = 1;
  private snapshots = true;
  private snapshotsConfirmed = false;
  private closed = false;
  private readonly counts = { calls: 0, ok: 0, failed: 0, rateLimited: 0 };
  private readonly byKind: Record<PollKind, number> = { 'stock-snapshot': 0, 'index-snapshot': 0, 'option-chain': 0, 'ticker-aggs': 0 };

  constructor(options: PollerOptions) {
    this.o = options;
  }

  /** Whether any recurring poll is planned. */
  get active(): boolean {
    for (const e of this.entries.values()) if (e.recurring) return true;
    return false;
  }

  /**
   * Sets the symbols that need REST now. Requests whose tickers are unchanged keep their
   * schedule; new ones are due at once; ones no longer needed are cancelled. A new `generation`
   * (the interest set changed) makes answers to older requests be dropped.
   */
  update(need: PollNeed, phase: SessionPhase, generation: number): void {
    if (this.closed) return;
    this.need = need;
    this.phase = phase;
    this.generation = generation;
    const plan = phase === 'closed' ? [] : planRequests(need, this.snapshots, phase);
    const intervals = this.intervals(plan);
    const keep = new Set<string>();
    const now = this.o.clock.now();
    for (const req of plan) {
      const intervalMs = intervals.get(req.key) ?? Infinity;
      if (!Number.isFinite(intervalMs)) continue;
      keep.add(req.key);
      const existing = this.entries.get(req.key);
      if (existing?.recurring && sameTickers(existing.req, req)) {
        // A stretched or eased interval applies from the last call on, not from now.
        existing.nextDue = existing.nextDue - existing.intervalMs + intervalMs;
        existing.intervalMs = intervalMs;
        continue;
      }
      this.entries.set(req.key, { req, recurring: true, intervalMs, nextDue: existing?.nextDue ?? now, failures: 0, inflight: existing?.inflight });
    }
    for (const [key, e] of this.entries) {
      if (!e.recurring || keep.has(key)) continue;
      e.inflight?.abort();
      this.entries.delete(key);
    }
    this.schedule();
  }

  /** One refresh of `need` now, with no loop after it (start-up seed; the closed-market refresh). */
  refresh(need: PollNeed, phase: SessionPhase, generation: number): void {
    if (this.closed) return;
    this.generation = generation;
    const now = this.o.clock.now();
    for (const req of planRequests(need, this.snapshots, phase)) {
      const existing = this.entries.get(req.key);
      if (existing?.recurring && sameTickers(existing.req, req)) existing.nextDue = Math.min(existing.nextDue, now);
      else if (!existing?.inflight) this.entries.set(req.key, { req, recurring: false, intervalMs: Infinity, nextDue: now, failures: 0, inflight: undefined });
    }
    this.schedule();
  }

  stats(): PollStats {
    let recurring = 0;
    for (const e of this.entries.values()) if (e.recurring) recurring++;
    return { ...this.counts, byKind: { ...this.byKind }, recurring, slowdown: this.slowdown, snapshots: this.snapshots };
  }

  /** Time until the next planned call, or undefined when nothing is scheduled. */
  nextDueIn(): number | undefined {
    let next = Infinity;
    const probing = this.probing();
    // Snapshot requests held back behind a probe are woken when the probe answers.
    for (const e of this.entries.values()) if (!e.inflight && !(probing && isSnapshot(e.req.kind))) next = Math.min(next, e.nextDue);
    return Number.isFinite(next) ? Math.max(0, next - this.o.clock.now()) : undefined;
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const e of this.entries.values()) e.inflight?.abort();
    this.entries.clear();
  }

  /** Whether a snapshot request is testing the plan's entitlement right now. */
  private probing(): boolean {
    if (this.snapshotsConfirmed) return false;
    for (const e of this.entries.values()) if (e.inflight && isSnapshot(e.req.kind)) return true;
    return false;
  }

  private intervals(plan: readonly PollRequest[]): Map<string, number> {
    const budgetPerMs = this.o.budget.ratePerMs() * (this.o.pollShare ?? 0.75);
    return pollIntervals(plan, { phase: this.phase, budgetPerMs, slowdown: this.slowdown });
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const due = this.nextDueIn();
    if (due === undefined) return;
    const wait = Math.max(due, this.o.budget.waitMs());
    this.timer = this.o.clock.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.closed) return;
    const now = this.o.clock.now();
    const due = [...this.entries.values()].filter((e) => !e.inflight && e.nextDue <= now).sort((a, b) => a.nextDue - b.nextDue);
    let probing = this.probing();
    for (const entry of due) {
      // Until one snapshot has worked, send one at a time: on a plan without them, one 403 is enough.
      if (isSnapshot(entry.req.kind) && !this.snapshotsConfirmed) {
        if (probing) continue;
        probing = true;
      }
      if (!this.o.budget.tryTake()) break;
      this.send(entry);
    }
    this.schedule();
  }

  private send(entry: Entry): void {
    const controller = new AbortController();
    const onLifetimeAbort = (): void => controller.abort();
    this.o.signal.addEventListener('abort', onLifetimeAbort, { once: true });
    entry.inflight = controller;
    const generation = this.generation;
    const { req } = entry;
    this.counts.calls++;
    this.byKind[req.kind]++;
    const sentAt = this.o.clock.now();
    this.o.rest
      .get(req.path(sentAt), { signal: controller.signal, retries: 0 })
      .then(
        (res) => {
          if (controller.signal.aborted || this.closed) return;
          this.o.budget.observe(res.headers);
          this.counts.ok++;
          if (isSnapshot(req.kind)) this.snapshotsConfirmed = true;
          entry.failures = 0;
          this.slowdown = nextSlowdown(this.slowdown, 'ok');
          // Answers for a superseded interest set are dropped, not applied.
          if (generation !== this.generation) return;
          const result = parsePollBody(req.kind, req.tickers, res.body, this.o.clock.now());
          if (result.error) this.o.logger.warn('poll answer unusable', { kind: req.kind, reason: result.error });
          for (const [symbol, seed] of result.seeds) this.o.sink.quote(symbol, seed, req.asset);
          for (const p of result.problems) this.o.sink.notice?.(`${p.ticker}: ${p.message}`);
        },
        (err: unknown) => {
          if (controller.signal.aborted || this.closed) return;
          this.onFailure(entry, toMassiveError(err, 'UPSTREAM'));
        },
      )
      .finally(() => {
        this.o.signal.removeEventListener('abort', onLifetimeAbort);
        if (entry.inflight === controller) entry.inflight = undefined;
        if (this.closed) return;
        if (this.entries.get(req.key) === entry) {
          if (entry.recurring) entry.nextDue = Math.max(entry.nextDue, sentAt + entry.intervalMs);
          else if (entry.failures === 0) this.entries.delete(req.key);
        }
        this.schedule();
      });
  }

  private onFailure(entry: Entry, error: ReturnType<typeof toMassiveError>): void {
    this.counts.failed++;
    entry.failures++;
    const now = this.o.clock.now();
    if (error.code === 'RATE_LIMITED') {
      this.counts.rateLimited++;
      this.slowdown = nextSlowdown(this.slowdown, 'rate-limited');
      const backoff = fullJitterDelay(entry.failures, this.o.random ?? Math.random, { baseMs: 2_000, capMs: 60_000 });
      // Never sooner than the server asked; without Retry-After, full-jitter backoff.
      this.o.budget.pauseFor(Math.max(error.retryAfterSec !== undefined ? error.retryAfterSec * 1000 : 0, backoff));
      this.o.sink.notice?.('REST quota reached; polling slowed down');
      this.update(this.need, this.phase, this.generation);
      return;
    }
    if (error.code === 'NOT_ENTITLED' && entry.req.kind !== 'ticker-aggs' && this.snapshots) {
      // Snapshots are a plan feature: without them, fall back to one latest-bar call per ticker.
      this.snapshots = false;
      this.o.logger.info('snapshots not entitled; polling per-ticker bars');
      this.o.sink.notice?.('this plan has no snapshots: polling per-ticker bars');
      const stale = [...this.entries.values()].filter((e) => e.req.kind !== 'ticker-aggs');
      for (const e of stale) this.entries.delete(e.req.key);
      for (const e of stale) if (!e.recurring) this.refresh(needOf(e.req), this.phase, this.generation);
      this.update(this.need, this.phase, this.generation);
      return;
    }
    this.o.logger.warn('poll failed', { kind: entry.req.kind, code: error.code, status: error.status });
    const backoff = fullJitterDelay(entry.failures, this.o.random ?? Math.random, { baseMs: 1_000, capMs: 30_000 });
    entry.nextDue = now + Math.max(Number.isFinite(entry.intervalMs) ? entry.intervalMs : 0, backoff);
    if (!entry.recurring && entry.failures >= 3) this.entries.delete(entry.req.key);
  }
}

function isSnapshot(kind: PollKind): boolean {
  return kind !== 'ticker-aggs';
}

function sameTickers(a: PollRequest, b: PollRequest): boolean {
  return a.tickers.length === b.tickers.length && a.tickers.every((t, i) => t === b.tickers[i]);
}

function needOf(req: PollRequest): PollNeed {
  return {
    stocks: req.asset === 'stocks' ? req.tickers : [],
    indices: req.asset === 'indices' ? req.tickers : [],
    options: req.asset === 'options' ? req.tickers : [],
  };
}
