/**
 * What a REST request may see, per asset class of the data it asks for: every endpoint names its
 * class (stock snapshots → stocks, `O:` tickers → options, `I:` → indices) and is answered from
 * the key's plan on that class: 403 when the class is not in the plan or the level lacks the
 * endpoint, the 15-minute delayed market for delayed plans, and only finished days for Basic.
 * Texts: Massive docs, https://massive.com/docs/rest/quickstart.md (errors) and
 * https://massive.com/pricing (what each level includes).
 */
import type { AssetClass, KeyPlans, PlanRights } from '../massive/entitlements.js';
import type { SimMarket } from './market/model.js';
import { rightsOf } from './plans.js';
import { messageReply, TEXTS, type RestReply, type RestRequest } from './rest-util.js';

/** Everything a route handler needs besides the request. */
export interface RouteContext {
  readonly market: SimMarket;
  /** The key's plan level per asset class. */
  readonly plans: KeyPlans;
  /** Live market time (ms). */
  readonly now: number;
}

export type Timeframe = 'REAL-TIME' | 'DELAYED';

/** The market as one asset class of one key sees it. */
export interface AssetView {
  readonly asset: AssetClass;
  readonly rights: PlanRights;
  /** The cursor that answers: live, or the one 15 minutes behind (DELAY_MS). */
  readonly feed: 'live' | 'delayed';
  /** Market time of that feed (ms). */
  readonly now: number;
  /** Only finished days (Basic): today's bars are refused, today's daily bar left out. */
  readonly endOfDay: boolean;
  readonly timeframe: Timeframe;
}

/** What an endpoint needs from the level on top of the class being in the plan. */
export type Need = 'data' | 'snapshots' | 'trades' | 'quotes';

/** The asset class a ticker belongs to. */
export function assetOfTicker(ticker: string): AssetClass {
  return ticker.startsWith('O:') ? 'options' : ticker.startsWith('I:') ? 'indices' : 'stocks';
}

/** The view of one class for this key; undefined when the class is not in its plan. */
export function viewOf(ctx: RouteContext, asset: AssetClass): AssetView | undefined {
  const rights = rightsOf(ctx.plans, asset);
  if (!rights) return undefined;
  const delayed = rights.rest.recency === 'delayed';
  return {
    asset,
    rights,
    feed: delayed ? 'delayed' : 'live',
    now: ctx.market.timeOf(delayed ? 'delayed' : 'live'),
    endOfDay: rights.rest.recency === 'eod',
    timeframe: rights.rest.recency === 'realtime' ? 'REAL-TIME' : 'DELAYED',
  };
}

export function isReply(x: AssetView | RestReply): x is RestReply {
  return 'body' in x;
}

export function notEntitled(req: RestRequest): RestReply {
  return messageReply(req, 403, TEXTS.notEntitled);
}

/** Basic asking for today's intraday bars (the observed text still links polygon.io). */
export function todayRefused(req: RestRequest): RestReply {
  return messageReply(req, 403, TEXTS.todayBeforeEod);
}

/** The view when the key may call this endpoint for `asset`, else the 403 to answer with. */
export function entitle(req: RestRequest, ctx: RouteContext, asset: AssetClass, need: Need): AssetView | RestReply {
  const view = viewOf(ctx, asset);
  if (!view) return notEntitled(req);
  if (need !== 'data' && !view.rights.rest[need]) return notEntitled(req);
  return view;
}
