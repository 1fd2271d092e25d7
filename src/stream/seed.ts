import { indicesSnapshotPath, stockSnapshotsPath } from '../massive/endpoints.js';
import { isIndexSnapshotError, parseIndicesSnapshot, parseStockSnapshots } from '../massive/rest-parse.js';
import type { IndexSnapshot, StockSnapshot } from '../massive/rest-models.js';
import { classifySymbol } from '../massive/symbology.js';
import type { RestClient } from '../rest/index.js';
import type { QuoteSeed } from '../store/quote-reducer.js';
import type { WritableMarketStore } from '../store/store.js';

export function stockSeed(s: StockSnapshot): QuoteSeed {
  return { price: s.price, prevClose: s.prevClose, bid: s.bid, ask: s.ask, volume: s.volume, vwap: s.vwap, asOf: s.updatedMs };
}

export function indexSeed(s: IndexSnapshot): QuoteSeed {
  return { price: s.value, prevClose: s.prevClose, asOf: s.updatedMs };
}

/** Unknown tickers reported inline by a snapshot (NOT_FOUND / NOT_ENTITLED). */
export interface SeedProblem {
  readonly ticker: string;
  readonly error: string;
  readonly message: string;
}

/**
 * Seeds the store from the batched snapshots: one multi-ticker call for every stock and one
 * indices call for every index, whatever the watchlist size.
 */
export async function seedFromRest(rest: RestClient, symbols: readonly string[], store: WritableMarketStore, signal?: AbortSignal): Promise<SeedProblem[]> {
  const stocks = symbols.filter((s) => classifySymbol(s) === 'stocks');
  const indices = symbols.filter((s) => classifySymbol(s) === 'indices');
  const problems: SeedProblem[] = [];
  const jobs: Promise<void>[] = [];
  if (stocks.length > 0) {
    jobs.push(
      rest.get(stockSnapshotsPath(stocks), { signal }).then((res) => {
        const parsed = parseStockSnapshots(res.body);
        if (!parsed.ok) throw new Error(`stock snapshot: ${parsed.reason}`);
        for (const snap of parsed.value) store.seed(snap.ticker, stockSeed(snap), 'rest');
      }),
    );
  }
  if (indices.length > 0) {
    jobs.push(
      rest.get(indicesSnapshotPath(indices), { signal }).then((res) => {
        const parsed = parseIndicesSnapshot(res.body);
        if (!parsed.ok) throw new Error(`indices snapshot: ${parsed.reason}`);
        for (const item of parsed.value) {
          if (isIndexSnapshotError(item)) problems.push(item);
          else store.seed(item.ticker, indexSeed(item), 'rest');
        }
      }),
    );
  }
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return problems;
}
