/**
 * The REST router: faults first (they model the edge), then auth and the plan's rate limit, then
 * the endpoint, which checks the key's plan on the asset class it serves (rest-plan.ts). Every
 * reply carries `request_id` in the body and an `X-Request-Id` header.
 */
import type { IncomingMessage } from 'node:http';
import type { KeyPlans } from '../massive/entitlements.js';
import type { FaultState } from './faults.js';
import type { SimMarket } from './market/model.js';
import { marketStatusBody } from './market/session.js';
import { restPerMinute, type SlidingWindowLimiter } from './plans.js';
import type { RouteContext } from './rest-plan.js';
import { conditions } from './rest-conditions.js';
import { indexSnapshots, stockMovers, stockSnapshot, stockSnapshots } from './rest-snapshots.js';
import { optionChain, optionContract } from './rest-options.js';
import { aggsRange, aggsPrev, indicator } from './rest-aggs.js';
import { lastNbbo, lastTrade, optionContractRef, optionContracts, unifiedSnapshot } from './rest-reference.js';
import { upcomingHolidays } from './market/session.js';
import { errorReply, extractKey, notFound, TEXTS, type RestReply, type RestRequest } from './rest-util.js';
import type { StatsRecorder } from './stats.js';

export interface RouterDeps {
  readonly market: SimMarket;
  readonly faults: FaultState;
  readonly limiter: SlidingWindowLimiter;
  /** The key's plan per asset class; undefined for an unknown key. */
  plansOf(key: string): KeyPlans | undefined;
  readonly stats: StatsRecorder;
  /** Real time for the rate limiter (ms). */
  realNow(): number;
  /** Send `Retry-After` on plan rate-limit 429s. */
  readonly retryAfterOnRateLimit: boolean;
}

const EDGE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

type Handler = (req: RestRequest, ctx: RouteContext, params: string[]) => RestReply;

/** Path patterns; `([^/]+)` groups become params (URL-decoded). */
const ROUTES: [RegExp, Handler][] = [
  [/^\/v2\/snapshot\/locale\/us\/markets\/stocks\/tickers$/, (r, c) => stockSnapshots(r, c)],
  [/^\/v2\/snapshot\/locale\/us\/markets\/stocks\/tickers\/([^/]+)$/, (r, c, p) => stockSnapshot(r, c, p[0]!)],
  [/^\/v2\/snapshot\/locale\/us\/markets\/stocks\/([^/]+)$/, (r, c, p) => stockMovers(r, c, p[0]!)],
  [/^\/v3\/snapshot\/indices$/, (r, c) => indexSnapshots(r, c)],
  [/^\/v3\/snapshot\/options\/([^/]+)$/, (r, c, p) => optionChain(r, c, p[0]!)],
  [/^\/v3\/snapshot\/options\/([^/]+)\/([^/]+)$/, (r, c, p) => optionContract(r, c, p[0]!, p[1]!)],
  [/^\/v2\/aggs\/ticker\/([^/]+)\/prev$/, (r, c, p) => aggsPrev(r, c, p[0]!)],
  [/^\/v2\/aggs\/ticker\/([^/]+)\/range\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/, (r, c, p) => aggsRange(r, c, p)],
  [/^\/v1\/indicators\/(sma|ema|rsi|macd)\/([^/]+)$/, (r, c, p) => indicator(r, c, p[0]!, p[1]!)],
  [/^\/v3\/snapshot$/, (r, c) => unifiedSnapshot(r, c)],
  [/^\/v2\/last\/trade\/([^/]+)$/, (r, c, p) => lastTrade(r, c, p[0]!)],
  [/^\/v2\/last\/nbbo\/([^/]+)$/, (r, c, p) => lastNbbo(r, c, p[0]!)],
  [/^\/v3\/reference\/options\/contracts$/, (r, c) => optionContracts(r, c)],
  [/^\/v3\/reference\/options\/contracts\/([^/]+)$/, (r, c, p) => optionContractRef(r, c, p[0]!)],
  [/^\/v3\/reference\/conditions$/, (r) => conditions(r)],
  [/^\/v1\/marketstatus\/now$/, (_r, c) => ({ status: 200, body: marketStatusBody(c.now) })],
  [/^\/v1\/marketstatus\/upcoming$/, (_r, c) => ({ status: 200, body: upcomingHolidays(c.now) })],
];

export function route(deps: RouterDeps, http: IncomingMessage, req: RestRequest): RestReply {
  const f = deps.faults;
  if (f.rest5xxPending > 0) {
    f.rest5xxPending--;
    return { status: 502, body: EDGE_502 };
  }
  if (f.rest429Pending > 0) {
    f.rest429Pending--;
    const headers = f.rest429RetryAfter !== undefined ? { 'Retry-After': String(f.rest429RetryAfter) } : undefined;
    return errorReply(req, 429, TEXTS.rateLimited, headers);
  }
  const key = extractKey(http, req.query);
  if (key === undefined || key === '') return errorReply(req, 401, TEXTS.noKey);
  const plans = deps.plansOf(key);
  if (plans === undefined) {
    // Counted too: a client that keeps asking with a rejected key is what the stats are for.
    deps.stats.recordRest(key, 401);
    return errorReply(req, 401, TEXTS.unknownKey);
  }
  const reply = keyedRoute(deps, req, key, plans);
  deps.stats.recordRest(key, reply.status);
  return reply;
}

/** A request from a known key: its rate limit, then the endpoint. */
function keyedRoute(deps: RouterDeps, req: RestRequest, key: string, plans: KeyPlans): RestReply {
  const perMinute = restPerMinute(plans);
  if (perMinute !== undefined) {
    const verdict = deps.limiter.take(key, perMinute, deps.realNow());
    if (!verdict.allowed) {
      const headers = deps.retryAfterOnRateLimit ? { 'Retry-After': String(verdict.retryAfterSec) } : undefined;
      return errorReply(req, 429, TEXTS.rateLimited, headers);
    }
  }
  if (req.method !== 'GET') return notFound(req, TEXTS.pathNotFound);
  const ctx: RouteContext = { market: deps.market, plans, now: deps.market.now() };
  for (const [pattern, handler] of ROUTES) {
    const m = pattern.exec(req.path);
    if (!m) continue;
    let params: string[];
    try {
      params = m.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return errorReply(req, 400, 'Malformed path.');
    }
    return handler(req, ctx, params);
  }
  return notFound(req, TEXTS.pathNotFound);
}
