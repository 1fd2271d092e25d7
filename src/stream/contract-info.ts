import { optionChainPath, type OptionChainFilters } from '../massive/endpoints.js';
import { nextPageUrl, readPages } from '../massive/pages.js';
import { parseOptionChain } from '../massive/rest-parse-options.js';
import { nyDate } from '../lib/new-york.js';
import type { ContractInfo } from '../market/flow/aggregator.js';
import type { RestClient } from '../rest/index.js';

export interface ContractInfoSink {
  setContractInfo(contract: string, info: ContractInfo): void;
}

/** Days of expiries whose open interest is loaded: the near ones, where flow concentrates. */
const HORIZON_DAYS = 10;

export interface ContractInfoOptions {
  readonly signal?: AbortSignal;
  /** The underlying's price, when the caller knows it: only strikes within `bandPct` of it are read. */
  readonly spot?: number;
  /** @default 0.1 */
  readonly bandPct?: number;
  /** Most chain pages read, 250 contracts each; every page is one call of the REST budget. @default 8 */
  readonly maxPages?: number;
  /**
   * Awaited before each page: the caller's REST budget (its `restSlot`). Leave it out when `rest`
   * already waits for a slot on every `get`, or a page would be counted twice.
   */
  readonly slot?: (signal?: AbortSignal) => Promise<void>;
}

/**
 * Loads prior-day open interest, IV and day volume for an underlying's near-dated contracts, so
 * the flow tape can show vol/OI and the opening-position heuristic. A real chain is far more than
 * one page (SPY and QQQ list $1 strikes, hundreds of contracts per expiry, 250 per page), so the
 * read is narrowed by expiry (the next HORIZON_DAYS) and, around the money, by strike (filters
 * sent as query parameters, not applied after download), nearest expiries first, and `next_url`
 * is followed up to `maxPages`. Without a spot from the caller, the first page's underlying price
 * narrows the rest of the read. Resolves to the number of contracts loaded.
 */
export async function loadContractInfo(
  rest: Pick<RestClient, 'get'>,
  underlying: string,
  sink: ContractInfoSink,
  nowMs: number,
  signalOrOptions?: AbortSignal | ContractInfoOptions,
): Promise<number> {
  const o: ContractInfoOptions =
    signalOrOptions instanceof AbortSignal ? { signal: signalOrOptions } : (signalOrOptions ?? {});
  const band = o.bandPct ?? 0.1;
  const near: OptionChainFilters = {
    expirationDateGte: nyDate(nowMs),
    expirationDateLte: nyDate(nowMs + HORIZON_DAYS * 86_400_000),
    sort: 'expiration_date',
    order: 'asc',
    limit: 250,
  };
  const around = (spot: number): string => optionChainPath(underlying, { ...near, ...strikeBand(spot, band) });
  const loaded = new Set<string>();
  let spotSeen: number | undefined;
  const fetchPage = async (path: string): Promise<unknown> => {
    await o.slot?.(o.signal);
    return (await rest.get(path, o.signal ? { signal: o.signal } : undefined)).body;
  };
  const store = (body: unknown): void => {
    const parsed = parseOptionChain(body);
    if (!parsed.ok) throw new Error(`option chain for ${underlying}: ${parsed.reason}`);
    for (const c of parsed.value) {
      sink.setContractInfo(c.ticker, { openInterest: c.openInterest, iv: c.impliedVolatility, volume: c.volume });
      loaded.add(c.ticker);
      spotSeen ??= c.underlyingPrice;
    }
  };
  const maxPages = Math.max(1, o.maxPages ?? 8);
  if (o.spot !== undefined && o.spot > 0) {
    await readPages(fetchPage, around(o.spot), { maxPages, onPage: (body) => void store(body) });
    return loaded.size;
  }
  // No spot: the first page (nearest expiry, deep in the money first) names the underlying's
  // price when the plan carries it; the rest is read around that price instead.
  let narrow = false;
  await readPages(fetchPage, optionChainPath(underlying, near), {
    maxPages,
    onPage: (body, index) => {
      store(body);
      narrow = index === 0 && spotSeen !== undefined && nextPageUrl(body) !== undefined && maxPages > 1;
      return narrow;
    },
  });
  if (narrow && spotSeen !== undefined) {
    await readPages(fetchPage, around(spotSeen), { maxPages: maxPages - 1, onPage: (body) => void store(body) });
  }
  return loaded.size;
}

/** Strikes within `band` of `spot`, rounded outward to the cent (float noise first rounded away). */
function strikeBand(spot: number, band: number): Pick<OptionChainFilters, 'strikePriceGte' | 'strikePriceLte'> {
  const cents = (x: number): number => Number((x * 100).toFixed(6));
  return {
    strikePriceGte: Math.floor(cents(spot * (1 - band))) / 100,
    strikePriceLte: Math.ceil(cents(spot * (1 + band))) / 100,
  };
}
