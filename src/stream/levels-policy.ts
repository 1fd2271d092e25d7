/**
 * How the watch screen spends REST on option chains. A chain snapshot is paginated (250 rows a
 * page; a whole SPY chain is dozens of pages), so a levels refresh costs several requests and the
 * policy follows the account's budget (stream/budget.ts):
 * - a paid plan (Massive asks for under 100 requests a second; the proxy allows 20 by default):
 *   the levels of every watched underlying and of SPX, read exactly as `massive levels SYMBOL`
 *   reads them (the whole chain), every five minutes; the open chain every 10 s, the open plan
 *   every minute;
 * - a small budget (Basic is 5 requests a minute, docs/entitlements.md, and the price poller
 *   takes most of it): only the symbol on screen (detail or chain view), its nearest week of
 *   expiries (`massive levels SYMBOL --dte 0..7`), every 15 minutes; the open chain every two
 *   minutes; a plan once, when it is opened.
 */

/** Requests a minute from which the whole-watchlist policy applies (any paid plan is far above). */
export const FULL_POLICY_PER_MINUTE = 60;

export interface RefreshPolicy {
  /** Every watched underlying, or only the one on screen. */
  readonly scope: 'all' | 'focus';
  /** Read only the nearest week of expiries. */
  readonly narrow: boolean;
  readonly levelsEveryMs: number;
  readonly chainEveryMs: number;
  /** Undefined: a plan is made once, when its view opens. */
  readonly planEveryMs: number | undefined;
  /** For the screen: what is refreshed, how often. */
  readonly text: string;
}

/** The policy for a budget of `perMinute` requests a minute (the whole account's). */
export function refreshPolicy(perMinute: number): RefreshPolicy {
  if (perMinute >= FULL_POLICY_PER_MINUTE)
    return {
      scope: 'all',
      narrow: false,
      levelsEveryMs: 5 * 60_000,
      chainEveryMs: 10_000,
      planEveryMs: 60_000,
      text: 'levels every 5m',
    };
  return {
    scope: 'focus',
    narrow: true,
    levelsEveryMs: 15 * 60_000,
    chainEveryMs: 2 * 60_000,
    planEveryMs: undefined,
    text: 'small REST budget: levels of the open symbol, nearest week, every 15m',
  };
}

/** Requests a minute from the proxy's quota (limit per window); undefined until it is known. */
export function perMinuteOf(
  quota: { readonly limit: number; readonly windowMs: number } | undefined,
): number | undefined {
  if (!quota || !(quota.limit > 0) || !(quota.windowMs > 0)) return undefined;
  return (quota.limit * 60_000) / quota.windowMs;
}
