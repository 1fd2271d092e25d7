/**
 * What each simulated API key has bought. Massive sells Stocks, Options and Indices plans
 * separately (Basic, Starter, Developer, Advanced), so a key carries one level per asset class and
 * the catalogue of what a level gives lives in src/massive/entitlements.ts (shared with the client,
 * so the simulator sells exactly what the client expects). Plans: https://massive.com/pricing
 */
import {
  ASSET_CLASSES,
  isAssetClass,
  isPlanLevel,
  planRights,
  type AssetClass,
  type KeyPlans,
  type PlanLevel,
  type PlanRights,
} from '../massive/entitlements.js';
import type { Channel } from '../massive/client-messages.js';

/**
 * The single words keys were configured with before plans were per asset class; each means that
 * level on every class (`free` = Basic). Indices have no Developer level, so `developer` gives
 * indices what planRights maps it to (Starter).
 */
export type PlanName = 'free' | 'starter' | 'developer' | 'advanced';

/** A key's plan as SimOptions takes it: one word for every class, or a level per class. */
export type KeyPlan = PlanName | KeyPlans;

const WORD_LEVEL: Record<PlanName, PlanLevel> = {
  free: 'basic',
  starter: 'starter',
  developer: 'developer',
  advanced: 'advanced',
};

export function isPlanName(value: unknown): value is PlanName {
  return typeof value === 'string' && Object.hasOwn(WORD_LEVEL, value);
}

/** The per-class levels of a configured plan; undefined for a value that is neither form. */
export function keyPlansOf(plan: unknown): KeyPlans | undefined {
  if (isPlanName(plan)) return Object.fromEntries(ASSET_CLASSES.map((a) => [a, WORD_LEVEL[plan]]));
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) return undefined;
  // Unknown classes or levels are dropped rather than guessed at: that class is simply not sold.
  return Object.fromEntries(Object.entries(plan).filter(([a, l]) => isAssetClass(a) && isPlanLevel(l)));
}

/** The rights of a key on one asset class; undefined when the class is not in its plan. */
export function rightsOf(plans: KeyPlans, asset: AssetClass): PlanRights | undefined {
  const level = plans[asset];
  return level === undefined ? undefined : planRights(asset, level);
}

/**
 * Whether an auth on this host succeeds. The real-time host (`socket.`) takes only real-time
 * plans; the delayed host (`delayed.`) takes delayed ones, and here real-time ones too
 * (UNCONFIRMED: no capture shows an Advanced key on the delayed host).
 */
export function wsAuthAllowed(rights: PlanRights | undefined, delayedHost: boolean): boolean {
  if (rights?.ws === undefined) return false;
  return delayedHost || rights.ws === 'realtime';
}

/** Channels the delayed host never serves, whatever the plan (each channel page's plan table). */
const REALTIME_ONLY: readonly Channel[] = ['Q', 'LULD', 'NOI'];

/** Whether a subscribe to `channel` is answered `success` (else `not authorized`). */
export function channelAllowed(rights: PlanRights | undefined, channel: Channel, delayedHost: boolean): boolean {
  if (!rights?.channels.includes(channel)) return false;
  return !(delayedHost && REALTIME_ONLY.includes(channel));
}

/**
 * REST requests per rolling minute: a key with nothing paid gets Basic's limit, and any paid class
 * lifts it (Massive rate-limits per key, not per class; UNCONFIRMED for mixed keys).
 */
export function restPerMinute(plans: KeyPlans): number | undefined {
  let limit: number | undefined;
  for (const asset of ASSET_CLASSES) {
    const r = rightsOf(plans, asset);
    if (!r) continue;
    if (r.rest.perMinute === undefined) return undefined;
    limit = Math.min(limit ?? Infinity, r.rest.perMinute);
  }
  return limit ?? planRights('stocks', 'basic').rest.perMinute;
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
