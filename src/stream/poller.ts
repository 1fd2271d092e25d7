/**
 * The REST poller: runs the batched requests of poll-policy.ts on one timer, inside the client's
 * REST budget. Backs off on 429 (honouring Retry-After) and recovers gradually. A 403 is
 * remembered for its asset class and endpoint family only (refusals.ts) and that asset class
 * moves down its route (snapshots → per-ticker bars → the last session's close → nothing); the
 * refused request is not sent again. Chain reads follow `next_url` up to their page cap, each
 * page taking its own budget slot. One AbortController per request, tied to the owner's lifetime
 * signal; after `close()` nothing fires.
 */
import { fullJitterDelay } from '../lib/backoff.js';
import type { TimerHandle } from '../lib/clock.js';
import { toMassiveError, type MassiveError } from '../lib/errors.js';
import type { Entitlement } from '../massive/entitlements.js';
import type { Cluster } from '../massive/events.js';
import { refusalReason } from '../massive/rest-refusal.js';
import type { SessionPhase } from '../market/session.js';
import { parsePollBody } from './poll-parse.js';
import { readRound } from './poll-round.js';
import { EMPTY_NEED, nextSlowdown, planRequests, pollIntervals, POLL_KINDS } from './poll-policy.js';
import type { PollKind, PollNeed, PollRequest } from './poll-policy.js';
import type { PollerOptions, PollStats } from './poll-types.js';
import { RefusalMemory, type PollRoutes } from './refusals.js';

export type { PollSink, PollerOptions, PollStats } from './poll-types.js';

interface Entry {
  readonly req: PollRequest;
  readonly recurring: boolean;
  intervalMs: number;
  nextDue: number;
  failures: number;
  inflight: AbortController | undefined;
  /** Pages the last round read (its cost in calls, for the interval planning). */
  pages: number;
  /**
   * Whether `nextDue` counts an interval from a call that was answered (or failed for good): only
   * then does a new interval move it. A request never sent, or refused by a 429, stays due.
   */
  paced: boolean;
}

export class Poller {
  private readonly o: PollerOptions;
  private readonly entries = new Map<string, Entry>();
  private timer: TimerHandle | undefined;
  private need: PollNeed = EMPTY_NEED;
  private phase: SessionPhase = 'closed';
  private generation = 0;
  private slowdown = 1;
  private readonly refusals = new RefusalMemory();
  /** Endpoint families (per asset class) that have answered once: no more one-at-a-time probing. */
  private readonly confirmed = new Set<string>();
  private closed = false;
  private readonly counts = { calls: 0, ok: 0, failed: 0, rateLimited: 0 };
  private readonly byKind = Object.fromEntries(POLL_KINDS.map((k) => [k, 0])) as Record<PollKind, number>;

  constructor(options: PollerOptions) {
    this.o = options;
    // Background REST (history, chains) leaves a slot for every price request waiting.
    options.budget.setPollsWaiting(() => this.waiting());
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
    const plan = phase === 'closed' ? [] : planRequests(need, this.routes(), phase);
    const intervals = this.intervals(plan);
    const keep = new Set<string>();
    const now = this.o.clock.now();
    for (const req of plan) {
      const intervalMs = intervals.get(req.key) ?? Infinity;
      if (!Number.isFinite(intervalMs)) continue;
      keep.add(req.key);
      const existing = this.entries.get(req.key);
      if (existing?.recurring && sameTickers(existing.req, req)) {
        // A stretched or eased interval applies from the last call on, not from now. A request
        // with no such call stays due (after a 429 on a free key, the watchlist's first prices
        // would otherwise wait a whole stretched interval).
        if (existing.paced) existing.nextDue = existing.nextDue - existing.intervalMs + intervalMs;
        existing.intervalMs = intervalMs;
        continue;
      }
      const nextDue = existing?.nextDue ?? now;
      const carried = { inflight: existing?.inflight, pages: existing?.pages ?? 1, paced: existing?.paced ?? false };
      this.entries.set(req.key, { req, recurring: true, intervalMs, nextDue, failures: 0, ...carried });
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
    for (const req of planRequests(need, this.routes(), phase)) {
      const existing = this.entries.get(req.key);
      if (existing?.recurring && sameTickers(existing.req, req)) existing.nextDue = Math.min(existing.nextDue, now);
      else if (!existing?.inflight) this.entries.set(req.key, { ...once(req), nextDue: now });
    }
    this.schedule();
  }

  /**
   * What the key's plan is known to lack (detected or configured), so the poller does not have
   * to learn it from a 403: no snapshots, no data at all, or end-of-day data only.
   */
  setEntitlement(asset: Cluster, e: Pick<Entitlement, 'feed' | 'snapshots' | 'recency'>): void {
    if (this.closed) return;
    this.refusals.assumeEntitlement(asset, e);
    this.update(this.need, this.phase, this.generation);
  }

  stats(): PollStats {
    let recurring = 0;
    for (const e of this.entries.values()) if (e.recurring) recurring++;
    const routes = this.routes();
    const snapshots = routes.stocks === 'snapshot' && routes.indices === 'snapshot' && routes.options === 'snapshot';
    return { ...this.counts, byKind: { ...this.byKind }, recurring, slowdown: this.slowdown, snapshots, routes };
  }

  /** Time until the next planned call, or undefined when nothing is scheduled. */
  nextDueIn(): number | undefined {
    let next = Infinity;
    const probing = this.probing();
    // Requests held back behind their family's probe are woken when the probe answers.
    for (const e of this.entries.values()) {
      if (!e.inflight && !probing.has(familyKey(e.req))) next = Math.min(next, e.nextDue);
    }
    return Number.isFinite(next) ? Math.max(0, next - this.o.clock.now()) : undefined;
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const e of this.entries.values()) e.inflight?.abort();
    this.entries.clear();
  }

  /** Requests due now and held back only by the budget. */
  private waiting(): number {
    if (this.closed) return 0;
    const now = this.o.clock.now();
    const probing = this.probing();
    let n = 0;
    for (const e of this.entries.values()) if (!e.inflight && e.nextDue <= now && !probing.has(familyKey(e.req))) n++;
    return n;
  }

  private routes(): PollRoutes {
    return this.refusals.routes(this.o.clock.now(), this.generation);
  }

  /** Families (per asset class) whose entitlement a request in flight is testing right now. */
  private probing(): Set<string> {
    const out = new Set<string>();
    for (const e of this.entries.values()) {
      if (e.inflight && !this.confirmed.has(familyKey(e.req))) out.add(familyKey(e.req));
    }
    return out;
  }

  private intervals(plan: readonly PollRequest[]): Map<string, number> {
    const budgetPerMs = this.o.budget.ratePerMs() * (this.o.pollShare ?? 0.75);
    const cost = (key: string): number => this.entries.get(key)?.pages ?? 1;
    return pollIntervals(plan, { phase: this.phase, budgetPerMs, slowdown: this.slowdown, cost });
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
    const due = [...this.entries.values()]
      .filter((e) => !e.inflight && e.nextDue <= now)
      // The watchlist's own prices before the market panel's indices when slots are short.
      .sort((a, b) => ASSET_RANK[a.req.asset] - ASSET_RANK[b.req.asset] || a.nextDue - b.nextDue);
    const probing = this.probing();
    for (const entry of due) {
      // Until one request of a family has worked on an asset class, send that family's requests
      // one at a time: on a plan without it, one 403 is enough. Asset classes are probed apart.
      const family = familyKey(entry.req);
      if (probing.has(family)) continue;
      if (!this.confirmed.has(family)) probing.add(family);
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
    const { req } = entry;
    const sentAt = this.o.clock.now();
    let refusedForQuota = false;
    this.read(entry, controller.signal, sentAt)
      .catch((err: unknown) => {
        if (controller.signal.aborted || this.closed) return;
        const error = toMassiveError(err, 'UPSTREAM');
        refusedForQuota = error.code === 'RATE_LIMITED';
        if (refusedForQuota) this.o.budget.refund(sentAt);
        this.onFailure(entry, error);
      })
      .finally(() => {
        this.o.signal.removeEventListener('abort', onLifetimeAbort);
        if (entry.inflight === controller) entry.inflight = undefined;
        if (this.closed) return;
        if (this.entries.get(req.key) === entry) {
          // A 429 got no answer: the request goes again when the budget's pause ends, not an interval later.
          if (entry.recurring && !refusedForQuota) {
            entry.nextDue = Math.max(entry.nextDue, sentAt + entry.intervalMs);
            entry.paced = true;
          } else if (entry.failures === 0) this.entries.delete(req.key);
        }
        this.schedule();
      });
  }

  /**
   * One round of a request: its first page (whose budget slot `fire` took), then `next_url` pages
   * up to the request's cap, each after a slot of its own, until every wanted ticker was seen.
   */
  private async read(entry: Entry, signal: AbortSignal, sentAt: number): Promise<void> {
    const { req } = entry;
    const generation = this.generation;
    const missing = new Set(req.tickers);
    const read = await readRound(req, sentAt, {
      rest: this.o.rest,
      budget: this.o.budget,
      clock: this.o.clock,
      signal,
      onCall: () => {
        this.counts.calls++;
        this.byKind[req.kind]++;
      },
      onPage: (body) => {
        if (signal.aborted || this.closed) return true;
        this.counts.ok++;
        this.onAnswer(entry);
        // Answers for a superseded interest set are dropped, not applied.
        if (generation !== this.generation) return true;
        this.apply(req, body, missing);
        return missing.size === 0;
      },
    });
    entry.pages = read.pages;
    if (missing.size > 0 && read.stop !== 'end') {
      this.o.logger.debug('poll read stopped early', { key: req.key, stop: read.stop, missing: missing.size });
    }
  }

  private onAnswer(entry: Entry): void {
    this.confirmed.add(familyKey(entry.req));
    entry.failures = 0;
    this.slowdown = nextSlowdown(this.slowdown, 'ok');
  }

  private apply(req: PollRequest, body: unknown, missing: Set<string>): void {
    const result = parsePollBody(req.kind, req.tickers, body, this.o.clock.now());
    if (result.error) this.o.logger.warn('poll answer unusable', { kind: req.kind, reason: result.error });
    for (const [symbol, seed] of result.seeds) {
      missing.delete(symbol);
      this.o.sink.quote(symbol, seed, req.asset);
    }
    for (const p of result.problems) this.o.sink.notice?.(`${p.ticker}: ${p.message}`);
  }

  private onFailure(entry: Entry, error: ReturnType<typeof toMassiveError>): void {
    this.counts.failed++;
    entry.failures++;
    const now = this.o.clock.now();
    if (error.code === 'AUTH_FAILED') {
      // Massive rejected the key itself (the proxy's own token problems have other codes): no
      // request can succeed, and asking again only repeats the refusal upstream.
      this.o.logger.warn('the API key was rejected; REST polling stops', { kind: entry.req.kind });
      this.o.sink.notice?.('Massive rejected the API key: REST polling stopped');
      this.close();
      return;
    }
    if (error.code === 'RATE_LIMITED') {
      this.counts.rateLimited++;
      entry.paced = false;
      this.slowdown = nextSlowdown(this.slowdown, 'rate-limited');
      const backoff = fullJitterDelay(entry.failures, this.o.random ?? Math.random, { baseMs: 2_000, capMs: 60_000 });
      // Never sooner than the server asked; without Retry-After, full-jitter backoff.
      this.o.budget.pauseFor(Math.max(error.retryAfterSec !== undefined ? error.retryAfterSec * 1000 : 0, backoff));
      this.o.sink.notice?.('REST quota reached; polling slowed down');
      this.update(this.need, this.phase, this.generation);
      return;
    }
    if (error.code === 'NOT_ENTITLED') {
      this.onRefused(entry.req, error);
      return;
    }
    this.o.logger.warn('poll failed', { kind: entry.req.kind, code: error.code, status: error.status });
    const backoff = fullJitterDelay(entry.failures, this.o.random ?? Math.random, { baseMs: 1_000, capMs: 30_000 });
    entry.nextDue = now + Math.max(Number.isFinite(entry.intervalMs) ? entry.intervalMs : 0, backoff);
    entry.paced = true;
    if (!entry.recurring && entry.failures >= 3) this.entries.delete(entry.req.key);
  }

  /**
   * A 403: remembered for this asset class and endpoint family, every planned request of that
   * family on that asset class dropped (none of them is sent again), and their tickers refreshed
   * once along the next route so they get a value now. Other asset classes keep their routes.
   */
  private onRefused(req: PollRequest, error: MassiveError): void {
    const reason = refusalReason(error.message);
    const learnt = this.refusals.learn(req.asset, req.family, reason, this.o.clock.now(), this.generation);
    this.confirmed.delete(familyKey(req));
    this.o.logger.info('REST refused (403)', { asset: req.asset, family: req.family, reason, route: learnt.route });
    if (learnt.notice) this.o.sink.notice?.(learnt.notice);
    const tickers = new Set<string>();
    for (const [key, e] of this.entries) {
      if (e.req.asset !== req.asset || e.req.family !== req.family) continue;
      e.inflight?.abort();
      this.entries.delete(key);
      for (const t of e.req.tickers) tickers.add(t);
    }
    if (tickers.size > 0) this.refresh(needOf(req.asset, [...tickers]), this.phase, this.generation);
    this.update(this.need, this.phase, this.generation);
  }
}

const ASSET_RANK: Readonly<Record<Cluster, number>> = { stocks: 0, options: 1, indices: 2 };

/** A one-shot entry (a refresh): no loop after it. */
function once(req: PollRequest): Omit<Entry, 'nextDue'> {
  return { req, recurring: false, intervalMs: Infinity, failures: 0, inflight: undefined, pages: 1, paced: false };
}

function familyKey(req: PollRequest): string {
  return `${req.asset}|${req.family}`;
}

function sameTickers(a: PollRequest, b: PollRequest): boolean {
  return a.tickers.length === b.tickers.length && a.tickers.every((t, i) => t === b.tickers[i]);
}

function needOf(asset: Cluster, tickers: readonly string[]): PollNeed {
  return { ...EMPTY_NEED, [asset]: tickers };
}
