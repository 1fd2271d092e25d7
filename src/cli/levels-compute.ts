/**
 * The key levels of one underlying from Massive's chain snapshot, shared by `massive levels` and
 * the watch screen's refresh so both compute the same numbers from the same query.
 */
import { optionChainPath } from '../massive/endpoints.js';
import { keyLevels, type KeyLevels } from '../market/levels/key-levels.js';
import type { RestClient } from '../rest/index.js';
import { fetchChain, MAX_CHAIN_PAGES, snapshotTime, underlyingSpot, type FetchedChain } from './chain-fetch.js';
import type { LevelsQuery } from './levels-args.js';

export interface ComputedLevels {
  readonly levels: KeyLevels;
  readonly spot: number | undefined;
  readonly chain: FetchedChain;
  /** Every expiry the chain read listed, ascending. */
  readonly expiries: readonly string[];
}

/** Reads the chain `query` names (every page, up to `maxPages`) and computes its levels. */
export async function computeLevels(
  rest: RestClient,
  query: LevelsQuery,
  now: number,
  maxPages: number = MAX_CHAIN_PAGES,
): Promise<ComputedLevels> {
  const chain = await fetchChain(rest, optionChainPath(query.underlying, query.filters), maxPages);
  const spot = await underlyingSpot(rest, query.underlying, chain.contracts);
  const levels = keyLevels({
    contracts: chain.contracts,
    spot,
    nowMs: snapshotTime(chain.contracts, now),
    ...(query.expiry ? { expiry: query.expiry } : {}),
  });
  const expiries = [...new Set(chain.contracts.map((c) => c.expiry))].sort();
  return { levels, spot, chain, expiries };
}
