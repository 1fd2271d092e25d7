/**
 * Option chain and contract snapshots (Massive docs,
 * https://massive.com/docs/rest/options/snapshots/option-chain-snapshot.md) with the chain filters,
 * sorting and pagination: `next_url` is absolute, carries only an opaque base64url `cursor`
 * encoding the filters plus the last row's ticker, and never the API key. A cursor whose row
 * vanished (the chain was rebuilt for a new day) is stale and answered with 400. What a row shows
 * follows the key's options plan (trades, quotes, delay) and, for the underlying's price, its
 * stocks or indices plan.
 */
import type { ContractSpec } from './market/options.js';
import { round2, round4, vwap } from './market/state.js';
import { unitFromName } from './market/prng.js';
import { entitle, isReply, viewOf, type AssetView, type RouteContext } from './rest-plan.js';
import {
  encodeCursor,
  errorReply,
  isPageParams,
  notFound,
  ns,
  ok,
  pageParams,
  TEXTS,
  type RestReply,
  type RestRequest,
} from './rest-util.js';

const RANGE_OPS = ['', '.gt', '.gte', '.lt', '.lte'] as const;
const SORTS = ['ticker', 'expiration_date', 'strike_price'] as const;
const FILTER_KEYS = [
  ...RANGE_OPS.map((op) => `strike_price${op}`),
  ...RANGE_OPS.map((op) => `expiration_date${op}`),
  'contract_type',
  'order',
  'limit',
  'sort',
];

function compare<T extends number | string>(value: T, op: string, bound: T): boolean {
  switch (op) {
    case '':
      return value === bound;
    case '.gt':
      return value > bound;
    case '.gte':
      return value >= bound;
    case '.lt':
      return value < bound;
    default:
      return value <= bound;
  }
}

/** Builds the row predicate from the query, or an error text for a malformed filter. */
function chainFilter(q: URLSearchParams): ((c: ContractSpec) => boolean) | string {
  const tests: ((c: ContractSpec) => boolean)[] = [];
  for (const op of RANGE_OPS) {
    const strike = q.get(`strike_price${op}`);
    if (strike !== null) {
      const n = Number(strike);
      if (strike === '' || !Number.isFinite(n)) return `Could not parse the strike_price${op} parameter.`;
      tests.push((c) => compare(c.strike, op, n));
    }
    const expiry = q.get(`expiration_date${op}`);
    if (expiry !== null) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(expiry)) return `Could not parse the expiration_date${op} parameter.`;
      tests.push((c) => compare(c.expiry, op, expiry));
    }
  }
  const type = q.get('contract_type');
  if (type !== null) {
    if (type !== 'call' && type !== 'put') return 'contract_type must be call or put.';
    tests.push((c) => c.right === type);
  }
  return (c) => tests.every((t) => t(c));
}

/** GET /v3/snapshot/options/{underlying} */
export function optionChain(req: RestRequest, ctx: RouteContext, underlying: string): RestReply {
  const view = entitle(req, ctx, 'options', 'snapshots');
  if (isReply(view)) return view;
  const params = pageParams(req, { sorts: SORTS, defaultSort: 'ticker', defaultLimit: 10, maxLimit: 250 });
  if (!isPageParams(params)) return params;
  const { q, limit, sort, dir } = params;
  const filter = chainFilter(q);
  if (typeof filter === 'string') return errorReply(req, 400, filter);
  const key = (c: ContractSpec): string | number =>
    sort === 'ticker' ? c.ticker : sort === 'expiration_date' ? c.expiry : c.strike;
  const rows = ctx.market
    .chain(underlying)
    .filter(filter)
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const primary = ka < kb ? -1 : ka > kb ? 1 : 0;
      return dir * (primary !== 0 ? primary : a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0);
    });
  let start = 0;
  const after = q.get('ap');
  if (after !== null) {
    const at = rows.findIndex((c) => c.ticker === after);
    if (at < 0) return errorReply(req, 400, 'The cursor is stale or invalid; repeat the request without it.');
    start = at + 1;
  }
  const page = rows.slice(start, start + limit);
  const body: Record<string, unknown> = {
    status: 'OK',
    request_id: req.requestId,
    results: page.map((c) => contractObject(ctx, view, c)),
  };
  if (start + limit < rows.length) {
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = q.get(k);
      if (v !== null) next.set(k, v);
    }
    next.set('ap', page[page.length - 1]!.ticker);
    body.next_url = `${req.base}/v3/snapshot/options/${encodeURIComponent(underlying)}?cursor=${encodeCursor(next)}`;
  }
  return ok(body);
}

/** GET /v3/snapshot/options/{underlying}/{contract} */
export function optionContract(req: RestRequest, ctx: RouteContext, underlying: string, ticker: string): RestReply {
  const view = entitle(req, ctx, 'options', 'snapshots');
  if (isReply(view)) return view;
  const spec = ctx.market.contract(ticker);
  if (!spec || spec.underlying !== underlying) return notFound(req, TEXTS.optionNotFound);
  return ok({ status: 'OK', request_id: req.requestId, results: contractObject(ctx, view, spec) });
}

/**
 * `underlying_asset`: its `price` (`value` for an index) "depends on your current stocks plan"
 * (Massive's OpenAPI description of the chain snapshot), so it is there only when the key has a
 * plan on the underlying's class, from that plan's feed (Basic: the previous close); the rest is
 * always there.
 */
function underlyingAsset(
  ctx: RouteContext,
  view: AssetView,
  spec: ContractSpec,
  breakEven: number,
): Record<string, unknown> {
  const isIndex = spec.underlying.startsWith('I:');
  const uview = viewOf(ctx, isIndex ? 'indices' : 'stocks');
  const u = ctx.market.state(spec.underlying, uview?.feed ?? view.feed);
  const spot = u ? (uview?.endOfDay ? u.day.prevClose : u.price) : 0;
  const out: Record<string, unknown> = {
    change_to_break_even: round4(breakEven - spot),
    last_updated: ns(u?.updated ?? view.now),
  };
  if (uview) out[isIndex ? 'value' : 'price'] = spot;
  return { ...out, ticker: spec.underlying, timeframe: uview?.timeframe ?? view.timeframe };
}

type ContractState = ReturnType<RouteContext['market']['contractView']>['state'];

/**
 * The quote and trade a contract shows before it has any of its own: a spread around the model
 * price and an older trade, both seeded by the ticker so every read agrees.
 */
function quietQuoteAndTrade(ctx: RouteContext, spec: ContractSpec, state: ContractState, mid: number, now: number) {
  const unit = (salt: number) => unitFromName(ctx.market.seed, spec.ticker, salt);
  const half = Math.max(0.01, round2(mid * 0.015));
  const quote = state.lastQuote ?? {
    bp: Math.max(0, round2(mid - half)),
    ap: round2(mid + half),
    bs: 10 + Math.floor(unit(50) * 200),
    as: 10 + Math.floor(unit(51) * 200),
    bx: 302,
    ax: 302,
    t: now - 1000,
  };
  const trade = state.lastTrade ?? {
    p: state.day.volume > 0 ? mid : state.day.prevClose,
    s: 1 + Math.floor(unit(52) * 20),
    x: 316,
    t: now - Math.floor(unit(53) * 600_000),
    c: [209],
  };
  return { quote, trade };
}

/** The row's `day` bar: today's session so far, closing at the last trade (or the model price). */
function dayObject(state: ContractState, now: number): Record<string, unknown> {
  const close = state.lastTrade?.p ?? state.price;
  const pc = state.day.prevClose;
  return {
    change: round2(close - pc),
    change_percent: round2(((close - pc) / pc) * 100),
    close: round2(close),
    high: round2(Math.max(state.day.high, close)),
    low: round2(Math.min(state.day.low, close)),
    open: state.day.open,
    previous_close: pc,
    volume: state.day.volume,
    vwap: vwap(state.day),
    last_updated: ns(now),
  };
}

/**
 * One chain row as `view` (the key's options plan) sees it: last trade and last quote only when
 * the level has them, greeks absent where the model says they are meaningless.
 */
export function contractObject(ctx: RouteContext, view: AssetView, spec: ContractSpec): Record<string, unknown> {
  const { state, theo } = ctx.market.contractView(spec, view.feed);
  const timeframe = view.timeframe;
  const mid = Math.max(0.01, round2(theo.price));
  const { quote, trade } = quietQuoteAndTrade(ctx, spec, state, mid, view.now);
  const breakEven = round4(
    spec.right === 'call' ? spec.strike + (quote.bp + quote.ap) / 2 : spec.strike - (quote.bp + quote.ap) / 2,
  );
  const out: Record<string, unknown> = {
    break_even_price: breakEven,
    day: dayObject(state, view.now),
    details: {
      contract_type: spec.right,
      exercise_style: spec.style,
      expiration_date: spec.expiry,
      shares_per_contract: 100,
      strike_price: spec.strike,
      ticker: spec.ticker,
    },
    open_interest: state.openInterest,
    underlying_asset: underlyingAsset(ctx, view, spec, breakEven),
  };
  if (view.rights.rest.trades) {
    out.last_trade = {
      conditions: trade.c ?? [209],
      exchange: trade.x,
      price: trade.p,
      size: trade.s,
      sip_timestamp: ns(trade.t),
      timeframe,
    };
  }
  // Deep in-the-money contracts often come without greeks/IV on the live service.
  if (Math.abs(theo.delta) < 0.995) {
    out.greeks = {
      delta: round4(theo.delta),
      gamma: round4(theo.gamma * 1e3) / 1e3,
      theta: round4(theo.theta),
      vega: round4(theo.vega),
    };
    out.implied_volatility = round4(theo.iv);
  }
  if (view.rights.rest.quotes) {
    // No bid (far out of the money): bid and its size are left off, as Massive omits zero fields.
    const bid = quote.bp > 0 ? { bid: quote.bp, bid_exchange: quote.bx, bid_size: quote.bs } : {};
    out.last_quote = {
      ask: quote.ap,
      ask_exchange: quote.ax,
      ask_size: quote.as,
      ...bid,
      midpoint: round4((quote.ap + quote.bp) / 2),
      last_updated: ns(quote.t),
      timeframe,
    };
  }
  return out;
}
