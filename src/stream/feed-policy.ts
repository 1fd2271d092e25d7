/**
 * What a cluster's entitlement (massive/entitlements.ts, sent by the proxy) means for the client:
 * which topics may be subscribed, whether bid/ask must come from REST, how old the data is and
 * which session phase it belongs to. Pure; the manager asks, the tests table-check.
 */
import { CHANNELS } from '../massive/client-messages.js';
import { DELAY_MS, type Entitlement } from '../massive/entitlements.js';
import type { Cluster } from '../massive/events.js';
import { sessionPhase, type SessionPhase } from '../market/session.js';

/**
 * Until the proxy says otherwise a cluster is taken to be real-time with every channel: an old
 * proxy (or a server without the extension) then behaves exactly as before entitlements existed.
 */
export const ASSUMED_ENTITLEMENT: Entitlement = {
  feed: 'realtime',
  channels: CHANNELS,
  recency: 'realtime',
  snapshots: true,
  restQuotes: true,
  source: 'assumed',
};

/** Whether the plan streams this cluster at all (real-time or delayed). */
export function streams(e: Entitlement): boolean {
  return e.feed === 'realtime' || e.feed === 'delayed';
}

/**
 * Whether bid/ask must come from REST: the plan streams the cluster without `Q` (quotes are sold
 * only on Advanced) but its REST snapshots carry the NBBO. Without either, bid/ask stay absent.
 */
export function quotesByRest(e: Entitlement): boolean {
  return streams(e) && !e.channels.includes('Q') && e.restQuotes;
}

/**
 * The topics of `topics` the plan lets us subscribe: none without a stream; otherwise those whose
 * channel the plan has. `FLOW.<underlying>` (the proxy's flow extension) is built from option
 * trades, so it needs `T`. A quote interest that loses `T` keeps `A`, whose per-second closes move
 * the price (quote-reducer.ts), and one that loses `Q` simply has no stream bid/ask.
 */
export function entitledTopics(topics: Iterable<string>, e: Entitlement): Set<string> {
  const out = new Set<string>();
  if (!streams(e)) return out;
  const channels = new Set<string>(e.channels);
  for (const topic of topics) {
    const channel = topic.slice(0, Math.max(0, topic.indexOf('.')));
    if (channels.has(channel === 'FLOW' ? 'T' : channel)) out.add(topic);
  }
  return out;
}

/**
 * The session phase the cluster's data belongs to. A delayed feed delivers what happened 15
 * minutes ago, so its quiet pre-market prints run until 9:45 and its regular session until 16:15:
 * judging its silence by the wall clock's phase would call a healthy delayed stream stalled.
 */
export function dataPhase(e: Entitlement, nowMs: number): SessionPhase {
  return sessionPhase(e.recency === 'delayed' ? nowMs - DELAY_MS : nowMs);
}

/** Whether two entitlements would make the client behave the same (the source does not count). */
export function sameEntitlement(a: Entitlement, b: Entitlement): boolean {
  return (
    // The proxy confirming the assumption is news too: the status line then shows the feed.
    (a.source === 'assumed') === (b.source === 'assumed') &&
    a.feed === b.feed &&
    a.recency === b.recency &&
    a.snapshots === b.snapshots &&
    a.restQuotes === b.restQuotes &&
    a.channels.length === b.channels.length &&
    a.channels.every((c) => b.channels.includes(c))
  );
}

/** Why a symbol of a cluster the key has nothing of shows no data. */
export function notInPlanReason(cluster: Cluster): string {
  return `${cluster} not in your plan`;
}

/**
 * A per-ticker problem the poller reports (`I:VIX: NOT_AUTHORIZED: …`, from an indices snapshot
 * item) as the symbol and the words shown for it; undefined for any other notice. The poller's
 * sink gives text only, so the known symbol prefix is what identifies it.
 */
export function tickerProblem(message: string, isWatched: (symbol: string) => boolean): TickerProblem | undefined {
  const m = /^(\S+): (.+)$/.exec(message);
  const symbol = m?.[1];
  if (!m || symbol === undefined || !isWatched(symbol)) return undefined;
  const detail = m[2]!;
  if (/NOT_AUTHORIZED|NOT_ENTITLED|not entitled|not authorized/i.test(detail))
    return { symbol, reason: 'not in your plan' };
  if (/NOT_FOUND/.test(detail)) return { symbol, reason: 'unknown ticker' };
  return undefined;
}

export interface TickerProblem {
  readonly symbol: string;
  readonly reason: string;
}
