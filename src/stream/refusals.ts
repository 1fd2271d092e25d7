/**
 * 403s remembered per asset class and endpoint family, never globally: Massive sells stocks,
 * options and indices plans separately (https://massive.com/pricing), so an indices snapshot
 * refused says nothing about stock snapshots. A refusal that will not change is not asked again:
 * "not in the plan" holds until the interest set changes or an hour passes (a plan upgraded
 * mid-session is noticed then); "today's data before end of day" holds for the rest of the New
 * York day; what the key's detected plan already rules out holds until told otherwise. Pure:
 * time and the interest generation come in as arguments.
 */
import type { Entitlement } from '../massive/entitlements.js';
import type { Cluster } from '../massive/events.js';
import type { RefusalReason } from '../massive/rest-refusal.js';
import { nyDate } from '../lib/new-york.js';

/** Endpoint families a plan grants or refuses on their own. */
export type EndpointFamily = 'snapshot' | 'bars' | 'last-session';

/** How REST serves an asset class: batched snapshots, today's latest bar, the last session's close, or not at all. */
export type PollRoute = EndpointFamily | 'none';

export type PollRoutes = Readonly<Record<Cluster, PollRoute>>;

/** The families tried per asset class, best first. Options have no per-ticker fallback. */
const LADDER: Readonly<Record<Cluster, readonly EndpointFamily[]>> = {
  stocks: ['snapshot', 'bars', 'last-session'],
  indices: ['snapshot', 'bars', 'last-session'],
  options: ['snapshot'],
};

/** A refusal that has lapsed is asked again after this long. */
export const REFUSAL_TTL_MS = 3_600_000;

export interface Refusal {
  readonly reason: RefusalReason;
  readonly at: number;
  readonly generation: number;
  /** New York date of the refusal: "before end of day" lapses with it. */
  readonly date: string | undefined;
  /** `server`: a 403 we got; `plan`: ruled out by the key's plan before asking. */
  readonly source: 'server' | 'plan';
}

/** What learning a 403 changed: the asset class's route, and the notice for the user if any. */
export interface Learnt {
  readonly route: PollRoute;
  readonly notice?: string;
}

export class RefusalMemory {
  private readonly map = new Map<string, Refusal>();
  /** The last notice per asset class, so a refusal learned again after it lapsed is not announced twice. */
  private readonly announced = new Map<Cluster, string>();

  /** Records a 403 for `family` on `asset`; "not entitled" to bars also rules out the last session. */
  record(asset: Cluster, family: EndpointFamily, reason: RefusalReason, nowMs: number, generation: number): void {
    const r: Refusal = { reason, at: nowMs, generation, date: nyDate(nowMs), source: 'server' };
    this.map.set(key(asset, family), r);
    if (family === 'bars' && reason === 'not-entitled') this.map.set(key(asset, 'last-session'), r);
  }

  /**
   * Records a 403 and says what the user should be told: the new route in their words when the
   * route changed and that was not said already; undefined otherwise.
   */
  learn(asset: Cluster, family: EndpointFamily, reason: RefusalReason, nowMs: number, generation: number): Learnt {
    const before = this.route(asset, nowMs, generation);
    this.record(asset, family, reason, nowMs, generation);
    const route = this.route(asset, nowMs, generation);
    const message = routeNotice(asset, route, reason);
    if (route === before || this.announced.get(asset) === message) return { route };
    this.announced.set(asset, message);
    return { route, notice: message };
  }

  /**
   * What the key's plan is known to lack (detected or configured): no snapshots, nothing at all,
   * or end-of-day data only.
   */
  assumeEntitlement(asset: Cluster, e: Pick<Entitlement, 'feed' | 'snapshots' | 'recency'>): void {
    const none = e.feed === 'none';
    this.assume(asset, 'snapshot', none || !e.snapshots);
    this.assume(asset, 'bars', none || e.recency === 'eod', none ? 'not-entitled' : 'before-eod');
    this.assume(asset, 'last-session', none);
  }

  /** Rules `family` out from what the plan says, without a request; `false` lifts it again. */
  assume(asset: Cluster, family: EndpointFamily, refused: boolean, reason: RefusalReason = 'not-entitled'): void {
    const k = key(asset, family);
    if (refused) this.map.set(k, { reason, at: 0, generation: 0, date: undefined, source: 'plan' });
    else if (this.map.get(k)?.source === 'plan') this.map.delete(k);
  }

  /** The refusal still in force for `family` on `asset`, if any. */
  get(asset: Cluster, family: EndpointFamily, nowMs: number, generation: number): Refusal | undefined {
    const r = this.map.get(key(asset, family));
    if (!r) return undefined;
    if (inForce(r, nowMs, generation)) return r;
    this.map.delete(key(asset, family));
    return undefined;
  }

  /** The best route for `asset` that nothing in force refuses. */
  route(asset: Cluster, nowMs: number, generation: number): PollRoute {
    for (const family of LADDER[asset]) if (!this.get(asset, family, nowMs, generation)) return family;
    return 'none';
  }

  routes(nowMs: number, generation: number): PollRoutes {
    const at = (asset: Cluster): PollRoute => this.route(asset, nowMs, generation);
    return { stocks: at('stocks'), indices: at('indices'), options: at('options') };
  }
}

function key(asset: Cluster, family: EndpointFamily): string {
  return `${asset}|${family}`;
}

function inForce(r: Refusal, nowMs: number, generation: number): boolean {
  if (r.source === 'plan') return true;
  // Today's data is refused until tomorrow, whatever else changes.
  if (r.reason !== 'not-entitled') return r.date !== undefined && r.date === nyDate(nowMs);
  return r.generation === generation && nowMs - r.at < REFUSAL_TTL_MS;
}

/** The notice when `asset` moves to `route` after a 403, in the user's words. */
export function routeNotice(asset: Cluster, route: PollRoute, reason: RefusalReason): string {
  switch (route) {
    case 'snapshot':
      return `${asset}: snapshots available again`;
    case 'bars':
      return `${asset}: snapshots not in your plan (403); polling per-ticker bars`;
    case 'last-session':
      return reason === 'before-eod'
        ? `${asset}: today's bars are not in your plan before the close (403); showing the last session`
        : `${asset}: today's bars are outside your plan's timeframe (403); showing the last session`;
    case 'none':
      return asset === 'options'
        ? 'options: snapshots not in your plan (403); watched contracts are not polled'
        : `${asset}: not in your plan (403)`;
  }
}
