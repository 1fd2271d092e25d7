/**
 * A chain of option contracts served the way Massive serves `/v3/snapshot/options/{u}`
 * (https://massive.com/docs/rest/options/snapshots/option-chain-snapshot.md): filters as query
 * parameters, at most 250 rows a page, `next_url` absolute with only an opaque `cursor` that
 * carries the original query. For unit tests (a function of the path) and, wrapped in a bare
 * node:http server, for integration tests.
 */
import { formatOptionTicker } from '../../src/massive/symbology.js';

export interface FakeContract {
  readonly ticker: string;
  readonly expiry: string;
  readonly strike: number;
  readonly right: 'call' | 'put';
}

export interface ChainSpec {
  readonly root: string;
  readonly expiries: readonly string[];
  readonly strikes: readonly number[];
}

/** Every contract of `spec`, sorted by ticker (expiry, then call/put, then strike). */
export function contracts(spec: ChainSpec): FakeContract[] {
  const out: FakeContract[] = [];
  for (const expiry of spec.expiries) {
    for (const right of ['call', 'put'] as const) {
      for (const strike of spec.strikes)
        out.push({ ticker: formatOptionTicker({ root: spec.root, expiry, right, strike })!, expiry, strike, right });
    }
  }
  return out.sort((a, b) => (a.ticker < b.ticker ? -1 : 1));
}

/** $1 strikes from `lo` to `hi`. */
export function dollarStrikes(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

export interface RowOptions {
  /** The underlying's price: contracts are priced from it. */
  readonly spot?: number;
  /** Whether rows carry `underlying_asset.price` (only with a stocks plan). @default true */
  readonly showSpot?: boolean;
  /** Each contract is priced at its intrinsic value plus this much (so put-call parity holds exactly). @default 1 */
  readonly timeValue?: number;
  /** Whether rows carry a quote and a last trade. @default true */
  readonly priced?: boolean;
}

/** One chain row as Massive sends it. */
export function row(c: FakeContract, o: RowOptions = {}): Record<string, unknown> {
  const s = o.spot ?? 0;
  const intrinsic = o.spot === undefined ? 0 : Math.max(0, c.right === 'call' ? s - c.strike : c.strike - s);
  const mid = Math.round((intrinsic + (o.timeValue ?? 1)) * 100) / 100;
  const priced = o.priced ?? true;
  const showSpot = o.spot !== undefined && (o.showSpot ?? true);
  return {
    details: {
      ticker: c.ticker,
      contract_type: c.right,
      expiration_date: c.expiry,
      strike_price: c.strike,
      shares_per_contract: 100,
      exercise_style: 'american',
    },
    day: {
      volume: 10,
      last_updated: 1_767_625_200_000_000_000,
      ...(priced ? { close: mid, previous_close: mid } : {}),
    },
    ...(priced
      ? {
          last_quote: {
            bid: Math.round((mid - 0.05) * 100) / 100,
            ask: Math.round((mid + 0.05) * 100) / 100,
            last_updated: 1_767_625_200_000_000_000,
          },
          last_trade: { price: mid, size: 1, sip_timestamp: 1_767_625_200_000_000_000 },
        }
      : {}),
    open_interest: 1_000,
    implied_volatility: 0.2,
    underlying_asset: {
      ticker: c.ticker.slice(2, -15),
      last_updated: 1_767_625_200_000_000_000,
      ...(showSpot ? { price: o.spot } : {}),
    },
  };
}

const RANGE = ['', '.gt', '.gte', '.lt', '.lte'] as const;

function passes(c: FakeContract, q: URLSearchParams): boolean {
  for (const op of RANGE) {
    const k = q.get(`strike_price${op}`);
    const e = q.get(`expiration_date${op}`);
    if (k !== null && !compare(c.strike, op, Number(k))) return false;
    if (e !== null && !compare(c.expiry, op, e)) return false;
  }
  return true;
}

function compare<T extends number | string>(v: T, op: string, bound: T): boolean {
  return op === ''
    ? v === bound
    : op === '.gt'
      ? v > bound
      : op === '.gte'
        ? v >= bound
        : op === '.lt'
          ? v < bound
          : v <= bound;
}

/**
 * Answers one chain path (`/v3/snapshot/options/{u}?…` or a `next_url`) from `all`, paging at
 * `limit` (max 250) with an absolute `next_url` on `origin`.
 */
export function chainPage(
  all: readonly FakeContract[],
  pathOrUrl: string,
  origin: string,
  o: RowOptions = {},
): Record<string, unknown> {
  const url = new URL(pathOrUrl, origin);
  const cursor = url.searchParams.get('cursor');
  const q = cursor === null ? url.searchParams : new URLSearchParams(Buffer.from(cursor, 'base64url').toString('utf8'));
  const offset = Number(q.get('offset') ?? 0);
  const limit = Math.min(250, Number(q.get('limit') ?? 10));
  const sort = q.get('sort') ?? 'ticker';
  const rows = all
    .filter((c) => passes(c, q))
    .sort((a, b) => {
      const ka = sort === 'expiration_date' ? a.expiry : sort === 'strike_price' ? a.strike : a.ticker;
      const kb = sort === 'expiration_date' ? b.expiry : sort === 'strike_price' ? b.strike : b.ticker;
      return ka < kb ? -1 : ka > kb ? 1 : a.ticker < b.ticker ? -1 : 1;
    });
  const page = rows.slice(offset, offset + limit);
  const body: Record<string, unknown> = { status: 'OK', request_id: 'fake', results: page.map((c) => row(c, o)) };
  if (offset + limit < rows.length) {
    const next = new URLSearchParams(q);
    next.set('offset', String(offset + limit));
    body.next_url = `${origin}${url.pathname}?cursor=${Buffer.from(next.toString(), 'utf8').toString('base64url')}`;
  }
  return body;
}
