/**
 * The watch screen's option desk, wired: the REST reads of `massive levels`, `massive chain` and
 * `massive plan` (through the client's budgeted REST), the refresher that schedules them, and the
 * desk the screen and the NDJSON writer read.
 */
import type { Settings } from '../config/index.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { optionChainPath, stockSnapshotPath } from '../massive/endpoints.js';
import { MassiveError } from '../lib/errors.js';
import type { Bar } from '../massive/rest-models.js';
import { classifySymbol } from '../massive/symbology.js';
import type { RestClient } from '../rest/index.js';
import { createOptionsDesk, type WritableOptionsDesk } from '../store/options-desk.js';
import type { WritableMarketStore } from '../store/store.js';
import { perMinuteOf } from '../stream/levels-policy.js';
import { LevelsRefresher, type DeskLoaders } from '../stream/levels-refresh.js';
import { MAX_PAGE_SIZE, marketDate } from './chain-args.js';
import { fetchChain, underlyingSpot } from './chain-fetch.js';
import { computeLevels } from './levels-compute.js';
import { buildLevelsQuery } from './levels-args.js';
import { buildPlanQuery } from './plan-args.js';
import { computePlan, fetchDailyBars } from './plan-compute.js';

/** Strikes the chain view reads around the money, as a fraction of spot (one or two pages). */
const CHAIN_BAND = 0.05;
/** Pages a chain-view read may take: the band fits one or two; this bounds a surprise. */
const CHAIN_PAGES = 4;

/** Which underlying classes the key's plan serves snapshots of; undefined while unknown. */
export type SpotSnapshots = (cluster: 'stocks' | 'indices') => boolean | undefined;

/**
 * REST for the desk, answering "not in the plan" itself for the snapshot of an underlying whose
 * class the key lacks: the levels of an options-only key would otherwise ask for (and be refused)
 * the stock's price on every refresh. The chain then prices the underlying by parity.
 */
function withoutRefusedSpots(rest: RestClient, spotSnapshots: SpotSnapshots | undefined): RestClient {
  if (!spotSnapshots) return rest;
  return {
    ...rest,
    get(path, opts) {
      const cluster = path.startsWith(stockSnapshotPath(''))
        ? 'stocks'
        : path.startsWith('/v3/snapshot/indices')
          ? 'indices'
          : undefined;
      if (cluster !== undefined && spotSnapshots(cluster) === false)
        return Promise.reject(
          new MassiveError('NOT_ENTITLED', `${cluster} snapshots are not in the plan`, { status: 403 }),
        );
      return rest.get(path, opts);
    },
  };
}

/** The REST reads, shared with the one-shot commands so the screen shows their numbers. */
export function deskLoaders(
  restIn: RestClient,
  settings: Settings,
  now: () => number = Date.now,
  spotSnapshots?: SpotSnapshots,
): DeskLoaders {
  const rest = withoutRefusedSpots(restIn, spotSnapshots);
  // Daily bars change once a day (ATR uses finished sessions only): read once per underlying and day.
  const daily = new Map<string, Promise<readonly Bar[]>>();
  const dailyBars = (underlying: string, today: string): Promise<readonly Bar[]> => {
    const key = `${underlying}|${today}`;
    let got = daily.get(key);
    if (!got) {
      got = fetchDailyBars(rest, underlying, today);
      got.catch(() => daily.delete(key));
      daily.set(key, got);
    }
    return got;
  };
  return {
    async levels(underlying, narrow) {
      const query = buildLevelsQuery(underlying, narrow ? { dte: '0..7' } : {}, marketDate(now()));
      const got = await computeLevels(rest, query, now());
      return { underlying, spot: got.spot, levels: got.levels, expiries: got.expiries };
    },
    async chain(underlying, expiry, spot) {
      const band =
        spot !== undefined && spot > 0
          ? { strikePriceGte: Math.floor(spot * (1 - CHAIN_BAND)), strikePriceLte: Math.ceil(spot * (1 + CHAIN_BAND)) }
          : {};
      const path = optionChainPath(underlying, { expirationDate: expiry, ...band, limit: MAX_PAGE_SIZE });
      const chain = await fetchChain(rest, path, CHAIN_PAGES);
      return {
        underlying,
        expiry,
        spot: spot ?? (await underlyingSpot(rest, underlying, chain.contracts)),
        rows: chain.contracts,
      };
    },
    async plan(contract) {
      const got = await computePlan(rest, buildPlanQuery(contract, {}), { settings, now: now(), dailyBars });
      return { plan: got.plan, snapshot: got.snapshot };
    },
  };
}

export interface WatchDesk {
  readonly desk: WritableOptionsDesk;
  /** Starts refreshing once the key's plan is known; resolves when `signal` aborts. */
  start(): Promise<void>;
}

/** The desk and its refresher for the watched stocks and SPX. */
export function createWatchDesk(o: {
  readonly rest: RestClient;
  readonly settings: Settings;
  readonly store: WritableMarketStore;
  /** Whether the options plan serves chain snapshots; undefined while unknown. */
  readonly snapshots: () => boolean | undefined;
  /** Whether the plan serves stock and index snapshots (the underlying's price). */
  readonly spotSnapshots?: SpotSnapshots;
  readonly signal: AbortSignal;
  readonly logger?: Logger;
}): WatchDesk {
  const desk = createOptionsDesk();
  // The store's watchlist, so an edited watchlist is followed.
  const underlyings = (): string[] => [
    ...o.store.getSnapshot().symbols.filter((s) => classifySymbol(s) === 'stocks'),
    'I:SPX',
  ];
  const refresher = new LevelsRefresher({
    desk,
    loaders: deskLoaders(o.rest, o.settings, Date.now, o.spotSnapshots),
    clock: systemClock,
    underlyings,
    perMinute: () => perMinuteOf(o.store.getSnapshot().status.quota),
    snapshots: o.snapshots,
    spot: (s) => {
      const snap = o.store.getSnapshot();
      return (snap.quotes[s] ?? snap.indices[s])?.price;
    },
    signal: o.signal,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  return { desk, start: () => refresher.start() };
}
