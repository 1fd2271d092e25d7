/**
 * REST endpoint builders: path + query only, never host or key, so the rest client, the proxy
 * and the simulator agree on one spelling (docs/massive-api.md §3). Parameters that are undefined or
 * not finite are left out rather than sent as "undefined"/"NaN".
 */

export type SortOrder = 'asc' | 'desc';
export type Timespan = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

type QueryValue = string | number | boolean | undefined;

/** Encodes a path segment; `:` stays literal as in `I:SPX` and `O:SPY…`. */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%3A/gi, ':');
}

/** Encodes a query value; `:` and `,` stay literal so `ticker.any_of=I:SPX,I:VIX` reads as documented. */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

function withQuery(path: string, params: ReadonlyArray<readonly [string, QueryValue]>): string {
  const parts: string[] = [];
  for (const [key, value] of params) {
    if (value === undefined) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    parts.push(`${key}=${encodeQueryValue(String(value))}`);
  }
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`;
}

function list(values: readonly string[] | undefined): string | undefined {
  return values === undefined || values.length === 0 ? undefined : values.join(',');
}

export interface RangeFilter<T extends string | number> {
  readonly eq?: T;
  readonly gt?: T;
  readonly gte?: T;
  readonly lt?: T;
  readonly lte?: T;
}

function range<T extends string | number>(
  name: string,
  filter: RangeFilter<T> | undefined,
): Array<[string, QueryValue]> {
  if (filter === undefined) return [];
  return [
    [name, filter.eq],
    [`${name}.gt`, filter.gt],
    [`${name}.gte`, filter.gte],
    [`${name}.lt`, filter.lt],
    [`${name}.lte`, filter.lte],
  ];
}

const STOCK_SNAPSHOT = '/v2/snapshot/locale/us/markets/stocks/tickers';

/** `/v2/snapshot/locale/us/markets/stocks/tickers?tickers=A,B` (no tickers = whole market). */
export function stockSnapshotsPath(
  tickers: readonly string[],
  options: { readonly includeOtc?: boolean } = {},
): string {
  return withQuery(STOCK_SNAPSHOT, [
    ['tickers', list(tickers)],
    ['include_otc', options.includeOtc],
  ]);
}

export function stockSnapshotPath(ticker: string): string {
  return `${STOCK_SNAPSHOT}/${encodeSegment(ticker)}`;
}

export interface SnapshotListOptions {
  readonly order?: SortOrder;
  readonly limit?: number;
  readonly sort?: string;
}

/** `/v3/snapshot/indices?ticker.any_of=I:SPX,I:VIX`. */
export function indicesSnapshotPath(tickers: readonly string[], options: SnapshotListOptions = {}): string {
  return withQuery('/v3/snapshot/indices', [
    ['ticker.any_of', list(tickers)],
    ['order', options.order],
    ['limit', options.limit],
    ['sort', options.sort],
  ]);
}

export interface OptionChainFilters {
  readonly strikePrice?: number;
  readonly strikePriceGt?: number;
  readonly strikePriceGte?: number;
  readonly strikePriceLt?: number;
  readonly strikePriceLte?: number;
  /** YYYY-MM-DD. */
  readonly expirationDate?: string;
  readonly expirationDateGt?: string;
  readonly expirationDateGte?: string;
  readonly expirationDateLt?: string;
  readonly expirationDateLte?: string;
  readonly contractType?: 'call' | 'put';
  /** @default 'ticker' (server side) */
  readonly sort?: 'ticker' | 'expiration_date' | 'strike_price';
  readonly order?: SortOrder;
  /** Page size; server default 10, max 250. */
  readonly limit?: number;
}

/** `/v3/snapshot/options/{underlying}` with every documented filter (§3.5). */
export function optionChainPath(underlying: string, filters: OptionChainFilters = {}): string {
  return withQuery(`/v3/snapshot/options/${encodeSegment(underlying)}`, [
    ...range('strike_price', {
      eq: filters.strikePrice,
      gt: filters.strikePriceGt,
      gte: filters.strikePriceGte,
      lt: filters.strikePriceLt,
      lte: filters.strikePriceLte,
    }),
    ...range('expiration_date', {
      eq: filters.expirationDate,
      gt: filters.expirationDateGt,
      gte: filters.expirationDateGte,
      lt: filters.expirationDateLt,
      lte: filters.expirationDateLte,
    }),
    ['contract_type', filters.contractType],
    ['sort', filters.sort],
    ['order', filters.order],
    ['limit', filters.limit],
  ]);
}

export function optionContractSnapshotPath(underlying: string, contract: string): string {
  return `/v3/snapshot/options/${encodeSegment(underlying)}/${encodeSegment(contract)}`;
}

export interface AggsOptions {
  /** @default true (server side; ignored for indices) */
  readonly adjusted?: boolean;
  readonly sort?: SortOrder;
  /** Base aggregates scanned; server default 5000, max 50000. */
  readonly limit?: number;
}

/** `/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}`; from/to are YYYY-MM-DD or ms. */
export function aggsPath(
  ticker: string,
  multiplier: number,
  timespan: Timespan,
  from: string | number,
  to: string | number,
  options: AggsOptions = {},
): string {
  const segments = [ticker, 'range', String(multiplier), timespan, String(from), String(to)].map(encodeSegment);
  return withQuery(`/v2/aggs/ticker/${segments.join('/')}`, [
    ['adjusted', options.adjusted],
    ['sort', options.sort],
    ['limit', options.limit],
  ]);
}

export function prevClosePath(ticker: string, options: { readonly adjusted?: boolean } = {}): string {
  return withQuery(`/v2/aggs/ticker/${encodeSegment(ticker)}/prev`, [['adjusted', options.adjusted]]);
}

export interface ConditionsOptions {
  readonly assetClass?: 'stocks' | 'options' | 'crypto' | 'fx';
  readonly dataType?: 'trade' | 'bbo' | 'nbbo';
  readonly order?: SortOrder;
  /** Page size; server default 10, max 1000. */
  readonly limit?: number;
}

/** `/v3/reference/conditions?asset_class=…` (https://massive.com/docs/rest/stocks/market-operations/condition-codes). */
export function conditionsPath(options: ConditionsOptions = {}): string {
  return withQuery('/v3/reference/conditions', [
    ['asset_class', options.assetClass],
    ['data_type', options.dataType],
    ['order', options.order],
    ['limit', options.limit],
  ]);
}
