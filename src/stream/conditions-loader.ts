/**
 * Loads Massive's trade-condition update rules (which prints may move Last) for stocks and
 * options from `/v3/reference/conditions`, at most once a day: the parsed rules are cached under
 * the config directory's `cache/` like the indicator bars, so a restart makes no REST call. Every
 * page waits for a slot in the client's REST budget. It never throws: whatever fails, the
 * built-in table (DEFAULT_CONDITION_TABLES) fills in and the reason is logged.
 */
import { readFileSync } from 'node:fs';
import { writePrivateFile } from '../lib/private-file.js';
import { join } from 'node:path';
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import { isMassiveError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { silentLogger } from '../lib/logger.js';
import {
  CONDITION_ASSET_CLASSES,
  parseConditionCache,
  parseConditionsPage,
  serializeConditionCache,
  withDefaults,
  type CachedRules,
  type ConditionAssetClass,
  type ConditionCache,
  type ConditionRule,
  type ConditionRules,
  type ConditionTables,
} from '../massive/conditions.js';
import { conditionsPath } from '../massive/endpoints.js';
import type { RestClient } from '../rest/index.js';

/** The cache file in `cacheDir` (versioned: a new layout gets a new name). */
export const CONDITIONS_CACHE_FILE = 'conditions-v1.json';

export interface ConditionsLoaderOptions {
  readonly rest: Pick<RestClient, 'get'>;
  /** Resolves when one more REST call fits the client's budget (MarketClient.restSlot). */
  readonly restSlot: (signal?: AbortSignal) => Promise<void>;
  /** Directory of the on-disk cache (the config directory's `cache/`); none = no cache. */
  readonly cacheDir?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  /** A cached table older than this is fetched again. @default 86_400_000 (a day) */
  readonly maxAgeMs?: number;
  /** Pages followed per asset class, a guard against a cursor that never ends. @default 20 */
  readonly maxPages?: number;
}

/** Resolves to the rules to use: fetched or cached ones over the built-in table. Never rejects. */
export async function loadConditionTables(o: ConditionsLoaderOptions): Promise<ConditionTables> {
  const log = (o.logger ?? silentLogger).child('conditions');
  const clock = o.clock ?? systemClock;
  const fetched: Partial<Record<ConditionAssetClass, ConditionRules>> = {};
  try {
    const cache = readCache(o.cacheDir, clock.now(), o.maxAgeMs ?? 86_400_000);
    const toSave: Partial<Record<ConditionAssetClass, CachedRules>> = { ...cache };
    let changed = false;
    for (const assetClass of CONDITION_ASSET_CLASSES) {
      const cached = cache[assetClass];
      if (cached) {
        fetched[assetClass] = cached.rules;
        continue;
      }
      if (o.signal?.aborted) break;
      try {
        const rules = await fetchClass(o, assetClass);
        fetched[assetClass] = rules;
        toSave[assetClass] = { savedAt: clock.now(), rules };
        changed = true;
        log.info('trade conditions loaded', { assetClass, conditions: Object.keys(rules).length });
      } catch (error) {
        if (o.signal?.aborted) break;
        const message = (error as Error).message;
        log.warn('could not load trade conditions; using the built-in table', { assetClass, message });
        // Out of quota: the other class would fail the same way (a plan without options data
        // answering NOT_ENTITLED for one class says nothing about the other).
        if (isMassiveError(error, 'RATE_LIMITED')) break;
      }
    }
    if (changed) writeCache(o.cacheDir, toSave, log);
  } catch (error) {
    log.warn('could not load trade conditions; using the built-in table', { message: (error as Error).message });
  }
  return withDefaults(fetched);
}

/** Every page of one asset class; a body without usable rows counts as no answer. */
async function fetchClass(o: ConditionsLoaderOptions, assetClass: ConditionAssetClass): Promise<ConditionRules> {
  const rules: Record<number, ConditionRule> = {};
  const seen = new Set<string>();
  const maxPages = o.maxPages ?? 20;
  let next: string | undefined = conditionsPath({ assetClass, dataType: 'trade', limit: 1000 });
  for (let page = 0; next !== undefined && page < maxPages; page++) {
    seen.add(next);
    await o.restSlot(o.signal);
    const res = await o.rest.get(next, o.signal ? { signal: o.signal } : {});
    const parsed = parseConditionsPage(res.body, assetClass);
    if (typeof parsed === 'string') throw new Error(parsed);
    Object.assign(rules, parsed.rules);
    // A repeated cursor has been seen on other paged endpoints: stop rather than loop.
    next = parsed.nextUrl !== undefined && !seen.has(parsed.nextUrl) ? parsed.nextUrl : undefined;
  }
  if (Object.keys(rules).length === 0) throw new Error('the answer held no trade conditions');
  return rules;
}

function readCache(dir: string | undefined, now: number, maxAgeMs: number): ConditionCache {
  if (!dir) return {};
  try {
    return parseConditionCache(readFileSync(join(dir, CONDITIONS_CACHE_FILE), 'utf8'), now, maxAgeMs);
  } catch {
    return {}; // no file, or unreadable: a miss
  }
}

/** Writes atomically (temp file, then rename), private to the user like the rest of the config. */
function writeCache(dir: string | undefined, cache: ConditionCache, log: Logger): void {
  if (!dir) return;
  try {
    writePrivateFile(join(dir, CONDITIONS_CACHE_FILE), serializeConditionCache(cache));
  } catch (error) {
    log.warn('could not save the trade conditions cache', { message: (error as Error).message });
  }
}
