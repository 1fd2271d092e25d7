/**
 * What a Massive key may use, per asset class. Massive sells Stocks, Options and Indices plans
 * separately (Basic, Starter, Developer, Advanced), and most of them are 15-minute delayed; the
 * plan decides the WebSocket host (`socket.` real-time or `delayed.`), the channels on it and what
 * REST serves. The table below is the simulator's catalogue and the client's expectation; the
 * proxy detects what a key really has (docs/entitlements.md has the sources and what is not
 * confirmed). Pure data and small pure helpers, shared by the simulator, the proxy and the client.
 */
import type { Channel } from './client-messages.js';
import type { Cluster } from './events.js';

/** Stocks, options or indices: an asset class is bought, and connected to, on its own. */
export type AssetClass = Cluster;

export const ASSET_CLASSES: readonly AssetClass[] = ['stocks', 'options', 'indices'];

/** The plan levels Massive sells per asset class; `basic` is the free one. */
export type PlanLevel = 'basic' | 'starter' | 'developer' | 'advanced';

export const PLAN_LEVELS: readonly PlanLevel[] = ['basic', 'starter', 'developer', 'advanced'];

/**
 * A setting for one asset class: a plan level to trust, `none`, or `auto` (the proxy detects it).
 * `free` is read as `basic` wherever users type it.
 */
export type PlanSetting = PlanLevel | 'none' | 'auto';

/**
 * How an asset class reaches us: a real-time or 15-minute delayed stream, REST only (no
 * WebSocket in the plan), or nothing at all.
 */
export type Feed = 'realtime' | 'delayed' | 'rest' | 'none';

/** How old the data of a feed is: live, 15 minutes behind, or previous sessions only. */
export type Recency = 'realtime' | 'delayed' | 'eod';

/** Massive's delayed feeds run this far behind the market (DOC: every channel page's plan table). */
export const DELAY_MS = 15 * 60_000;

export interface RestRights {
  readonly recency: Recency;
  /** Snapshot endpoints (stocks tickers, option chain and contract, indices). */
  readonly snapshots: boolean;
  /** Last quote in snapshots (`lastQuote`/`last_quote`) and `/v2/last/nbbo`. */
  readonly quotes: boolean;
  /** Last trade in snapshots and `/v2/last/trade`. */
  readonly trades: boolean;
  /** Today's intraday bars before the close (Basic gets 403 "before end of day"). */
  readonly todayBars: boolean;
  /** Requests per rolling minute; undefined = unlimited (Massive asks paid plans for < 100/s). */
  readonly perMinute?: number;
}

export interface PlanRights {
  /** WebSocket host the plan connects to; undefined: no WebSocket at all. */
  readonly ws: 'realtime' | 'delayed' | undefined;
  /** Channels a subscribe is answered `success` for; others get `not authorized`. */
  readonly channels: readonly Channel[];
  readonly rest: RestRights;
}

const BASIC_REST: RestRights = {
  recency: 'eod',
  snapshots: false,
  quotes: false,
  trades: false,
  todayBars: false,
  perMinute: 5,
};
const DELAYED_REST = (trades: boolean): RestRights => ({
  recency: 'delayed',
  snapshots: true,
  quotes: false,
  trades,
  todayBars: true,
});
const REALTIME_REST: RestRights = { recency: 'realtime', snapshots: true, quotes: true, trades: true, todayBars: true };

/**
 * The catalogue (docs/entitlements.md): trades from Developer up, quotes (NBBO) only on
 * Advanced, aggregates from Starter up; Indices have no Developer level and no trades or quotes.
 */
export const PLAN_TABLE: Readonly<Record<AssetClass, Readonly<Partial<Record<PlanLevel, PlanRights>>>>> = {
  stocks: {
    basic: { ws: undefined, channels: [], rest: BASIC_REST },
    starter: { ws: 'delayed', channels: ['A', 'AM'], rest: DELAYED_REST(false) },
    developer: { ws: 'delayed', channels: ['T', 'A', 'AM'], rest: DELAYED_REST(true) },
    advanced: { ws: 'realtime', channels: ['T', 'Q', 'A', 'AM', 'LULD', 'NOI'], rest: REALTIME_REST },
  },
  options: {
    basic: { ws: undefined, channels: [], rest: BASIC_REST },
    starter: { ws: 'delayed', channels: ['A', 'AM'], rest: DELAYED_REST(false) },
    developer: { ws: 'delayed', channels: ['T', 'A', 'AM'], rest: DELAYED_REST(true) },
    advanced: { ws: 'realtime', channels: ['T', 'Q', 'A', 'AM'], rest: REALTIME_REST },
  },
  indices: {
    basic: { ws: undefined, channels: [], rest: BASIC_REST },
    // Per-second index bars are not in Starter (docs/entitlements.md, plan name inferred).
    starter: { ws: 'delayed', channels: ['V', 'AM'], rest: DELAYED_REST(false) },
    advanced: { ws: 'realtime', channels: ['V', 'A', 'AM'], rest: { ...REALTIME_REST, quotes: false, trades: false } },
  },
};

/** The rights of a level on an asset class; a level the class does not sell maps to the next lower one. */
export function planRights(asset: AssetClass, level: PlanLevel): PlanRights {
  const table = PLAN_TABLE[asset];
  for (let i = PLAN_LEVELS.indexOf(level); i >= 0; i--) {
    const rights = table[PLAN_LEVELS[i]!];
    if (rights) return rights;
  }
  return table.basic!;
}

/** What the client is told about one asset class: the feed, its usable channels and its age. */
export interface Entitlement {
  readonly feed: Feed;
  /** WebSocket channels a subscribe may use (empty unless the feed streams). */
  readonly channels: readonly Channel[];
  readonly recency: Recency;
  /** Whether REST serves snapshots for this class (the poller's batched path). */
  readonly snapshots: boolean;
  /** Whether REST snapshots carry the NBBO (bid/ask without a `Q` stream). */
  readonly restQuotes: boolean;
  /** How it was learned. */
  readonly source: 'configured' | 'detected' | 'cached' | 'assumed';
}

/** An asset class the key has nothing of. */
export const NO_ENTITLEMENT: Entitlement = {
  feed: 'none',
  channels: [],
  recency: 'eod',
  snapshots: false,
  restQuotes: false,
  source: 'detected',
};

/** The entitlement a known plan level gives. */
export function entitlementOf(
  asset: AssetClass,
  level: PlanLevel | 'none',
  source: Entitlement['source'],
): Entitlement {
  if (level === 'none') return { ...NO_ENTITLEMENT, source };
  const r = planRights(asset, level);
  return {
    feed: r.ws ?? 'rest',
    channels: r.channels,
    recency: r.rest.recency,
    snapshots: r.rest.snapshots,
    restQuotes: r.rest.quotes,
    source,
  };
}

/** Short words for a feed, as the status line shows them. */
export function feedLabel(feed: Feed): string {
  switch (feed) {
    case 'realtime':
      return 'real-time';
    case 'delayed':
      return 'delayed 15m';
    case 'rest':
      return 'REST only';
    case 'none':
      return '—';
  }
}

/** `stocks delayed 15m · options real-time · indices —`. */
export function feedsLine(feeds: Readonly<Partial<Record<AssetClass, Feed>>>): string {
  return ASSET_CLASSES.filter((a) => feeds[a] !== undefined)
    .map((a) => `${a} ${feedLabel(feeds[a]!)}`)
    .join(' · ');
}

export function isPlanLevel(value: unknown): value is PlanLevel {
  return typeof value === 'string' && (PLAN_LEVELS as readonly string[]).includes(value);
}

export function isAssetClass(value: unknown): value is AssetClass {
  return typeof value === 'string' && (ASSET_CLASSES as readonly string[]).includes(value);
}

/** Plan levels per asset class; a class that is absent is not in the plan. */
export type KeyPlans = Readonly<Partial<Record<AssetClass, PlanLevel>>>;

/**
 * Parses `stocks:starter,options:advanced` (also `all:advanced`, and the old single words
 * `free` = all basic, `advanced` = all advanced). Returns the reason when it cannot.
 */
export function parsePlans(
  text: string,
): { readonly ok: true; readonly plans: KeyPlans } | { readonly ok: false; readonly reason: string } {
  const out: Partial<Record<AssetClass, PlanLevel>> = {};
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, reason: 'no plan given' };
  for (const part of parts) {
    const [rawAsset, rawLevel] = part.includes(':') ? part.split(':', 2) : ['all', part];
    const level = rawLevel === 'free' ? 'basic' : rawLevel;
    if (!isPlanLevel(level))
      return {
        ok: false,
        reason: `unknown plan level ${JSON.stringify(rawLevel)} (expected ${PLAN_LEVELS.join(', ')})`,
      };
    if (rawAsset === 'all') for (const a of ASSET_CLASSES) out[a] = level;
    else if (isAssetClass(rawAsset)) out[rawAsset] = level;
    else
      return {
        ok: false,
        reason: `unknown asset class ${JSON.stringify(rawAsset)} (expected ${ASSET_CLASSES.join(', ')} or all)`,
      };
  }
  return { ok: true, plans: out };
}

/**
 * Massive answers a plan without WebSocket access on this host with `auth_failed` and a message
 * about the plan ("Your plan doesn't include websocket access. Visit https://massive.com/pricing to
 * upgrade.", OBSERVED, polygon-io/client-php#17), and a wrong key with "authentication failed".
 * Only the message tells them apart; anything that speaks of a plan, upgrade or pricing counts.
 */
export function isPlanRefusal(message: string): boolean {
  return /\bplan\b|upgrade|pricing|entitle|websocket access/i.test(message);
}

/** The text Massive's real-time host answers a delayed or REST-only plan with (OBSERVED). */
export const PLAN_REFUSAL_MESSAGE =
  "Your plan doesn't include websocket access. Visit https://massive.com/pricing to upgrade.";

/** The proxy's `entitlement` status element (PROXY_STATUS.entitlement) for one cluster. */
export function entitlementStatus(asset: AssetClass, e: Entitlement): Record<string, unknown> {
  const what =
    e.feed === 'none'
      ? 'not in your plan'
      : e.feed === 'rest'
        ? 'REST only (no stream in your plan)'
        : feedLabel(e.feed);
  return {
    ev: 'status',
    status: 'entitlement',
    message: `${asset}: ${what}${e.channels.length > 0 ? `; channels ${e.channels.join(',')}` : ''}`,
    feed: e.feed,
    channels: [...e.channels],
    recency: e.recency,
    snapshots: e.snapshots,
    restQuotes: e.restQuotes,
    source: e.source,
  };
}

const FEEDS: readonly Feed[] = ['realtime', 'delayed', 'rest', 'none'];
const RECENCIES: readonly Recency[] = ['realtime', 'delayed', 'eod'];
const SOURCES: readonly Entitlement['source'][] = ['configured', 'detected', 'cached', 'assumed'];

/** Reads an `entitlement` status element back; undefined when it is not a well-formed one. */
export function readEntitlementStatus(el: Readonly<Record<string, unknown>>): Entitlement | undefined {
  if (el.ev !== 'status' || el.status !== 'entitlement') return undefined;
  const { feed, channels, recency, snapshots, restQuotes, source } = el;
  if (!FEEDS.includes(feed as Feed) || !RECENCIES.includes(recency as Recency)) return undefined;
  if (!Array.isArray(channels) || !channels.every((c) => typeof c === 'string')) return undefined;
  return {
    feed: feed as Feed,
    channels: channels as Channel[],
    recency: recency as Recency,
    snapshots: snapshots === true,
    restQuotes: restQuotes === true,
    source: SOURCES.includes(source as Entitlement['source']) ? (source as Entitlement['source']) : 'detected',
  };
}
