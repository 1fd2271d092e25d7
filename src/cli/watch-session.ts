/**
 * The parts `massive watch` (watch.ts) is wired from: the REST client it gives the market
 * client, the budgeted REST the history loaders share, and what starts once the plan is known.
 */
import { join } from 'node:path';
import type { Logger } from '../lib/logger.js';
import type { Tracer } from '../lib/trace.js';
import type { Cluster } from '../massive/events.js';
import type { Entitlement } from '../massive/entitlements.js';
import { classifySymbol } from '../massive/symbology.js';
import type { RestClient } from '../rest/index.js';
import type { WritableMarketStore } from '../store/store.js';
import type { BarSeeder } from '../stream/bar-seeder.js';
import { loadConditionTables } from '../stream/conditions-loader.js';
import { loadContractInfo } from '../stream/contract-info.js';
import type { MarketClient } from '../stream/market-client.js';
import { configDir } from '../config/index.js';
import { feedsSettled, pricesSettled } from './watch-settle.js';

/**
 * The client's REST calls, recorded for `--trace` (URL redacted by the tracer), with the proxy's
 * quota headers copied to the status line and `status` events.
 */
export function instrumentedRest(rest: RestClient, tracer: Tracer, store: WritableMarketStore): RestClient {
  const quota = (headers: Readonly<Record<string, string>>) => {
    const q = quotaFromHeaders(headers);
    if (q) store.setStatus({ quota: q });
  };
  return {
    ...rest,
    async get(path, opts) {
      const t0 = Date.now();
      try {
        const res = await rest.get(path, opts);
        tracer.record({ kind: 'rest', method: 'GET', url: path, status: res.status, ms: Date.now() - t0 });
        quota(res.headers);
        return res;
      } catch (error) {
        tracer.record({ kind: 'rest', method: 'GET', url: path, ms: Date.now() - t0, error: (error as Error).message });
        throw error;
      }
    },
  } as RestClient;
}

/** REST that takes a slot of the client's budget before each call (history, chains, levels). */
export function budgetedRest(rest: RestClient, client: Pick<MarketClient, 'restSlot'>): RestClient {
  return {
    ...rest,
    async get(path, opts) {
      await client.restSlot(opts?.signal);
      return rest.get(path, opts);
    },
  } as RestClient;
}

/**
 * The quota window as the proxy's headers describe it at its last answer: requests spent in the
 * window are the limit less what is left (`x-quota-used` counts since the proxy started, so it
 * would read "exhausted" long after the window refilled).
 */
export function quotaFromHeaders(
  headers: Readonly<Record<string, string>>,
): { used: number; limit: number; windowMs: number } | undefined {
  const limit = Number(headers['x-quota-limit']);
  const left = Number(headers['x-quota-left']);
  const windowMs = Number(headers['x-quota-window-ms'] ?? 1000);
  if (!Number.isFinite(limit) || limit <= 0 || headers['x-quota-left'] === undefined || !Number.isFinite(left))
    return undefined;
  return {
    used: Math.max(0, Math.min(limit, limit - left)),
    limit,
    windowMs: Number.isFinite(windowMs) && windowMs > 0 ? windowMs : 1000,
  };
}

/** Open interest for vol/OI on the tape, after the indicator history (both share the budget). */
export async function loadOpenInterest(
  symbols: readonly string[],
  rest: RestClient,
  store: WritableMarketStore,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  for (const symbol of symbols) {
    if (signal.aborted) return;
    try {
      // Expiries are dated by the market data's own day (a replayed or delayed session runs behind).
      const row = store.getSnapshot().quotes[symbol];
      const dataTime = Math.min(Date.now(), row?.asOf ?? Number.POSITIVE_INFINITY);
      // With the spot known the chain read is narrowed around it (real chains run to thousands of rows).
      await loadContractInfo(rest, symbol, store, dataTime, {
        signal,
        ...(row?.price !== undefined ? { spot: row.price } : {}),
      });
    } catch (error) {
      if (!signal.aborted) logger.warn('could not load open interest', { symbol, message: (error as Error).message });
      return;
    }
  }
}

/** What the history loaders of one `watch` share. */
export interface WatchLoaders {
  readonly store: WritableMarketStore;
  readonly client: MarketClient;
  /** The client's REST, and the same through its budget. */
  readonly rest: RestClient;
  readonly budgeted: RestClient;
  readonly seeder: BarSeeder;
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/** Stock symbols of `symbols` whose option flow is wanted (none with flow off or without option snapshots). */
export function flowStocks(symbols: readonly string[], flow: boolean, optionSnapshots: boolean | undefined): string[] {
  return !flow || optionSnapshots === false ? [] : symbols.filter((s) => classifySymbol(s) === 'stocks');
}

/**
 * Indicator history, then open interest for the tape's vol/OI, in that order; `oiSymbols` is
 * asked once the history is in (the plan may have become known meanwhile).
 */
export async function seedHistory(
  l: WatchLoaders,
  symbols: readonly string[],
  oiSymbols: () => readonly string[],
): Promise<void> {
  await l.seeder.seed(symbols, l.signal);
  await loadOpenInterest(oiSymbols(), l.budgeted, l.store, l.signal, l.logger);
}

/**
 * History and reference data wait until the plan is known: on a free key (5 requests a minute)
 * the first calls must go to the prices, and what the plan lacks is not asked for. Calls
 * `onSettled` once the plan is known (and, without a stream, the prices have come).
 */
export async function loadWhenSettled(
  l: WatchLoaders,
  used: readonly Cluster[],
  symbols: { readonly prices: readonly string[]; readonly bars: readonly string[]; readonly flow: readonly string[] },
  onSettled: () => void,
): Promise<void> {
  const feeds = await feedsSettled(l.store, used, 5_000, l.signal);
  if (l.signal.aborted) return;
  // A key that streams nothing lives on a few REST calls a minute (Basic: 5): the watchlist's
  // prices come before any history, or the screen stays empty for minutes.
  const streams = Object.values(feeds).some((f) => f === 'realtime' || f === 'delayed');
  if (!streams) await pricesSettled(l.store, symbols.prices, 60_000, l.signal);
  if (l.signal.aborted) return;
  onSettled();
  const known = l.client.stats().entitlements;
  for (const [asset, e] of Object.entries(known) as [Cluster, Entitlement][])
    if (e.source !== 'assumed') l.seeder.setEntitlement(asset, e);
  const bars = symbols.bars.filter((s) => feeds[classifySymbol(s) ?? 'stocks'] !== 'none');
  void seedHistory(l, bars, () => (known.options?.snapshots === false ? [] : symbols.flow));
  // Which prints may move Last (odd lots, average-price prints… may not): only a key that
  // streams trades needs the table; built-in rules until it loads.
  if (!streams) return;
  const tables = await loadConditionTables({
    rest: l.rest,
    restSlot: (signal?: AbortSignal) => l.client.restSlot(signal),
    cacheDir: join(configDir(), 'cache'),
    logger: l.logger,
    signal: l.signal,
  });
  l.store.setConditions(tables);
}
