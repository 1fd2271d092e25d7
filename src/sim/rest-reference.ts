/**
 * The remaining REST endpoints clients touch: the unified `/v3/snapshot` (inline NOT_FOUND and
 * NOT_ENTITLED items), last trade / last NBBO (ns timestamps), and the options contracts
 * reference list. Each answers from the key's plan on the ticker's asset class.
 */
import { ASSET_CLASSES } from '../massive/entitlements.js';
import { parseOptionTicker } from '../massive/symbology.js';
import { round2, round4, type UnderlyingState } from './market/state.js';
import { contractObject } from './rest-options.js';
import {
  assetOfTicker,
  entitle,
  isReply,
  notEntitled,
  viewOf,
  type AssetView,
  type RouteContext,
} from './rest-plan.js';
import { decimal, marketStatus, sessionBlock } from './rest-snapshots.js';
import {
  errorReply,
  limitParam,
  notFound,
  ns,
  ok,
  TEXTS,
  tickerList,
  type RestReply,
  type RestRequest,
} from './rest-util.js';

/**
 * One `/v3/snapshot` item. A ticker of a class the key has no snapshots for comes back inline as
 * `NOT_ENTITLED` (the error name is Massive's; its message here is the 403 text, UNCONFIRMED).
 */
function unifiedItem(ctx: RouteContext, ticker: string): Record<string, unknown> {
  const view = viewOf(ctx, assetOfTicker(ticker));
  if (!view?.rights.rest.snapshots) return { ticker, error: 'NOT_ENTITLED', message: TEXTS.notEntitled };
  const { timeframe } = view;
  const missing = { ticker, error: 'NOT_FOUND', message: TEXTS.tickerNotFound };
  if (ticker.startsWith('O:')) {
    const spec = ctx.market.contract(ticker);
    if (!spec) return missing;
    return {
      ticker,
      type: 'options',
      market_status: marketStatus(ctx.now),
      timeframe,
      name: ticker,
      ...contractObject(ctx, view, spec),
    };
  }
  const found = ctx.market.state(ticker, view.feed);
  if (!found || found.kind === 'option') return missing;
  const s: UnderlyingState = found;
  const session = sessionBlock(s, round4);
  const base = { ticker, name: ticker, market_status: marketStatus(ctx.now), timeframe, last_updated: ns(s.updated) };
  if (s.kind === 'index') return { ...base, type: 'indices', value: s.price, session };
  return { ...base, type: 'stocks', session: { price: s.price, ...session, volume: s.day.volume }, ...latest(view, s) };
}

/** A stock's `last_trade`, `last_quote` (each only where the plan has them) and `last_minute`. */
function latest(view: AssetView, s: UnderlyingState): Record<string, unknown> {
  const { timeframe } = view;
  const out: Record<string, unknown> = {};
  const t = s.lastTrade;
  if (t && view.rights.rest.trades)
    out.last_trade = {
      price: t.p,
      size: t.s,
      exchange: t.x,
      ...(t.c ? { conditions: t.c } : {}),
      id: t.i,
      sip_timestamp: ns(t.t),
      participant_timestamp: ns(t.t) - 1000,
      last_updated: ns(t.t),
      timeframe,
    };
  const q = s.lastQuote;
  if (q && view.rights.rest.quotes)
    out.last_quote = {
      bid: q.bp,
      ask: q.ap,
      bid_size: q.bs,
      ask_size: q.as,
      bid_exchange: q.bx,
      ask_exchange: q.ax,
      midpoint: round4((q.bp + q.ap) / 2),
      last_updated: ns(q.t),
      timeframe,
    };
  const m = s.lastMinute;
  if (m)
    out.last_minute = {
      open: m.o,
      high: m.h,
      low: m.l,
      close: m.c,
      volume: m.v,
      vwap: round4(m.pv / Math.max(1, m.v)),
      transactions: m.n,
    };
  return out;
}

/** GET /v3/snapshot?ticker.any_of=… */
export function unifiedSnapshot(req: RestRequest, ctx: RouteContext): RestReply {
  // A key with no snapshots anywhere is refused outright; otherwise per item.
  if (!ASSET_CLASSES.some((a) => viewOf(ctx, a)?.rights.rest.snapshots)) return notEntitled(req);
  const limit = limitParam(req, 10, 250);
  if (typeof limit !== 'number') return limit;
  const anyOf = req.query.get('ticker.any_of') ?? req.query.get('ticker');
  const wanted = anyOf ? tickerList(anyOf) : [...ctx.market.live.underlyings.keys()].sort();
  if (wanted.length > 250) return errorReply(req, 400, 'ticker.any_of accepts at most 250 tickers.');
  const type = req.query.get('type');
  let results = wanted.map((t) => unifiedItem(ctx, t));
  if (type) results = results.filter((r) => r.type === type || r.error !== undefined);
  if (!anyOf) results = results.slice(0, limit);
  return ok({ status: 'OK', request_id: req.requestId, results });
}

/** GET /v2/last/trade/{T} (stocks and options). */
export function lastTrade(req: RestRequest, ctx: RouteContext, ticker: string): RestReply {
  // Indices have no trades: not found, whatever the plan.
  if (ticker.startsWith('I:')) return notFound(req);
  const view = entitle(req, ctx, assetOfTicker(ticker), 'trades');
  if (isReply(view)) return view;
  if (ticker.startsWith('O:') && !ctx.market.contract(ticker)) return notFound(req, TEXTS.optionNotFound);
  const s = ctx.market.state(ticker, view.feed);
  if (!s || s.kind === 'index') return notFound(req);
  const t = s.lastTrade ?? {
    p: Math.max(0.01, round2(s.price)),
    s: 1,
    x: s.kind === 'option' ? 316 : 11,
    t: view.now - 1000,
    i: '1',
  };
  const results = {
    T: ticker,
    c: t.c ?? [],
    i: s.kind === 'option' ? '' : t.i,
    p: t.p,
    q: s.seq,
    s: t.s,
    ds: decimal(t.s),
    t: ns(t.t),
    x: t.x,
    y: ns(t.t) - 1000,
    ...(s.kind === 'stock' ? { z: s.spec.tape } : {}),
  };
  return ok({ status: 'OK', request_id: req.requestId, results });
}

/** GET /v2/last/nbbo/{T} (stocks only; there is no options equivalent). */
export function lastNbbo(req: RestRequest, ctx: RouteContext, ticker: string): RestReply {
  // A stocks endpoint, whatever the ticker: other tickers are simply not found in it.
  const view = entitle(req, ctx, 'stocks', 'quotes');
  if (isReply(view)) return view;
  const s = ctx.market.state(ticker, view.feed);
  if (s?.kind !== 'stock' || !s.lastQuote) return notFound(req);
  const q = s.lastQuote;
  return ok({
    status: 'OK',
    request_id: req.requestId,
    results: {
      T: ticker,
      P: q.ap,
      S: q.as,
      X: q.ax,
      p: q.bp,
      s: q.bs,
      x: q.bx,
      c: [1],
      i: [],
      q: s.seq,
      t: ns(q.t),
      y: ns(q.t) - 1000,
      z: s.spec.tape,
    },
  });
}

/** GET /v3/reference/options/contracts?underlying_ticker=SPY&… (limit ≤ 1000, no pagination past the first page). */
export function optionContracts(req: RestRequest, ctx: RouteContext): RestReply {
  const view = entitle(req, ctx, 'options', 'data');
  if (isReply(view)) return view;
  const q = req.query;
  const limit = limitParam(req, 10, 1000);
  if (typeof limit !== 'number') return limit;
  const underlying = q.get('underlying_ticker');
  if (!underlying) return errorReply(req, 400, 'underlying_ticker is required by the simulator.');
  const type = q.get('contract_type');
  const rows = ctx.market
    .chain(underlying)
    .filter(
      (c) =>
        (type === null || c.right === type) &&
        (q.get('expiration_date') === null || c.expiry === q.get('expiration_date')) &&
        (q.get('strike_price') === null || c.strike === Number(q.get('strike_price'))),
    );
  const results = rows.slice(0, limit).map((c) => ({
    cfi: c.right === 'call' ? 'OCASPS' : 'OPASPS',
    contract_type: c.right,
    exercise_style: c.style,
    expiration_date: c.expiry,
    primary_exchange: 'BATO',
    shares_per_contract: 100,
    strike_price: c.strike,
    ticker: c.ticker,
    underlying_ticker: c.underlying,
  }));
  return ok({ status: 'OK', request_id: req.requestId, results });
}

/** GET /v3/reference/options/contracts/{ticker} */
export function optionContractRef(req: RestRequest, ctx: RouteContext, ticker: string): RestReply {
  const view = entitle(req, ctx, 'options', 'data');
  if (isReply(view)) return view;
  const spec = parseOptionTicker(ticker) ? ctx.market.contract(ticker) : undefined;
  if (!spec) return notFound(req, TEXTS.optionNotFound);
  return ok({
    status: 'OK',
    request_id: req.requestId,
    results: {
      contract_type: spec.right,
      exercise_style: spec.style,
      expiration_date: spec.expiry,
      primary_exchange: 'BATO',
      shares_per_contract: 100,
      strike_price: spec.strike,
      ticker: spec.ticker,
      underlying_ticker: spec.underlying,
    },
  });
}
