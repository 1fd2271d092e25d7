/**
 * Which symbols the REST poller serves, and why, once entitlements are known; and the one
 * connection state the status line shows. Three reasons to poll, kept apart because they mean
 * different things to the trader: an `outage` (a stream we have is down or quiet: polled until it
 * is back, then backfilled), the `plan` (no stream in the plan: polled for good, not an outage),
 * and `quotes` (the stream lacks `Q` but REST snapshots carry bid/ask). Pure.
 */
import type { Feed } from '../massive/entitlements.js';
import type { Cluster } from '../massive/events.js';
import type { SessionPhase } from '../market/session.js';
import type { ConnectionState } from '../store/types.js';
import type { StreamState } from './connection.js';
import { overall, pollingMessage, type SymbolView } from './health.js';
import type { PollNeed } from './poll-policy.js';
import { isStale } from './staleness.js';

export type PollReason = 'outage' | 'plan' | 'quotes';

/** What the need depends on for one cluster in use. */
export interface FeedClusterView {
  readonly feed: Feed;
  readonly state: StreamState;
  /** The stream is up and not silent (only meaningful when the feed streams). */
  readonly healthy: boolean;
  /** Bid/ask come from REST snapshots (feed-policy.ts quotesByRest). */
  readonly quotesByRest: boolean;
  /** The session phase of the cluster's data (feed-policy.ts dataPhase). */
  readonly phase: SessionPhase;
}

export interface PlanSymbol extends SymbolView {
  /** Someone wants this symbol's quote (last, bid/ask), not only its bars or flow. */
  readonly quotes: boolean;
  /** Its observed update interval (indices), which widens its stale threshold. */
  readonly intervalMs?: number | undefined;
}

export interface NeedPlan {
  readonly need: PollNeed;
  /** Why each polled symbol is polled. */
  readonly reasons: ReadonlyMap<string, PollReason>;
  /** Streaming clusters that are down or stalled. */
  readonly down: readonly Cluster[];
}

const streaming = (feed: Feed): boolean => feed === 'realtime' || feed === 'delayed';

/** Why `s` needs REST now, or undefined. A market closed for its data needs nothing. */
function reasonFor(s: PlanSymbol, c: FeedClusterView, now: number): PollReason | undefined {
  if (c.phase === 'closed' || c.feed === 'none') return undefined;
  if (c.feed === 'rest') return 'plan';
  if (!c.healthy || (!s.quiet && isStale(s.lastWsAt, s.since, now, c.phase, s.cluster, 0, s.intervalMs)))
    return 'outage';
  return s.quotes && c.quotesByRest ? 'quotes' : undefined;
}

/** The symbols that need REST, per cluster, with the reason for each. */
export function planNeed(
  symbols: readonly PlanSymbol[],
  clusters: ReadonlyMap<Cluster, FeedClusterView>,
  now: number,
): NeedPlan {
  const need: Record<Cluster, string[]> = { stocks: [], indices: [], options: [] };
  const reasons = new Map<string, PollReason>();
  for (const s of symbols) {
    const c = clusters.get(s.cluster);
    const reason = c ? reasonFor(s, c, now) : undefined;
    if (!reason) continue;
    need[s.cluster].push(s.symbol);
    reasons.set(s.symbol, reason);
  }
  const down = [...clusters]
    .filter(([, c]) => streaming(c.feed) && !c.healthy && c.phase !== 'closed')
    .map(([cluster]) => cluster);
  return { need, reasons, down };
}

/** The part of a need polled for one reason. */
export function needOf(plan: NeedPlan, reason: PollReason): PollNeed {
  const pick = (list: readonly string[]) => list.filter((s) => plan.reasons.get(s) === reason);
  return { stocks: pick(plan.need.stocks), indices: pick(plan.need.indices), options: pick(plan.need.options) };
}

export interface StreamStatus {
  readonly connection: ConnectionState;
  /** Set only when the state has something to explain; otherwise the current message stays. */
  readonly message?: string;
}

/**
 * The status line's state: a rejected key first; then an outage being covered by REST ("stream
 * down"); then the streams in the plan; a plan with no stream at all is `polling` without any
 * outage wording; and when nothing in use is in the plan, `offline` and why.
 */
export function streamStatus(clusters: ReadonlyMap<Cluster, FeedClusterView>, plan: NeedPlan): StreamStatus {
  const all = [...clusters.values()];
  if (all.some((c) => c.state === 'auth_failed')) return { connection: 'auth_failed' };
  const outage = needOf(plan, 'outage');
  if (outage.stocks.length + outage.indices.length + outage.options.length > 0) {
    return { connection: 'polling', message: pollingMessage(outage, plan.down) };
  }
  const streams = all.filter((c) => streaming(c.feed));
  if (streams.length > 0) return { connection: overall(streams.map((c) => c.state)) };
  if (all.some((c) => c.feed === 'rest')) return { connection: 'polling' };
  if (all.length > 0) return { connection: 'offline', message: `${[...clusters.keys()].join(', ')} not in your plan` };
  return { connection: overall([]) };
}
