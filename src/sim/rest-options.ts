/**
 * Option chain and contract snapshots (massive-api.md §3.5) with the chain filters, sorting and
 * pagination of §3.2: `next_url` is absolute, carries only an opaque base64url `cursor` encoding
 * the filters plus the last row's ticker, and never the API key. A cursor whose row vanished
 * (the chain was rebuilt for a new day) is stale and answered with 400.
 */
import type { ContractSpec } from './market/options.js';
import { round2, round4, vwap } from './market/state.js';
import { unitFromName } from './market/prng.js';
import { PLANS } from './plans.js';
import type { RouteContext } from './rest-snapshots.js';
import { errorReply, notFound, ns, ok, parseLimit, TEXTS, type RestReply, type RestRequest } from './rest-util.js';

const RANGE_OPS = ['', '.gt', '.gte', '.lt', '.lte'] as const;
const SORTS = ['ticker', 'expiration_date', 'strike_price'] as const;
const FILTER_KEYS = [...RANGE_OPS.map((op) => `strike_price${op}`), ...RANGE_OPS.map((op) => `expiration_date${op}`), 'contract_type', 'order', 'limit', 'sort'];

function compare<T extends number | string>(value: T, op: string, bound: T): boolean {
  switch (op) {
    case '': return value === bound;
    case '.gt': return value > bound;
    case '.gte': return value >= bound;
    case '.lt': return value < bound;
    default: return value <= bound;
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

function encodeCursor(params: URLSearchParams): string {
  return Buffer.from(params.toString(), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): URLSearchParams | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const params = new URLSearchParams(Buffer.from(cursor, 'base64url').toString('utf8'));
  return params.has('ap') ? params : undefined;
}

/** GET /v3/snapshot/options/{underlying} */
export function optionChain(req: RestRequest, ctx: RouteContext, underlying: string): RestReply {
  if (!PLANS[ctx.plan].snapshots) return { status: 403, body: { status: 'NOT_AUTHORIZED', request_id: req.requestId, message: TEXTS.notEntitled } };
  let q = req.query;
  const cursor = q.get('cursor');
  if (cursor !== null) {
    const decoded = decodeCursor(cursor);
    if (!decoded) return errorReply(req, 400, 'Invalid cursor.');
    q = decoded;
  }
  const filter = chainFilter(q);
  if (typeof filter === 'string') return errorReply(req, 400, filter);
  const limit = parseLimit(q.get('limit'), 10, 250);
  if (limit === undefined) return errorReply(req, 400, 'Could not parse the limit parameter.');
  const sort = (q.get('sort') ?? 'ticker') as (typeof SORTS)[number];
  if (!SORTS.includes(sort)) return errorReply(req, 400, 'sort must be one of ticker, expiration_date, strike_price.');
  const order = q.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') return errorReply(req, 400, 'order must be asc or desc.');
  const key = (c: ContractSpec): string | number => (sort === 'ticker' ? c.ticker : sort === 'expiration_date' ? c.expiry : c.strike);
  const dir = order === 'asc' ? 1 : -1;
  const rows = ctx.market.chain(underlying).filter(filter).sort((a, b) => {
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
  const body: Record<string, unknown> = { status: 'OK', request_id: req.requestId, results: page.map((c) => contractObject(ctx, c)) };
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
  if (!PLANS[ctx.plan].snapshots) return { status: 403, body: { status: 'NOT_AUTHORIZED', request_id: req.requestId, message: TEXTS.notEntitled } };
  const spec = ctx.market.contract(ticker);
  if (!spec || spec.underlying !== underlying) return notFound(req, TEXTS.optionNotFound);
  return ok({ status: 'OK', request_id: req.requestId, results: contractObject(ctx, spec) });
}

/** One chain row; quote only with a quotes plan, greeks absent where the model says they are meaningless. */
export function contractObject(ctx: RouteContext, spec: ContractSpec): Record<string, unknown> {
  const { state, theo } = ctx.market.contractView(spec);
  const u = ctx.market.state(spec.underlying);
  const spot = u?.price ?? 0;
  const timeframe = PLANS[ctx.plan].realtime ? 'REAL-TIME' : 'DELAYED';
  const mid = Math.max(0.01, round2(theo.price));
  const half = Math.max(0.01, round2(mid * 0.015));
  const quote = state.lastQuote ?? { bp: Math.max(0, round2(mid - half)), ap: round2(mid + half), bs: 10 + Math.floor(unitFromName(ctx.market.seed, spec.ticker, 50) * 200), as: 10 + Math.floor(unitFromName(ctx.market.seed, spec.ticker, 51) * 200), bx: 302, ax: 302, t: ctx.now - 1000 };
  const trade = state.lastTrade ?? { p: state.day.volume > 0 ? mid : state.day.prevClose, s: 1 + Math.floor(unitFromName(ctx.market.seed, spec.ticker, 52) * 20), x: 316, t: ctx.now - Math.floor(unitFromName(ctx.market.seed, spec.ticker, 53) * 600_000), c: [209] };
  const close = state.lastTrade?.p ?? state.price;
  const pc = state.day.prevClose;
  const breakEven = round4(spec.right === 'call' ? spec.strike + (quote.bp + quote.ap) / 2 : spec.strike - (quote.bp + quote.ap) / 2);
  const out: Record<string, unknown> = {
    break_even_price: breakEven,
    day: {
      change: round2(close - pc), change_percent: round2(((close - pc) / pc) * 100), close: round2(close), high: round2(Math.max(state.day.high, close)),
      low: round2(Math.min(state.day.low, close)), open: state.day.open, previous_close: pc, volume: state.day.volume, vwap: vwap(state.day), last_updated: ns(ctx.now),
    },
    details: { contract_type: spec.right, exercise_style: spec.style, expiration_date: spec.expiry, shares_per_contract: 100, strike_price: spec.strike, ticker: spec.ticker },
    last_trade: { conditions: trade.c ?? [209], exchange: trade.x, price: trade.p, size: trade.s, sip_timestamp: ns(trade.t), timeframe },
    open_interest: state.openInterest,
    underlying_asset: {
      change_to_break_even: round4(breakEven - spot), last_updated: ns(u?.updated ?? ctx.now),
      ...(spec.underlying.startsWith('I:') ? { value: spot } : { price: spot }), ticker: spec.underlying, timeframe,
    },
  };
  // Deep in-the-money contracts often come without greeks/IV on the live service.
  if (Math.abs(theo.delta) < 0.995) {
    out.greeks = { delta: round4(theo.delta), gamma: round4(theo.gamma * 1e3) / 1e3, theta: round4(theo.theta), vega: round4(theo.vega) };
    out.implied_volatility = round4(theo.iv);
  }
  if (PLANS[ctx.plan].quotes) {
    out.last_quote = { ask: quote.ap, ask_exchange: quote.ax, ask_size: quote.as, bid: quote.bp, bid_exchange: quote.bx, bid_size: quote.bs, midpoint: round4((quote.ap + quote.bp) / 2), last_updated: ns(quote.t), timeframe };
  }
  return out;
}
