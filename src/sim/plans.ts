/**
 * Plans and entitlements per API key (massive-api.md §1.1 and §4), and the free plan's REST rate
 * limit. A simplified model of Massive's tiers, enough to exercise every refusal path a client
 * must handle: `not authorized` on WS, 403 NOT_AUTHORIZED and omitted quote fields on REST, 429.
 */
import type { Cluster } from '../massive/events.js';
import type { Channel } from '../massive/client-messages.js';

/**
 * - `free`: REST only (5 requests/minute, no snapshots); a WS auth is answered `auth_failed`.
 * - `starter`: 15-minute delayed data: WS only on `/delayed/*`, no quotes; REST from the delayed feed.
 * - `developer`: real-time trades and aggregates, no quotes (`Q`).
 * - `advanced`: everything.
 */
export type PlanName = 'free' | 'starter' | 'developer' | 'advanced';

export interface PlanRules {
  readonly websocket: boolean;
  readonly realtime: boolean;
  readonly quotes: boolean;
  readonly snapshots: boolean;
  /** REST requests per rolling minute; undefined = unlimited. */
  readonly restPerMinute?: number;
}

export const PLANS: Record<PlanName, PlanRules> = {
  free: { websocket: false, realtime: false, quotes: false, snapshots: false, restPerMinute: 5 },
  starter: { websocket: true, realtime: false, quotes: false, snapshots: true },
  developer: { websocket: true, realtime: true, quotes: false, snapshots: true },
  advanced: { websocket: true, realtime: true, quotes: true, snapshots: true },
};

export function isPlanName(value: unknown): value is PlanName {
  return typeof value === 'string' && Object.hasOwn(PLANS, value);
}

/** Channels each cluster serves; anything else on that cluster is refused as `not authorized`. */
const CLUSTER_CHANNELS: Record<Cluster, readonly Channel[]> = {
  stocks: ['T', 'Q', 'A', 'AM', 'LULD', 'NOI'],
  options: ['T', 'Q', 'A', 'AM'],
  indices: ['V', 'A', 'AM'],
};

/** Real-time-only channels (SPEC `x-massive-entitlement-allowed-timeframes`). */
const REALTIME_ONLY: readonly Channel[] = ['Q', 'LULD', 'NOI'];

/** Whether a key on `plan` may subscribe to `channel` on this cluster and feed. */
export function channelAllowed(plan: PlanName, cluster: Cluster, channel: Channel, delayed: boolean): boolean {
  const rules = PLANS[plan];
  if (!rules.websocket || !CLUSTER_CHANNELS[cluster].includes(channel)) return false;
  if (!delayed && !rules.realtime) return false;
  if (REALTIME_ONLY.includes(channel) && (delayed || !rules.quotes)) return false;
  return true;
}

/**
 * Sliding-window limiter per key: a request is allowed when fewer than `limit` requests were
 * allowed in the last `windowMs`. Time is passed in, so tests drive it with a ManualClock.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly windowMs = 60_000) {}

  /** Records the request if allowed; otherwise returns the seconds until a slot frees. */
  take(key: string, limit: number, now: number): { allowed: true } | { allowed: false; retryAfterSec: number } {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length >= limit) {
      this.hits.set(key, list);
      return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((list[0]! + this.windowMs - now) / 1000)) };
    }
    list.push(now);
    this.hits.set(key, list);
    return { allowed: true };
  }
}
