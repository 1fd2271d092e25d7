import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Clock } from '../lib/clock.js';
import { MassiveError, toMassiveError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { redact } from '../lib/redact.js';
import { createRestClient, type RestClient, type RestResponse } from '../rest/index.js';
import { TokenBucket, type BucketStats } from './token-bucket.js';

export interface QuotaOptions {
  /** Requests per interval. @default 50 (paid plans; use 5 per 60_000 for the free plan) */
  readonly limit?: number;
  /** @default 1_000 */
  readonly intervalMs?: number;
  /** Longest a request may queue for a quota token before it is answered 429. @default 1_000 */
  readonly maxWaitMs?: number;
  /**
   * Most of the shared limit one client (token client id) may spend per interval, so a runaway
   * script cannot starve the others. Cache hits and coalesced requests are free.
   * @default ceil(0.8 * limit)
   */
  readonly perClientLimit?: number;
}

/** The quota Massive allows a plan: free is 5/min; paid plans are "unlimited" but ask for < 100/s. */
export function quotaForPlan(plan: 'free' | 'starter' | 'developer' | 'advanced', paidPerSecond = 50): QuotaOptions {
  return plan === 'free' ? { limit: 5, intervalMs: 60_000 } : { limit: paidPerSecond, intervalMs: 1_000 };
}

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

type Outcome =
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

/** Responses kept at most, however short-lived: a chain of 4,000 contracts is ~1 MB parsed. */
const maxCacheEntries = 256;

/** Cache key: path and query without the caller's credential. */
export function cacheKey(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete('apiKey');
  const q = params.toString();
  return url.pathname + (q ? `?${q}` : '');
}

/**
 * Forwards Massive REST paths upstream with the real key. One shared quota bucket, identical
 * concurrent GETs coalesced into one upstream call, 2xx answers reused for a short TTL.
 */
export function createRestGateway(o: RestGatewayOptions): RestGateway {
  const quota = o.quota ?? {};
  let limit = quota.limit ?? 50;
  let intervalMs = quota.intervalMs ?? 1_000;
  const bucket = new TokenBucket({ limit, intervalMs, clock: o.clock });
  let perClientLimit = Math.max(1, quota.perClientLimit ?? Math.ceil(limit * 0.8));
  const clientBuckets = new Map<string, TokenBucket>();
  const maxWaitMs = quota.maxWaitMs ?? 1_000;
  const ttl = o.cacheTtlMs ?? 1_000;
  const cache = new Map<string, { readonly expires: number; readonly res: RestResponse<unknown> }>();
  let nextSweep = 64;
  const inflight = new Map<string, Promise<Outcome>>();
  const counters = { requests: 0, cacheHits: 0, coalesced: 0, upstreamErrors: 0 };
  const logger = o.logger.child('rest');

  async function takeQuota(signal: AbortSignal | undefined): Promise<void> {
    const deadline = o.clock.now() + maxWaitMs;
    for (;;) {
      const got = bucket.tryTake();
      if (got.ok) return;
      if (o.clock.now() + got.waitMs > deadline) {
        throw new MassiveError('RATE_LIMITED', 'local REST quota exhausted', {
          retryAfterSec: Math.ceil(got.waitMs / 1000),
        });
      }
      await new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new MassiveError('ABORTED', 'request aborted'));
        o.clock.setTimeout(resolve, got.waitMs);
      });
    }
  }

  const upstream: RestClient = createRestClient({
    baseUrl: o.apiBase,
    auth: () => o.apiKey,
    clock: o.clock,
    random: o.random,
    logger,
    retries: o.retries ?? 2,
    timeoutMs: o.timeoutMs ?? 10_000,
    beforeAttempt: takeQuota,
    ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
  });

  /** A client over its own share is refused at once (no queueing: it is the one flooding). */
  function takeClientQuota(clientId: string): MassiveError | undefined {
    let b = clientBuckets.get(clientId);
    if (!b) {
      b = new TokenBucket({ limit: perClientLimit, intervalMs, clock: o.clock });
      clientBuckets.set(clientId, b);
    }
    const got = b.tryTake();
    if (got.ok) return undefined;
    return new MassiveError('RATE_LIMITED', `client ${clientId} is over its share of the REST quota`, {
      retryAfterSec: Math.ceil(got.waitMs / 1000),
    });
  }

  // Most keys are never asked for twice (cursors, time ranges), so an entry cannot wait for its
  // own key to come back to be dropped: expired entries are swept as new ones arrive (each sweep
  // when the cache has doubled, so the cost per entry stays constant), and the oldest go first
  // past a cap, so a long session's chains do not pile up in memory.
  function remember(key: string, entry: { readonly expires: number; readonly res: RestResponse<unknown> }): void {
    if (cache.size >= nextSweep) {
      const now = o.clock.now();
      for (const [k, v] of cache) if (v.expires <= now) cache.delete(k);
      nextSweep = Math.max(64, cache.size * 2);
    }
    // Map keeps insertion order: the first key is the oldest entry.
    if (cache.size >= maxCacheEntries) cache.delete(cache.keys().next().value as string);
    cache.delete(key);
    cache.set(key, entry);
  }

  function fetchShared(key: string): Promise<Outcome> {
    const refused = o.refusal?.();
    if (refused) return Promise.resolve({ ok: false, error: refused });
    const existing = inflight.get(key);
    if (existing) {
      counters.coalesced++;
      return existing;
    }
    const p = upstream.get(key).then(
      (res): Outcome => {
        const keep = ttlFor(key, ttl);
        if (keep > 0) remember(key, { expires: o.clock.now() + keep, res });
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
  }

  function quotaHeaders(): Record<string, string> {
    const s = bucket.stats();
    return {
      'x-quota-used': String(s.used),
      'x-quota-limit': String(s.limit),
      'x-quota-left': String(s.left),
      'x-quota-window-ms': String(intervalMs),
    };
  }

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json', ...quotaHeaders(), ...headers });
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
      const hit = cache.get(key);
      let outcome: Outcome;
      let source = 'miss';
      if (hit && hit.expires > o.clock.now()) {
        counters.cacheHits++;
        outcome = { ok: true, res: hit.res };
        source = 'hit';
      } else {
        if (hit) cache.delete(key);
        if (inflight.has(key)) {
          source = 'coalesced';
          outcome = await fetchShared(key);
        } else {
          const refused = takeClientQuota(clientId);
          outcome = refused ? { ok: false, error: refused } : await fetchShared(key);
        }
      }
      if (outcome.ok) {
        const up = outcome.res;
        const body = rewriteNextUrl(up.body, o.publicUrl());
        reply(res, up.status, body, {
          'x-proxy-cache': source,
          ...(up.requestId ? { 'x-request-id': up.requestId } : {}),
        });
        return;
      }
      const e = outcome.error;
      counters.upstreamErrors++;
      const status = statusForError(e);
      // The REST client prefixes the method and path; clients add their own, so pass the detail.
      const message = redact(e.message.replace(/^GET \S+ failed with HTTP \d+: /, ''));
      logger.info('upstream request failed', { path: redact(key), code: e.code, status: e.status });
      const code = status === 401 ? 'AUTH_FAILED' : e.code;
      reply(res, status, errorBody(status, message, code, e.requestId), {
        'x-proxy-cache': source,
        ...(e.retryAfterSec !== undefined ? { 'retry-after': String(e.retryAfterSec) } : {}),
      });
    },
    async fetchJson(path) {
      const key = cacheKey(new URL(path, 'http://proxy.invalid'));
      const hit = cache.get(key);
      if (hit && hit.expires > o.clock.now()) return hit.res.body;
      const outcome = await fetchShared(key);
      if (!outcome.ok) throw outcome.error;
      return outcome.res.body;
    },
    setQuota(newLimit, newIntervalMs) {
      if (newLimit === limit && newIntervalMs === intervalMs) return;
      logger.info('REST quota changed', { limit: newLimit, intervalMs: newIntervalMs });
      limit = newLimit;
      intervalMs = newIntervalMs;
      bucket.reconfigure(limit, intervalMs);
      perClientLimit = Math.max(1, Math.ceil(limit * 0.8));
      clientBuckets.clear();
    },
    stats() {
      const clients = Object.fromEntries(
        [...clientBuckets].sort(([a], [b]) => a.localeCompare(b)).map(([id, b]) => [id, b.stats()]),
      );
      return { quota: bucket.stats(), clients, ...counters, cached: cache.size };
    },
    async close() {
      cache.clear();
      await upstream.close();
    },
  };
}
