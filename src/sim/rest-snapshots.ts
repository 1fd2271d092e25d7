/**
 * Stock and index snapshot endpoints (Massive docs, https://massive.com/docs/rest/stocks/overview.md
 * and https://massive.com/docs/rest/indices/overview.md): the v2 terse shape with ns
 * timestamps and `P/S` vs `p/s` in lastQuote, and the v3 indices shape with inline NOT_FOUND items.
 * Delayed plans see the market 15 minutes ago; quotes and trades only where the level has them.
 */
import { sessionPhase } from './market/session.js';
import { round2, round4, vwap, type UnderlyingState } from './market/state.js';
import { prevDayBar } from './rest-history.js';
import { entitle, isReply, type AssetView, type RouteContext } from './rest-plan.js';
import { limitParam, notFound, ns, ok, TEXTS, tickerList, type RestReply, type RestRequest } from './rest-util.js';

export type { RouteContext } from './rest-plan.js';

/** Volumes as decimal strings, as the fractional-share fields carry them (`"236.0"`). */
export function decimal(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

function underlying(ctx: RouteContext, view: AssetView, sym: string): UnderlyingState | undefined {
  const s = ctx.market.state(sym, view.feed);
  return s && s.kind !== 'option' ? s : undefined;
}

/** The v2 ticker object; `lastTrade`/`lastQuote` only when the level includes trades/quotes. */
export function v2Ticker(ctx: RouteContext, view: AssetView, s: UnderlyingState): Record<string, unknown> {
  const pc = s.day.prevClose;
  const pd = prevDayBar(ctx.market, s, view.now);
  const prevDay = { o: pd.o, h: pd.h, l: pd.l, c: pd.c, v: pd.v, vw: pd.vw };
  const m = s.lastMinute;
  const out: Record<string, unknown> = {
    ticker: s.sym,
    todaysChange: round2(s.price - pc),
    todaysChangePerc: round4(((s.price - pc) / pc) * 100),
    updated: ns(s.updated),
    day: {
      o: s.day.open,
      h: s.day.high,
      l: s.day.low,
      c: s.price,
      v: s.day.volume,
      vw: vwap(s.day),
      dv: decimal(s.day.volume),
    },
    prevDay,
  };
  // No minute bar closed yet (just started): leave `min` out rather than send it half-filled.
  if (m)
    out.min = {
      av: s.day.volume,
      t: m.s,
      n: m.n,
      o: m.o,
      h: m.h,
      l: m.l,
      c: m.c,
      v: m.v,
      vw: round4(m.pv / Math.max(1, m.v)),
      dv: decimal(m.v),
      dav: decimal(s.day.volume),
    };
  const t = s.lastTrade;
  // The REST spec requires `c` and `ds` on lastTrade (unlike WS, where an empty `c` is omitted).
  if (t && view.rights.rest.trades)
    out.lastTrade = { c: t.c ?? [], i: t.i, p: t.p, s: t.s, ds: decimal(t.s), t: ns(t.t), x: t.x };
  const q = s.lastQuote;
  if (q && view.rights.rest.quotes) out.lastQuote = { P: q.ap, S: q.as, p: q.bp, s: q.bs, t: ns(q.t) };
  return out;
}

/** GET /v2/snapshot/locale/us/markets/stocks/tickers[?tickers=A,B] */
export function stockSnapshots(req: RestRequest, ctx: RouteContext): RestReply {
  const view = entitle(req, ctx, 'stocks', 'snapshots');
  if (isReply(view)) return view;
  const raw = req.query.get('tickers');
  const wanted = raw ? tickerList(raw) : [...ctx.market.live.underlyings.keys()].filter((k) => !k.startsWith('I:'));
  // Unknown tickers are simply absent from the list, as on the live service.
  const tickers = wanted
    .map((sym) => underlying(ctx, view, sym))
    .filter((s): s is UnderlyingState => s?.kind === 'stock')
    .map((s) => v2Ticker(ctx, view, s));
  return ok({ status: 'OK', request_id: req.requestId, count: tickers.length, tickers });
}

/** GET /v2/snapshot/locale/us/markets/stocks/tickers/{T} */
export function stockSnapshot(req: RestRequest, ctx: RouteContext, sym: string): RestReply {
  const view = entitle(req, ctx, 'stocks', 'snapshots');
  if (isReply(view)) return view;
  const s = underlying(ctx, view, sym);
  if (s?.kind !== 'stock') return notFound(req, TEXTS.tickerNotFound);
  return ok({ status: 'OK', request_id: req.requestId, ticker: v2Ticker(ctx, view, s) });
}

/** GET /v2/snapshot/locale/us/markets/stocks/{gainers|losers}: top 20 of the followed names. */
export function stockMovers(req: RestRequest, ctx: RouteContext, direction: string): RestReply {
  const view = entitle(req, ctx, 'stocks', 'snapshots');
  if (isReply(view)) return view;
  if (direction !== 'gainers' && direction !== 'losers') return notFound(req);
  const all = [...ctx.market.live.underlyings.values()]
    .filter((s) => s.kind === 'stock')
    .map((s) => v2Ticker(ctx, view, underlying(ctx, view, s.sym)!));
  const sign = direction === 'gainers' ? -1 : 1;
  all.sort((a, b) => sign * ((a.todaysChangePerc as number) - (b.todaysChangePerc as number)));
  const tickers = all.slice(0, 20);
  return ok({ status: 'OK', request_id: req.requestId, count: tickers.length, tickers });
}

const INDEX_NAMES: Record<string, string> = {
  'I:SPX': 'S&P 500',
  'I:VIX': 'Cboe Volatility Index',
  'I:NDX': 'Nasdaq-100',
  'I:DJI': 'Dow Jones Industrial Average',
  'I:RUT': 'Russell 2000',
  'I:COMP': 'NASDAQ Composite',
  'I:VIX9D': 'Cboe S&P 500 9-Day Volatility Index',
};

/** `open`, `closed` or `extended-hours`: the market status the v3 snapshots carry. */
export function marketStatus(now: number): string {
  const phase = sessionPhase(now);
  return phase === 'regular' ? 'open' : phase === 'closed' ? 'closed' : 'extended-hours';
}

/**
 * The v3 `session` block of a stock or an index. `roundPct`: the indices snapshot rounds the
 * change % to 2 places, the unified one to 4.
 */
export function sessionBlock(s: UnderlyingState, roundPct: (n: number) => number): Record<string, number> {
  const pc = s.day.prevClose;
  return {
    change: round2(s.price - pc),
    change_percent: roundPct(((s.price - pc) / pc) * 100),
    open: s.day.open,
    high: s.day.high,
    low: s.day.low,
    close: s.price,
    previous_close: pc,
  };
}

function indexItem(ctx: RouteContext, view: AssetView, sym: string): Record<string, unknown> {
  const s = underlying(ctx, view, sym);
  if (s?.kind !== 'index') return { ticker: sym, error: 'NOT_FOUND', message: TEXTS.tickerNotFound };
  return {
    ticker: sym,
    name: INDEX_NAMES[sym] ?? sym,
    type: 'indices',
    value: s.price,
    market_status: marketStatus(ctx.now),
    timeframe: view.timeframe,
    last_updated: ns(s.updated),
    session: sessionBlock(s, round2),
  };
}

/** GET /v3/snapshot/indices?ticker.any_of=I:SPX,I:VIX (unknown tickers come back inline). */
export function indexSnapshots(req: RestRequest, ctx: RouteContext): RestReply {
  const view = entitle(req, ctx, 'indices', 'snapshots');
  if (isReply(view)) return view;
  const limit = limitParam(req, 10, 250);
  if (typeof limit !== 'number') return limit;
  const anyOf = req.query.get('ticker.any_of') ?? req.query.get('ticker');
  const wanted = anyOf
    ? tickerList(anyOf)
    : [...ctx.market.live.underlyings.keys()].filter((k) => k.startsWith('I:')).sort();
  if (req.query.get('order') === 'desc' && !anyOf) wanted.reverse();
  const results = wanted.slice(0, anyOf ? 250 : limit).map((sym) => indexItem(ctx, view, sym));
  return ok({ status: 'OK', request_id: req.requestId, results });
}
