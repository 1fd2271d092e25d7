/**
 * The REST reads `levels` and `plan` share: a whole filtered chain (every page, through
 * massive/pages.ts so a repeated cursor cannot loop and a page cap bounds the REST budget spent),
 * and the underlying's price (its snapshot half also `chain`'s).
 */
import { MassiveError } from '../lib/errors.js';
import { indicesSnapshotPath, stockSnapshotPath } from '../massive/endpoints.js';
import { readPages, type PageStop } from '../massive/pages.js';
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import { isIndexSnapshotError, parseIndicesSnapshot, parseStockSnapshotSingle } from '../massive/rest-parse.js';
import { parseOptionContractItem } from '../massive/rest-parse-options.js';
import { isIndexTicker } from '../massive/symbology.js';
import type { RestClient } from '../rest/index.js';

/**
 * Most chain pages one command reads: 100 pages of 250 rows hold a whole SPY chain several times
 * over, and at the default 20 requests a second they take five seconds of the budget.
 */
export const MAX_CHAIN_PAGES = 100;

export interface FetchedChain {
  readonly contracts: readonly OptionContractSnapshot[];
  /** Rows dropped as malformed. */
  readonly skipped: number;
  readonly pages: number;
  /** `cap` when MAX_CHAIN_PAGES stopped the read before the chain ended. */
  readonly stop: PageStop;
}

/** Reads every page of the chain snapshot at `path` (filters already in its query). */
export async function fetchChain(
  rest: RestClient,
  path: string,
  maxPages: number = MAX_CHAIN_PAGES,
): Promise<FetchedChain> {
  const contracts: OptionContractSnapshot[] = [];
  let skipped = 0;
  const read = await readPages(async (next) => (await rest.get<unknown>(next)).body, path, {
    maxPages,
    onPage: (body) => {
      const results = body && typeof body === 'object' ? (body as { results?: unknown }).results : undefined;
      for (const item of Array.isArray(results) ? results : []) {
        const parsed = parseOptionContractItem(item);
        if (typeof parsed === 'string') skipped += 1;
        else contracts.push(parsed);
      }
      return false; // every page: the whole chain is wanted
    },
  });
  return { contracts, skipped, pages: read.pages, stop: read.stop };
}

/**
 * The underlying's price: from the chain rows when they carry it (no extra request), else the
 * stock or index snapshot; undefined when the key's plans give neither.
 */
export async function underlyingSpot(
  rest: RestClient,
  underlying: string,
  rows: readonly OptionContractSnapshot[],
): Promise<number | undefined> {
  const fromRows = rows.find((c) => c.underlyingPrice !== undefined && c.underlyingPrice > 0)?.underlyingPrice;
  return fromRows ?? (await snapshotSpot(rest, underlying));
}

/** The underlying's price from its stock or index snapshot; undefined when the plan has none. */
export async function snapshotSpot(rest: RestClient, underlying: string): Promise<number | undefined> {
  try {
    if (isIndexTicker(underlying)) {
      const parsed = parseIndicesSnapshot((await rest.get(indicesSnapshotPath([underlying]))).body);
      const item = parsed.ok ? parsed.value.find((i) => !isIndexSnapshotError(i)) : undefined;
      return item && !isIndexSnapshotError(item) ? item.value : undefined;
    }
    const parsed = parseStockSnapshotSingle((await rest.get(stockSnapshotPath(underlying))).body);
    return parsed.ok ? parsed.value.price : undefined;
  } catch (error) {
    // Not in the plan is an answer ("no price"), not a failure of the command.
    if (error instanceof MassiveError && (error.code === 'NOT_ENTITLED' || error.code === 'NOT_FOUND'))
      return undefined;
    throw error;
  }
}

/**
 * When the snapshot was taken: its rows' latest `updated`, else `fallback`. Time to expiry is
 * measured from here, not from the wall clock, so a snapshot read after the close (or the demo's
 * replayed session) is valued at its own moment.
 */
export function snapshotTime(rows: readonly OptionContractSnapshot[], fallback: number): number {
  let latest: number | undefined;
  for (const c of rows)
    if (c.updatedMs !== undefined && (latest === undefined || c.updatedMs > latest)) latest = c.updatedMs;
  return latest !== undefined && latest <= fallback ? latest : fallback;
}
