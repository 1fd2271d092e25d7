/**
 * Keeps the options desk (store/options-desk.ts) filled: key levels per underlying, the chain the
 * chain view shows, the plan the contract view shows. One job at a time, so the desk never spends
 * more than one request of the shared REST budget at once (every request also waits for its slot
 * in the client's budget); what the screen shows comes first: the open plan, the open chain, the
 * levels of the symbol on screen, then the rest (levels-policy.ts says which and how often).
 * The REST reads themselves are injected (the CLI wires the ones `massive levels`/`plan` use).
 */
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { ChainEntry, LevelsEntry, PlanEntry, WritableOptionsDesk } from '../store/options-desk.js';
import { refreshPolicy, type RefreshPolicy } from './levels-policy.js';

export interface DeskLoaders {
  /** The levels of one underlying; `narrow` reads only the nearest week of expiries. */
  levels(underlying: string, narrow: boolean, signal: AbortSignal): Promise<Omit<LevelsEntry, 'at'>>;
  /** One expiry of a chain around `spot`. */
  chain(
    underlying: string,
    expiry: string,
    spot: number | undefined,
    signal: AbortSignal,
  ): Promise<Omit<ChainEntry, 'at'>>;
  plan(contract: string, signal: AbortSignal): Promise<Pick<PlanEntry, 'plan' | 'snapshot'>>;
}

export interface LevelsRefresherOptions {
  readonly desk: WritableOptionsDesk;
  readonly loaders: DeskLoaders;
  readonly clock: Clock;
  /** Underlyings whose levels are kept on a full budget (watched stocks, I:SPX). */
  readonly underlyings: () => readonly string[];
  /** The account's REST requests a minute; undefined until the proxy has said. */
  readonly perMinute: () => number | undefined;
  /** Whether the key's options plan serves chain snapshots; undefined while unknown. */
  readonly snapshots: () => boolean | undefined;
  /** The underlying's last price, to centre a chain read. */
  readonly spot: (underlying: string) => number | undefined;
  readonly signal: AbortSignal;
  readonly logger?: Logger;
}

type Job =
  | { readonly kind: 'plan'; readonly contract: string }
  | { readonly kind: 'chain'; readonly underlying: string; readonly expiry: string }
  | { readonly kind: 'levels'; readonly underlying: string };

/** Longest idle wait: wants, the budget and the entitlement are looked at again at least this often. */
const IDLE_MS = 30_000;
/** While the plan or the quota is not known yet. */
const UNKNOWN_MS = 1_000;

export class LevelsRefresher {
  private readonly o: LevelsRefresherOptions;
  private readonly levelsAt = new Map<string, number>();
  private chainKey: string | undefined;
  private chainAt = -Infinity;
  private planKey: string | undefined;
  private planAt = -Infinity;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(o: LevelsRefresherOptions) {
    this.o = o;
    o.desk.onWants(() => this.wake?.());
    o.signal.addEventListener('abort', () => this.wake?.(), { once: true });
  }

  /** Starts the loop (once); resolves when the signal aborts. */
  start(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    while (!this.o.signal.aborted) {
      const next = this.next();
      if ('wait' in next) await this.sleep(next.wait);
      else await this.run(next.job);
    }
  }

  /** The job to run now, or how long to wait before looking again. */
  next(): { readonly job: Job } | { readonly wait: number } {
    const snapshots = this.o.snapshots();
    if (snapshots === undefined) return { wait: UNKNOWN_MS };
    if (!snapshots) {
      this.o.desk.setNote('option chain snapshots are not in your plan: no levels or chain', undefined);
      return { wait: IDLE_MS };
    }
    const perMinute = this.o.perMinute();
    if (perMinute === undefined) return { wait: UNKNOWN_MS };
    const policy = refreshPolicy(perMinute);
    this.o.desk.setNote(undefined, policy.text);
    const now = this.o.clock.now();
    const desk = this.o.desk.getSnapshot();
    const { wants } = desk;
    let wait = IDLE_MS;
    const due = (at: number, every: number | undefined): boolean => {
      if (every === undefined) return false;
      wait = Math.min(wait, Math.max(0, at + every - now));
      return now >= at + every;
    };
    if (wants.plan && (wants.plan !== this.planKey || due(this.planAt, policy.planEveryMs)))
      return { job: { kind: 'plan', contract: wants.plan } };
    const chainOf = wants.chain?.underlying;
    if (chainOf) {
      const entry = desk.levels[chainOf];
      const expiry = wants.chain?.expiry ?? entry?.levels.expiry ?? entry?.expiries[0];
      if (expiry !== undefined) {
        const key = `${chainOf}|${expiry}`;
        if (key !== this.chainKey || due(this.chainAt, policy.chainEveryMs))
          return { job: { kind: 'chain', underlying: chainOf, expiry } };
      } else if (!this.levelsAt.has(chainOf)) return { job: { kind: 'levels', underlying: chainOf } };
    }
    for (const underlying of this.candidates(policy, wants.focus ?? chainOf)) {
      if (due(this.levelsAt.get(underlying) ?? -Infinity, policy.levelsEveryMs))
        return { job: { kind: 'levels', underlying } };
    }
    return { wait };
  }

  private candidates(policy: RefreshPolicy, focus: string | undefined): string[] {
    const all = policy.scope === 'all' ? [focus, ...this.o.underlyings()] : [focus];
    return [...new Set(all.filter((s): s is string => s !== undefined))];
  }

  private async run(job: Job): Promise<void> {
    const { desk, loaders, clock, signal } = this.o;
    const narrow = refreshPolicy(this.o.perMinute() ?? 0).narrow;
    const t0 = clock.now();
    this.o.logger?.debug('option desk refresh', { ...job });
    try {
      switch (job.kind) {
        case 'plan': {
          this.planKey = job.contract;
          this.planAt = clock.now();
          const got = await loaders.plan(job.contract, signal);
          desk.setPlan({ contract: job.contract, ...got, error: undefined, at: clock.now() });
          break;
        }
        case 'chain': {
          this.chainKey = `${job.underlying}|${job.expiry}`;
          this.chainAt = clock.now();
          const spot = this.o.spot(job.underlying) ?? desk.getSnapshot().levels[job.underlying]?.spot;
          const got = await loaders.chain(job.underlying, job.expiry, spot, signal);
          desk.setChain({ ...got, at: clock.now() });
          break;
        }
        case 'levels': {
          this.levelsAt.set(job.underlying, clock.now());
          const got = await loaders.levels(job.underlying, narrow, signal);
          // An underlying without listed options has no levels: nothing is published for it.
          if (got.expiries.length > 0) desk.setLevels({ ...got, at: clock.now() });
          else {
            const why = `no option contracts listed for ${job.underlying}`;
            desk.setMissing(job.underlying, why);
            if (desk.getSnapshot().wants.chain?.underlying === job.underlying) desk.setChain(undefined, why);
          }
          break;
        }
      }
      this.o.logger?.debug('option desk refreshed', { job: job.kind, ms: clock.now() - t0 });
    } catch (error) {
      if (signal.aborted) return;
      const message = (error as Error).message;
      this.o.logger?.warn('option desk refresh failed', { job: job.kind, message });
      if (job.kind === 'plan')
        desk.setPlan({ contract: job.contract, plan: undefined, snapshot: undefined, error: message, at: clock.now() });
      else if (job.kind === 'chain') desk.setChain(undefined, message);
      else desk.setMissing(job.underlying, message);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.o.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined;
      const done = (): void => {
        if (timer) this.o.clock.clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      timer = this.o.clock.setTimeout(done, Math.max(0, ms));
    });
  }
}
