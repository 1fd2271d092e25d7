/**
 * Aggregates (`/v2/aggs/ticker/{T}/range/...`, `/prev`) and technical indicators
 * (`/v1/indicators/{sma|ema|rsi|macd}/{T}`), computed over the synthetic history of
 * rest-history.ts. Index bars carry only o/h/l/c/t. Per the plan on the ticker's asset class:
 * delayed plans get the market 15 minutes ago and `status: "DELAYED"`; Basic gets finished days
 * only (today's intraday bars are a 403, today's daily bar is left out).
 */
import type { InstrumentState } from './market/state.js';
import { round4 } from './market/state.js';
import { dayBars, minuteBars, nyMidnight, prevDayBar, type HistBar } from './rest-history.js';
import { assetOfTicker, entitle, isReply, todayRefused, type AssetView, type RouteContext } from './rest-plan.js';
import { errorReply, limitParam, notFound, ok, TEXTS, type RestReply, type RestRequest } from './rest-util.js';

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

/** Timespans built from intraday bars: what Basic may not have for today. */
const INTRADAY = new Set(['second', 'minute', 'hour']);

function resolve(ctx: RouteContext, view: AssetView, ticker: string): InstrumentState | undefined {
  if (ticker.startsWith('O:')) {
    const spec = ctx.market.contract(ticker);
    return spec ? ctx.market.contractView(spec, view.feed).state : undefined;
  }
  return ctx.market.state(ticker, view.feed);
}

/**
 * For Basic: the 403 when the range reaches into today's intraday bars, else the last instant it
 * may see (end of yesterday). Whether Massive serves today to Basic once the day is over is
 * UNCONFIRMED; the simulator refuses until New York midnight.
 */
function endOfDayLimit(req: RestRequest, view: AssetView, timespan: string, to: number): RestReply | number {
  if (!view.endOfDay) return to;
  const today = nyMidnight(view.now);
  if (INTRADAY.has(timespan) && to >= today) return todayRefused(req);
  return Math.min(to, today - 1);
}

/** `YYYY-MM-DD` (start of that New York day, or its end for `to`) or epoch ms. */
function parseEdge(raw: string, end: boolean): number | undefined {
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || !Number.isFinite(Date.parse(raw))) return undefined;
  const start = nyMidnight(Date.parse(`${raw}T12:00:00Z`));
  return end ? nyMidnight(start + 36 * 3_600_000) - 1 : start;
}

function shape(s: InstrumentState, b: HistBar, withTicker: boolean): Record<string, unknown> {
  const base = withTicker ? { T: s.sym } : {};
  if (s.kind === 'index') return { ...base, o: b.o, h: b.h, l: b.l, c: b.c, t: b.t };
  return { ...base, v: b.v, vw: b.vw, o: b.o, c: b.c, h: b.h, l: b.l, t: b.t, n: b.n };
}

/** Bars of `multiplier × timespan` between two instants, folded from minute or day base bars. */
export function bars(
  ctx: RouteContext,
  view: AssetView,
  s: InstrumentState,
  multiplier: number,
  timespan: string,
  from: number,
  to: number,
  cap: number,
): HistBar[] | undefined {
  const unit = UNIT_MS[timespan];
  if (unit === undefined && timespan !== 'month') return undefined;
  const window = { from, to, cap, now: view.now };
  const base =
    timespan === 'minute' || timespan === 'hour' ? minuteBars(ctx.market, s, window) : dayBars(ctx.market, s, window);
  if (timespan === 'minute' && multiplier === 1) return base;
  if (timespan === 'day' && multiplier === 1) return base;
  const bucketOf = (t: number): number => {
    if (timespan === 'month') {
      const d = new Date(t + 12 * 3_600_000);
      return nyMidnight(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % multiplier), 1, 12));
    }
    if (timespan === 'day' || timespan === 'week') {
      const days = Math.round((nyMidnight(t) - nyMidnight(Date.UTC(1970, 0, 4, 12))) / 86_400_000);
      const span = timespan === 'week' ? 7 * multiplier : multiplier;
      return nyMidnight(t - (days % span) * 86_400_000 + 12 * 3_600_000);
    }
    return t - (t % (unit! * multiplier));
  };
  const out: HistBar[] = [];
  for (const b of base) {
    const k = bucketOf(b.t);
    const last = out[out.length - 1];
    if (last && last.t === k) {
      const v = last.v + b.v;
      out[out.length - 1] = {
        t: k,
        o: last.o,
        h: Math.max(last.h, b.h),
        l: Math.min(last.l, b.l),
        c: b.c,
        v,
        vw: round4((last.vw * last.v + b.vw * b.v) / Math.max(1, v)),
        n: last.n + b.n,
      };
    } else out.push({ ...b, t: k });
  }
  return out;
}

function statusOf(view: AssetView): string {
  return view.rights.rest.recency === 'delayed' ? 'DELAYED' : 'OK';
}

/** GET /v2/aggs/ticker/{T}/range/{multiplier}/{timespan}/{from}/{to} */
export function aggsRange(req: RestRequest, ctx: RouteContext, p: string[]): RestReply {
  const [ticker, mult, timespan, fromRaw, toRaw] = p as [string, string, string, string, string];
  const view = entitle(req, ctx, assetOfTicker(ticker), 'data');
  if (isReply(view)) return view;
  const multiplier = Number(mult);
  if (!Number.isInteger(multiplier) || multiplier < 1)
    return errorReply(req, 400, 'Could not parse the multiplier parameter.');
  const from = parseEdge(fromRaw, false);
  const asked = parseEdge(toRaw, true);
  if (from === undefined || asked === undefined)
    return errorReply(req, 400, 'Could not parse the from/to parameters; use YYYY-MM-DD or a millisecond timestamp.');
  const limit = limitParam(req, 5000, 50_000);
  if (typeof limit !== 'number') return limit;
  const to = endOfDayLimit(req, view, timespan, asked);
  if (typeof to !== 'number') return to;
  const s = resolve(ctx, view, ticker);
  if (!s) return notFound(req, TEXTS.tickerNotFound);
  const list = bars(ctx, view, s, multiplier, timespan, from, to, limit);
  if (!list) return errorReply(req, 400, `Unsupported timespan ${timespan}.`);
  if (req.query.get('sort') === 'desc') list.reverse();
  const results = list.map((b) => shape(s, b, false));
  return ok({
    ticker,
    queryCount: results.length,
    resultsCount: results.length,
    adjusted: req.query.get('adjusted') !== 'false',
    results,
    status: statusOf(view),
    request_id: req.requestId,
    count: results.length,
  });
}

/** GET /v2/aggs/ticker/{T}/prev (a finished day: Basic included). */
export function aggsPrev(req: RestRequest, ctx: RouteContext, ticker: string): RestReply {
  const view = entitle(req, ctx, assetOfTicker(ticker), 'data');
  if (isReply(view)) return view;
  const s = resolve(ctx, view, ticker);
  if (!s) return notFound(req, TEXTS.tickerNotFound);
  const results = [shape(s, prevDayBar(ctx.market, s, view.now), true)];
  return ok({
    ticker,
    queryCount: 1,
    resultsCount: 1,
    adjusted: true,
    results,
    status: statusOf(view),
    request_id: req.requestId,
    count: 1,
  });
}

function ema(values: number[], window: number): number[] {
  const k = 2 / (window + 1);
  const out: number[] = [];
  for (const [i, v] of values.entries()) out.push(i === 0 ? v : v * k + out[i - 1]! * (1 - k));
  return out;
}

function series(
  kind: string,
  closes: number[],
  q: URLSearchParams,
): { value: number; signal?: number; histogram?: number }[] | undefined {
  const num = (name: string, def: number) => (q.get(name) === null ? def : Number(q.get(name)));
  if (kind === 'macd') {
    const [sw, lw, sig] = [num('short_window', 12), num('long_window', 26), num('signal_window', 9)];
    if (![sw, lw, sig].every((n) => Number.isInteger(n) && n > 0)) return undefined;
    const long = ema(closes, lw);
    const macd = ema(closes, sw).map((v, i) => v - long[i]!);
    const signal = ema(macd, sig);
    return macd.map((v, i) => ({ value: round4(v), signal: round4(signal[i]!), histogram: round4(v - signal[i]!) }));
  }
  const window = num('window', kind === 'rsi' ? 14 : 50);
  if (!Number.isInteger(window) || window < 1) return undefined;
  if (kind === 'ema') return ema(closes, window).map((value) => ({ value: round4(value) }));
  if (kind === 'sma')
    return closes.map((_, i) => ({
      value: round4(
        closes.slice(Math.max(0, i - window + 1), i + 1).reduce((a, b) => a + b, 0) / Math.min(i + 1, window),
      ),
    }));
  // RSI with Wilder smoothing.
  let gain = 0;
  let loss = 0;
  return closes.map((c, i) => {
    const d = i === 0 ? 0 : c - closes[i - 1]!;
    gain = (gain * (window - 1) + Math.max(d, 0)) / window;
    loss = (loss * (window - 1) + Math.max(-d, 0)) / window;
    return { value: round4(loss === 0 ? 100 : 100 - 100 / (1 + gain / loss)) };
  });
}

/** GET /v1/indicators/{sma|ema|rsi|macd}/{T} */
export function indicator(req: RestRequest, ctx: RouteContext, kind: string, ticker: string): RestReply {
  const view = entitle(req, ctx, assetOfTicker(ticker), 'data');
  if (isReply(view)) return view;
  const q = req.query;
  const limit = limitParam(req, 10, 5000);
  if (typeof limit !== 'number') return limit;
  const timespan = q.get('timespan') ?? 'day';
  // Indicators always run up to now, so on intraday bars they are today's data.
  const to = endOfDayLimit(req, view, timespan, view.now);
  if (typeof to !== 'number') return to;
  const s = resolve(ctx, view, ticker);
  if (!s) return notFound(req, TEXTS.tickerNotFound);
  const span = UNIT_MS[timespan] ?? 86_400_000;
  // Enough history for the requested values plus a generous warm-up for the averages.
  const need = limit + 3 * Math.max(Number(q.get('window') ?? 50) || 50, Number(q.get('long_window') ?? 26) || 26, 26);
  const from = to - need * span * (timespan === 'day' || timespan === 'week' ? 1.6 : 4);
  const list = bars(ctx, view, s, 1, timespan, from, to, 50_000);
  if (!list) return errorReply(req, 400, `Unsupported timespan ${timespan}.`);
  const field = (q.get('series_type') ?? 'close') as 'open' | 'high' | 'low' | 'close';
  const pick = { open: 'o', high: 'h', low: 'l', close: 'c' }[field] as 'o' | 'h' | 'l' | 'c' | undefined;
  if (!pick) return errorReply(req, 400, 'series_type must be open, high, low or close.');
  const values = series(
    kind,
    list.map((b) => b[pick]),
    q,
  );
  if (!values) return errorReply(req, 400, 'Could not parse the window parameters.');
  let rows = values.map((v, i) => ({ timestamp: list[i]!.t, ...v }));
  if (q.get('order') !== 'asc') rows.reverse();
  rows = rows.slice(0, limit);
  const fromDay = new Date(list[0]?.t ?? from).toISOString().slice(0, 10);
  const underlying: Record<string, unknown> = {
    url: `${req.base}/v2/aggs/ticker/${encodeURIComponent(ticker)}/range/1/${timespan}/${fromDay}/${new Date(to).toISOString().slice(0, 10)}`,
  };
  if (q.get('expand_underlying') === 'true') underlying.aggregates = list.map((b) => shape(s, b, false));
  return ok({ results: { underlying, values: rows }, status: 'OK', request_id: req.requestId });
}
