import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { writePrivateFile } from '../lib/private-file.js';
import { join } from 'node:path';
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { silentLogger } from '../lib/logger.js';
import { isMassiveError, type MassiveError } from '../lib/errors.js';
import { aggsPath, type Timespan } from '../massive/endpoints.js';
import { parseAggregates } from '../massive/rest-parse-aggs.js';
import type { Bar } from '../massive/rest-models.js';
import { refusalReason } from '../massive/rest-refusal.js';
import type { Entitlement } from '../massive/entitlements.js';
import type { Cluster } from '../massive/events.js';
import { classifySymbol } from '../massive/symbology.js';
import {
  barCacheKey,
  isExpiredBarCacheKey,
  parseBarCache,
  serializeBarCache,
  sessionDateOf,
} from '../market/indicators/bar-cache.js';
import type { RestClient } from '../rest/index.js';
import { endOfYesterday } from './last-session.js';
import { RefusalMemory, type EndpointFamily } from './refusals.js';

/** What the seeder needs from the store. */
export interface BarSink {
  seedBars(symbol: string, bars: readonly Bar[]): void;
  bars(symbol: string): readonly Bar[];
}

export interface BarSeederOptions {
  readonly rest: RestClient;
  readonly sink: BarSink;
  /** Directory of the on-disk bar cache (under the config directory); none = memory only. */
  readonly cacheDir?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** History fetched on a cold start, enough to warm MACD(12,26,9) from the previous session. @default 3 days */
  readonly lookbackMs?: number;
  /** A cached file older than this is topped up with one small ranged call. @default 5 min */
  readonly maxCacheGapMs?: number;
  /** History read when only daily bars can be had. @default 60 days */
  readonly dailyLookbackMs?: number;
}

/**
 * Seeds indicator bars once per symbol and session: from the on-disk cache when today's file
 * exists (no REST call at all after a restart within minutes), else from one REST aggregates
 * call. Requests run one at a time, and a rate-limit answer stops the round, so a free plan's
 * 5 requests/minute are never burst; the stream's minute bars build the rest.
 *
 * A 403 is remembered per asset class (refusals.ts) and never asked again: a Basic key refused
 * today's bars "before end of day" is seeded from the last complete session (the minute bars up
 * to yesterday's end, else daily bars) for the rest of the day; an asset class not in the plan is
 * skipped while the others are still seeded.
 */
export class BarSeeder {
  readonly #o: BarSeederOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #loaded = new Set<string>();
  readonly #refusals = new RefusalMemory();
  /** Asset classes whose daily bars were refused, and on which New York date. */
  readonly #noDaily = new Map<Cluster, string | undefined>();

  constructor(options: BarSeederOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child('bars');
  }

  /**
   * What the key's plan is known to lack on `asset` (as the proxy detected it): nothing is asked
   * that the plan rules out, so a class not in the plan or a free key's today costs no 403.
   */
  setEntitlement(asset: Cluster, e: Pick<Entitlement, 'feed' | 'snapshots' | 'recency'>): void {
    this.#refusals.assumeEntitlement(asset, e);
  }

  /** REST calls made so far (for tests and the benchmark). */
  restCalls = 0;

  async seed(symbols: readonly string[], signal?: AbortSignal): Promise<void> {
    this.#prune();
    for (const symbol of symbols) {
      if (this.#loaded.has(symbol) || signal?.aborted) continue;
      try {
        if (await this.#seedOne(symbol, signal)) this.#loaded.add(symbol);
      } catch (error) {
        if (signal?.aborted) return;
        this.#log.warn('could not seed bars', { symbol, message: (error as Error).message });
        if (isMassiveError(error, 'RATE_LIMITED')) return;
      }
    }
  }

  /** Seeds one symbol; false when its asset class is refused and nothing was asked. */
  async #seedOne(symbol: string, signal: AbortSignal | undefined): Promise<boolean> {
    const now = this.#clock.now();
    const asset = classifySymbol(symbol) ?? 'stocks';
    const today = !this.#refused(asset, 'bars', now);
    const cached = this.#readCache(symbol, now);
    if (cached) {
      this.#o.sink.seedBars(symbol, cached.bars);
      if (now - cached.savedAt <= (this.#o.maxCacheGapMs ?? 5 * 60_000) || !today) return true;
      // A failed top-up leaves the cached bars in place; a 403 is remembered, not retried.
      await this.#tryFetch(asset, 'bars', symbol, 'minute', cached.savedAt - 60_000, now, signal);
      return true;
    }
    if (today) {
      const bars = await this.#tryFetch(asset, 'bars', symbol, 'minute', now - this.#lookbackMs, now, signal);
      if (bars) return true;
    }
    return this.#seedLastSession(symbol, asset, now, signal);
  }

  /**
   * For a key that may not read today before the close: the minute bars of the sessions before
   * today, or, when those are refused or empty too, daily bars.
   */
  async #seedLastSession(
    symbol: string,
    asset: Cluster,
    now: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const end = endOfYesterday(now);
    if (!this.#refused(asset, 'last-session', now)) {
      const minute = await this.#tryFetch(asset, 'last-session', symbol, 'minute', end - this.#lookbackMs, end, signal);
      if (minute && minute.length > 0) return true;
    }
    // Not in the plan at all (or daily bars refused already): nothing more to ask.
    const notInPlan = this.#refusals.get(asset, 'last-session', now, 0)?.reason === 'not-entitled';
    if (notInPlan || this.#noDaily.get(asset) === sessionDateOf(now)) return false;
    const from = end - (this.#o.dailyLookbackMs ?? 60 * 86_400_000);
    const daily = await this.#tryFetch(asset, 'last-session', symbol, 'day', from, end, signal);
    if (!daily) this.#noDaily.set(asset, sessionDateOf(now));
    return daily !== undefined;
  }

  get #lookbackMs(): number {
    return this.#o.lookbackMs ?? 3 * 86_400_000;
  }

  /** Fetches and seeds; on a 403 remembers it for the asset class and family and resolves undefined. */
  async #tryFetch(
    asset: Cluster,
    family: EndpointFamily,
    symbol: string,
    timespan: Timespan,
    from: number,
    to: number,
    signal: AbortSignal | undefined,
  ): Promise<readonly Bar[] | undefined> {
    try {
      return await this.#fetchInto(symbol, timespan, from, to, signal);
    } catch (error) {
      if (!isMassiveError(error, 'NOT_ENTITLED')) throw error;
      this.#remember(asset, family, error, symbol);
      return undefined;
    }
  }

  #remember(asset: Cluster, family: EndpointFamily, error: MassiveError, symbol: string): void {
    const reason = refusalReason(error.message);
    this.#refusals.record(asset, family, reason, this.#clock.now(), 0);
    this.#log.info('bars refused (403); not asked again', { symbol, asset, family, reason });
  }

  #refused(asset: Cluster, family: EndpointFamily, now: number): boolean {
    return this.#refusals.get(asset, family, now, 0) !== undefined;
  }

  async #fetchInto(
    symbol: string,
    timespan: Timespan,
    from: number,
    to: number,
    signal?: AbortSignal,
  ): Promise<readonly Bar[]> {
    const bars = await this.#fetch(symbol, timespan, from, to, signal);
    this.#o.sink.seedBars(symbol, bars);
    return bars;
  }

  async #fetch(
    symbol: string,
    timespan: Timespan,
    from: number,
    to: number,
    signal: AbortSignal | undefined,
  ): Promise<Bar[]> {
    this.restCalls++;
    const path = aggsPath(symbol, 1, timespan, Math.floor(from), Math.floor(to), { sort: 'asc', limit: 50_000 });
    const res = await this.#o.rest.get(path, { signal });
    const parsed = parseAggregates(res.body);
    if (!parsed.ok) throw new Error(`aggregates for ${symbol}: ${parsed.reason}`);
    return [...parsed.value.bars];
  }

  #readCache(symbol: string, now: number): { bars: readonly Bar[]; savedAt: number } | undefined {
    const dir = this.#o.cacheDir;
    const date = sessionDateOf(now);
    if (!dir || !date) return undefined;
    try {
      return parseBarCache(readFileSync(join(dir, barCacheKey(symbol, date)), 'utf8'), symbol, date);
    } catch {
      return undefined; // no file, or unreadable: a miss
    }
  }

  /** Writes today's bars of each symbol (atomically: temp file then rename). */
  save(symbols: readonly string[]): void {
    const dir = this.#o.cacheDir;
    const now = this.#clock.now();
    const date = sessionDateOf(now);
    if (!dir || !date) return;
    try {
      for (const symbol of symbols) {
        const bars = this.#o.sink.bars(symbol);
        if (bars.length === 0) continue;
        writePrivateFile(join(dir, barCacheKey(symbol, date)), serializeBarCache(symbol, date, bars, now));
      }
    } catch (error) {
      this.#log.warn('could not save the bar cache', { message: (error as Error).message });
    }
  }

  /** Deletes cache files of earlier sessions. */
  #prune(): void {
    const dir = this.#o.cacheDir;
    const today = sessionDateOf(this.#clock.now());
    if (!dir || !today) return;
    try {
      for (const name of readdirSync(dir))
        if (isExpiredBarCacheKey(name, today)) rmSync(join(dir, name), { force: true });
    } catch {
      // No cache directory yet.
    }
  }
}
