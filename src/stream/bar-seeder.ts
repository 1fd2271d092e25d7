import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { silentLogger } from '../lib/logger.js';
import { isMassiveError } from '../lib/errors.js';
import { aggsPath } from '../massive/endpoints.js';
import { parseAggregates } from '../massive/rest-parse-aggs.js';
import type { Bar } from '../massive/rest-models.js';
import { barCacheKey, isExpiredBarCacheKey, parseBarCache, serializeBarCache, sessionDateOf } from '../market/indicators/bar-cache.js';
import type { RestClient } from '../rest/index.js';

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
}

/**
 * Seeds indicator bars once per symbol and session: from the on-disk cache when today's file
 * exists (no REST call at all after a restart within minutes), else from one REST aggregates
 * call. Requests run one at a time, and a rate-limit answer stops the round, so a free plan's
 * 5 requests/minute are never burst; the stream's minute bars build the rest.
 */
export class BarSeeder {
  readonly #o: BarSeederOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #loaded = new Set<string>();

  constructor(options: BarSeederOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child('bars');
  }

  /** REST calls made so far (for tests and the benchmark). */
  restCalls = 0;

  async seed(symbols: readonly string[], signal?: AbortSignal): Promise<void> {
    this.#prune();
    for (const symbol of symbols) {
      if (this.#loaded.has(symbol) || signal?.aborted) continue;
      try {
        await this.#seedOne(symbol, signal);
        this.#loaded.add(symbol);
      } catch (error) {
        if (signal?.aborted) return;
        this.#log.warn('could not seed bars', { symbol, message: (error as Error).message });
        if (isMassiveError(error, 'RATE_LIMITED') || isMassiveError(error, 'NOT_ENTITLED')) return;
      }
    }
  }

  async #seedOne(symbol: string, signal: AbortSignal | undefined): Promise<void> {
    const now = this.#clock.now();
    const cached = this.#readCache(symbol, now);
    if (cached) {
      this.#o.sink.seedBars(symbol, cached.bars);
      if (now - cached.savedAt <= (this.#o.maxCacheGapMs ?? 5 * 60_000)) return;
      this.#o.sink.seedBars(symbol, await this.#fetch(symbol, cached.savedAt - 60_000, now, signal));
      return;
    }
    this.#o.sink.seedBars(symbol, await this.#fetch(symbol, now - (this.#o.lookbackMs ?? 3 * 86_400_000), now, signal));
  }

  async #fetch(symbol: string, from: number, to: number, signal: AbortSignal | undefined): Promise<Bar[]> {
    this.restCalls++;
    const res = await this.#o.rest.get(aggsPath(symbol, 1, 'minute', Math.floor(from), Math.floor(to), { sort: 'asc', limit: 50_000 }), { signal });
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
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      for (const symbol of symbols) {
        const bars = this.#o.sink.bars(symbol);
        if (bars.length === 0) continue;
        const path = join(dir, barCacheKey(symbol, date));
        writeFileSync(`${path}.tmp`, serializeBarCache(symbol, date, bars, now), { mode: 0o600 });
        renameSync(`${path}.tmp`, path);
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
      for (const name of readdirSync(dir)) if (isExpiredBarCacheKey(name, today)) rmSync(join(dir, name), { force: true });
    } catch {
      // No cache directory yet.
    }
  }
}
