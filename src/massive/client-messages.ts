/**
 * Client → server frames (docs/massive-api.md §1.3) and the server's status frames (§1.4). The
 * simulator and the proxy answer with these exact texts, so they live here, once.
 */

export type ClientAction = 'auth' | 'subscribe' | 'unsubscribe';

export type Channel = 'T' | 'Q' | 'A' | 'AM' | 'V' | 'LULD' | 'NOI' | 'FMV';

export const CHANNELS: readonly Channel[] = ['T', 'Q', 'A', 'AM', 'V', 'LULD', 'NOI', 'FMV'];

export interface Topic {
  readonly channel: Channel;
  /** Ticker, or `*` for every ticker of the channel. */
  readonly symbol: string;
}

export type ClientMessageError = 'invalid_json' | 'not_object' | 'bad_action' | 'bad_params';

export type ParsedClientMessage =
  | { readonly ok: true; readonly action: ClientAction; readonly params: string }
  | { readonly ok: false; readonly reason: ClientMessageError };

/** Exact server texts, as seen on the live service. */
export const STATUS_MESSAGES = {
  connected: 'Connected Successfully',
  authSuccess: 'authenticated',
  authFailed: 'authentication failed',
  authTimeout: 'No authentication request received.',
  maxConnections:
    'Maximum number of websocket connections exceeded. You have reached the connection limit for your account. Please contact support at https://polygon.io/contact to increase your limit.',
  /** Older form of the eviction text; clients should accept both. */
  maxConnectionsLegacy: 'Maximum number of connections exceeded.',
  notAuthorized: 'not authorized',
  subscriptionLimit: 'Subscription limit reached for feed. Please remove some subscriptions and try again.',
  invalidJson: 'Invalid JSON',
} as const;

/**
 * Status codes of our documented protocol extension: the local proxy tells its clients about its
 * own upstream connection, since a client's socket to the proxy stays up while the proxy's
 * upstream reconnects. Plain Massive clients log and ignore unknown status codes.
 */
export const PROXY_STATUS = {
  upstreamReconnecting: 'upstream_reconnecting',
  upstreamRestored: 'upstream_restored',
  slowConsumer: 'slow_consumer',
  /** The session's token runs out soon: send `auth` with a fresh token on the same socket. */
  tokenExpiring: 'token_expiring',
  /** The token ran out; the proxy closes the socket next. */
  tokenExpired: 'token_expired',
  /**
   * What the key has on this cluster (entitlements.ts): sent after every `auth_success` and
   * whenever it changes, with `feed`, `channels`, `recency`, `snapshots` and `restQuotes` fields
   * beside `message`.
   */
  entitlement: 'entitlement',
} as const;

/**
 * How the proxy serves the `FLOW.<underlying>` extension (docs/proxy-flow.md): from a window of
 * contracts around the money, from the `T.*` firehose filtered in the proxy, or not at all. The
 * one list the settings, the flags and the proxy check against.
 */
export const FLOW_MODES = ['window', 'firehose', 'off'] as const;
export type FlowMode = (typeof FLOW_MODES)[number];

const SUBSCRIBED_PREFIX = 'subscribed to: ';
const UNSUBSCRIBED_PREFIX = 'unsubscribed to: ';
const CHANNEL_SET: ReadonlySet<string> = new Set(CHANNELS);
/** Tickers of every cluster (`AAPL`, `BRK.B`, `O:SPY…`, `I:SPX`); the server itself is case-sensitive. */
const TOPIC_SYMBOL = /^[A-Za-z0-9][A-Za-z0-9.:_-]{0,39}$/;

/** `subscribed to: T.AAPL` (the per-topic ack). */
export function subscribedMessage(topic: string): string {
  return SUBSCRIBED_PREFIX + topic;
}

/** `unsubscribed to: T.AAPL` (sic: the service says "unsubscribed to"). */
export function unsubscribedMessage(topic: string): string {
  return UNSUBSCRIBED_PREFIX + topic;
}

/** Reads a `success` ack text back into what it acknowledges. */
export function parseAckMessage(
  message: string,
): { readonly action: 'subscribe' | 'unsubscribe'; readonly topic: string } | undefined {
  if (typeof message !== 'string') return undefined;
  if (message.startsWith(SUBSCRIBED_PREFIX)) {
    return { action: 'subscribe', topic: message.slice(SUBSCRIBED_PREFIX.length) };
  }
  if (message.startsWith(UNSUBSCRIBED_PREFIX)) {
    return { action: 'unsubscribe', topic: message.slice(UNSUBSCRIBED_PREFIX.length) };
  }
  return undefined;
}

/** One status frame, exactly `[{"ev":"status","status":…,"message":…}]`. */
export function statusFrame(status: string, message: string): string {
  return JSON.stringify([{ ev: 'status', status, message }]);
}

export function buildAuth(key: string): string {
  return JSON.stringify({ action: 'auth', params: key });
}

/** Topics joined with `,` and no spaces, as the official clients send them. */
export function buildSubscribe(topics: readonly string[]): string {
  return JSON.stringify({ action: 'subscribe', params: topics.join(',') });
}

export function buildUnsubscribe(topics: readonly string[]): string {
  return JSON.stringify({ action: 'unsubscribe', params: topics.join(',') });
}

function isAction(value: unknown): value is ClientAction {
  return value === 'auth' || value === 'subscribe' || value === 'unsubscribe';
}

/** Parses a client frame; the reason tells the server which error status to answer. */
export function parseClientMessage(text: string | Buffer): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid_json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not_object' };
  }
  const { action, params } = value as { action?: unknown; params?: unknown };
  if (!isAction(action)) return { ok: false, reason: 'bad_action' };
  if (typeof params !== 'string') return { ok: false, reason: 'bad_params' };
  return { ok: true, action, params };
}

/** `T.AAPL, Q.AAPL,,AM.*` → `['T.AAPL','Q.AAPL','AM.*']`. */
export function splitTopics(params: string): string[] {
  if (typeof params !== 'string') return [];
  const out: string[] = [];
  for (const part of params.split(',')) {
    const topic = part.trim();
    if (topic !== '') out.push(topic);
  }
  return out;
}

/**
 * `T.AAPL` → `{ channel: 'T', symbol: 'AAPL' }`. Splits at the first dot, so `T.BRK.B` keeps its
 * class suffix. Undefined for unknown channels or symbols that cannot be tickers.
 */
export function parseTopic(topic: string): Topic | undefined {
  if (typeof topic !== 'string') return undefined;
  const dot = topic.indexOf('.');
  if (dot <= 0) return undefined;
  const channel = topic.slice(0, dot);
  const symbol = topic.slice(dot + 1);
  if (!CHANNEL_SET.has(channel)) return undefined;
  if (symbol !== '*' && !TOPIC_SYMBOL.test(symbol)) return undefined;
  return { channel: channel as Channel, symbol };
}

/** Inverse of parseTopic; accepts a Topic or its two parts. */
export function formatTopic(topic: Topic): string;
export function formatTopic(channel: Channel, symbol: string): string;
export function formatTopic(first: Topic | Channel, symbol?: string): string {
  return typeof first === 'string' ? `${first}.${symbol ?? ''}` : `${first.channel}.${first.symbol}`;
}
