import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Clock } from '../lib/clock.js';
import { type MassiveError, toMassiveError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { redact } from '../lib/redact.js';
import { createRestClient, type RestClient, type RestResponse } from '../rest/index.js';
import { ResponseCache } from './rest-cache.js';
import { GatewayQuota, type QuotaOptions } from './rest-quota.js';
import type { BucketStats } from './token-bucket.js';

export { type QuotaOptions, quotaForPlan } from './rest-quota.js';

export interface RestGatewayOptions {
  readonly apiKey: string;
  readonly apiBase: string;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  readonly quota?: QuotaOptions;
  /** How long a 2xx response is reused. @default 1_000 */
  readonly cacheTtlMs?: number;
  /** @default 2 */
  readonly retries?: number;
  /** @default 10_000 */
  readonly timeoutMs?: number;
  readonly dispatcher?: Dispatcher;
  /** The proxy's own origin, for rewriting `next_url` so pagination stays on the proxy. */
  readonly publicUrl: () => string;
  /** Massive itself answered 429 (not our own quota): the plan's rate may be lower than assumed. */
  readonly onUpstreamRateLimited?: () => void;
  /** An answer given without asking upstream (Massive rejected the key: asking again only repeats it). */
  readonly refusal?: () => MassiveError | undefined;
}

export interface RestGatewayStats {
  readonly quota: BucketStats;
  /** Each client's own share (token client id → its bucket), so a runaway script is visible. */
  readonly clients: Record<string, BucketStats>;
  readonly requests: number;
  readonly cacheHits: number;
  readonly coalesced: number;
  readonly upstreamErrors: number;
  /** Responses held for reuse right now. */
  readonly cached: number;
}

export interface RestGateway {
  /** Answers one request; `clientId` comes from the verified token. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, clientId: string): Promise<void>;
  /** GETs a path for the proxy's own use (options flow windows): shared quota, coalescing, cache. */
  fetchJson(path: string): Promise<unknown>;
  /** Changes the shared quota (detection found another plan than the settings said). */
  setQuota(limit: number, intervalMs: number): void;
  stats(): RestGatewayStats;
  close(): Promise<void>;
}

export type Outcome =
  | { readonly ok: true; readonly res: RestResponse<unknown> }
  | { readonly ok: false; readonly error: MassiveError };

/** Massive-style error body, plus `code` so our client can tell token problems apart. */
export function errorBody(status: number, message: string, code?: string, requestId?: string): Record<string, unknown> {
  const rid = requestId ?? randomBytes(8).toString('hex');
  if (status === 403) return { status: 'NOT_AUTHORIZED', request_id: rid, message, ...(code ? { code } : {}) };
  if (status === 404) return { status: 'NOT_FOUND', request_id: rid, message, ...(code ? { code } : {}) };
  return { status: 'ERROR', request_id: rid, error: message, ...(code ? { code } : {}) };
}

/** Which HTTP status a client sees for an upstream failure: entitlement, quota and outage stay distinct. */
export function statusForError(e: MassiveError): number {
  switch (e.code) {
    case 'NOT_ENTITLED':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'RATE_LIMITED':
      return 429;
    case 'AUTH_FAILED':
      return 401;
    case 'TIMEOUT':
      return 504;
    default:
      return e.status !== undefined && e.status >= 400 && e.status < 500 ? e.status : 502;
  }
}

/** Points an upstream `next_url` at the proxy so the next page also goes through it. */
export function rewriteNextUrl(body: unknown, publicUrl: string): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const next = (body as { next_url?: unknown }).next_url;
  if (typeof next !== 'string') return body;
  try {
    const u = new URL(next);
    u.searchParams.delete('apiKey');
    return { ...body, next_url: publicUrl + u.pathname + u.search };
  } catch {
    return body;
  }
}

/**
 * How long an answer is reused. The previous session's bar does not change during the day, so
 * `/prev` is kept for minutes: the proxy's plan probe and every client's first quote share one
 * call, which matters on a free key's 5 requests a minute.
 */
export function ttlFor(key: string, ttl: number): number {
  return ttl > 0 && /^\/v2\/aggs\/ticker\/[^/]+\/prev(\?|$)/.test(key) ? Math.max(ttl, 300_000) : ttl;
}

/** Cache key: path and query without the caller's credential. */
export function cacheKey(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete('apiKey');
  const q = params.toString();
  return url.pathname + (q ? `?${q}` : '');
}

/** What `handle` answers for an outcome: the upstream answer, or Massive-style error JSON. */
export function outcomeReply(
  outcome: Outcome,
  source: string,
  publicUrl: string,
): { readonly status: number; readonly body: unknown; readonly headers: Record<string, string> } {
  if (outcome.ok) {
    const up = outcome.res;
    return {
      status: up.status,
      body: rewriteNextUrl(up.body, publicUrl),
      headers: { 'x-proxy-cache': source, ...(up.requestId ? { 'x-request-id': up.requestId } : {}) },
    };
  }
  const e = outcome.error;
  const status = statusForError(e);
  // The REST client prefixes the method and path; clients add their own, so pass the detail.
  const message = redact(e.message.replace(/^GET \S+ failed with HTTP \d+: /, ''));
  const code = status === 401 ? 'AUTH_FAILED' : e.code;
  return {
    status,
    body: errorBody(status, message, code, e.requestId),
    headers: {
      'x-proxy-cache': source,
      ...(e.retryAfterSec !== undefined ? { 'retry-after': String(e.retryAfterSec) } : {}),
    },
  };
}

interface Counters {
  requests: number;
  cacheHits: number;
  coalesced: number;
  upstreamErrors: number;
}

/**
 * Upstream GETs with identical concurrent requests coalesced into one call; 2xx answers are
 * remembered in `cache` for `ttlFor(key)`.
 */
function sharedFetch(
  upstream: RestClient,
  cache: ResponseCache,
  o: RestGatewayOptions,
  counters: Counters,
): { fetch(key: string): Promise<Outcome>; pending(key: string): boolean } {
  const ttl = o.cacheTtlMs ?? 1_000;
  const inflight = new Map<string, Promise<Outcome>>();
  return {
    pending: (key) => inflight.has(key),
    fetch(key) {
      const refused = o.refusal?.();
      if (refused) return Promise.resolve({ ok: false, error: refused });
      const existing = inflight.get(key);
      if (existing !== undefined) {
        counters.coalesced++;
        return existing;
      }
      const p = upstream.get(key).then(
        (res): Outcome => {
          const keep = ttlFor(key, ttl);
          if (keep > 0) cache.remember(key, res, keep);
          return { ok: true, res };
        },
        (err: unknown): Outcome => {
          const error = toMassiveError(err, 'UPSTREAM');
          if (error.code === 'RATE_LIMITED' && error.status === 429) o.onUpstreamRateLimited?.();
          return { ok: false, error };
        },
      );
      inflight.set(key, p);
      void p.finally(() => inflight.delete(key));
      return p;
    },
  };
}

/**
 * Forwards Massive REST paths upstream with the real key. One shared quota bucket, identical
 * concurrent GETs coalesced into one upstream call, 2xx answers reused for a short TTL.
 */
export function createRestGateway(o: RestGatewayOptions): RestGateway {
  const quota = new GatewayQuota(o.quota ?? {}, o.clock);
  const cache = new ResponseCache(o.clock);
  const counters: Counters = { requests: 0, cacheHits: 0, coalesced: 0, upstreamErrors: 0 };
  const logger = o.logger.child('rest');
  const upstream: RestClient = createRestClient({
    baseUrl: o.apiBase,
    auth: () => o.apiKey,
    clock: o.clock,
    random: o.random,
    logger,
    retries: o.retries ?? 2,
    timeoutMs: o.timeoutMs ?? 10_000,
    beforeAttempt: (signal) => quota.take(signal),
    ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
  });
  const shared = sharedFetch(upstream, cache, o, counters);

  /** The answer for `key`: from the cache, joined to a call in flight, or a new call within quota. */
  async function lookup(key: string, clientId: string): Promise<{ outcome: Outcome; source: string }> {
    const cached = cache.get(key);
    if (cached) {
      counters.cacheHits++;
      return { outcome: { ok: true, res: cached }, source: 'hit' };
    }
    if (shared.pending(key)) return { outcome: await shared.fetch(key), source: 'coalesced' };
    const refused = quota.takeClient(clientId);
    return { outcome: refused ? { ok: false, error: refused } : await shared.fetch(key), source: 'miss' };
  }

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json', ...quota.headers(), ...headers });
    res.end(JSON.stringify(body));
  }

  return {
    async handle(req, res, url, clientId) {
      counters.requests++;
      if (req.method !== 'GET') {
        reply(res, 405, errorBody(405, 'only GET is supported'), { allow: 'GET' });
        return;
      }
      const key = cacheKey(url);
      const { outcome, source } = await lookup(key, clientId);
      if (!outcome.ok) {
        counters.upstreamErrors++;
        const e = outcome.error;
        logger.info('upstream request failed', { path: redact(key), code: e.code, status: e.status });
      }
      const answer = outcomeReply(outcome, source, o.publicUrl());
      reply(res, answer.status, answer.body, answer.headers);
    },
    async fetchJson(path) {
      const key = cacheKey(new URL(path, 'http://proxy.invalid'));
      const cached = cache.get(key);
      if (cached) return cached.body;
      const outcome = await shared.fetch(key);
      if (!outcome.ok) throw outcome.error;
      return outcome.res.body;
    },
    setQuota(limit, intervalMs) {
      if (quota.reconfigure(limit, intervalMs)) logger.info('REST quota changed', { limit, intervalMs });
    },
    stats() {
      return { ...quota.stats(), ...counters, cached: cache.size };
    },
    async close() {
      cache.clear();
      await upstream.close();
    },
  };
}
