import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from '../lib/clock.js';
import { MassiveError, toMassiveError } from '../lib/errors.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { redact, registerSecret } from '../lib/redact.js';
import { fullJitterDelay, parseRetryAfterMs } from '../lib/backoff.js';
import { bodyRequestId, httpError, isRetryableStatus } from './errors.js';
import { sendGet, type RawResponse } from './transport.js';

export interface RestClientOptions {
  /** Origin (optionally with a path prefix), e.g. `http://127.0.0.1:PORT` or `https://api.massive.com`. */
  readonly baseUrl: string;
  /** Key or proxy token, sent as `Authorization: Bearer`; called per attempt so tokens can renew. */
  readonly auth: () => string | Promise<string>;
  /** Per-attempt timeout. @default 10_000 */
  readonly timeoutMs?: number;
  /** Extra attempts on 429, 5xx and network failures. @default 2 */
  readonly retries?: number;
  /** Longest Retry-After we are willing to sleep through; longer ones fail fast. @default 60_000 */
  readonly maxRetryAfterMs?: number;
  /** Backoff window base and cap, ms. @default 250 and 10_000 */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly dispatcher?: Dispatcher;
  /**
   * Awaited before every attempt (the proxy spends a quota token here). May throw a
   * MassiveError, which is not retried.
   */
  readonly beforeAttempt?: (signal: AbortSignal | undefined) => Promise<void>;
}

export interface RestResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Record<string, string>;
  readonly requestId?: string;
}

export interface GetOptions {
  readonly signal?: AbortSignal;
  readonly retries?: number;
}

export interface RestClient {
  get<T = unknown>(pathAndQuery: string, opts?: GetOptions): Promise<RestResponse<T>>;
  /** Yields each page's `results[]`, following absolute `next_url` until absent or repeated. */
  paginate<T>(pathAndQuery: string, opts?: GetOptions): AsyncIterable<T[]>;
  close(): Promise<void>;
}

function sleep(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new MassiveError('ABORTED', 'request aborted'));
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(new MassiveError('ABORTED', 'request aborted'));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves a path (or an absolute next_url) against the base, keeping auth on the base origin. */
export function resolveUrl(baseUrl: string, pathOrUrl: string): string {
  const base = new URL(baseUrl);
  // next_url may name another host (api.massive.com behind a proxy, or the `:443:443` defect);
  // only its path and query are reused so the credential never travels to a foreign origin.
  const rel = /^https?:\/\//i.test(pathOrUrl) ? pathAndQueryOf(pathOrUrl) : pathOrUrl;
  const prefix = base.pathname.replace(/\/$/, '');
  const path = rel.startsWith('/') ? rel : `/${rel}`;
  const withPrefix = prefix && !path.startsWith(`${prefix}/`) ? prefix + path : path;
  return base.origin + withPrefix;
}

function pathAndQueryOf(absolute: string): string {
  try {
    const u = new URL(absolute);
    return u.pathname + u.search;
  } catch {
    const m = /^https?:\/\/[^/]+(\/.*)?$/i.exec(absolute);
    return m?.[1] ?? '/';
  }
}

type Attempt<T> =
  | { readonly ok: true; readonly res: RestResponse<T> }
  | { readonly ok: false; readonly failure: MassiveError; readonly retryable: boolean; readonly waitMs?: number };

/** One attempt's outcome: the 2xx answer, or the failure, whether it may be retried and after how long. */
async function tryOnce<T>(send: () => Promise<RawResponse>, path: string, clock: Clock): Promise<Attempt<T>> {
  try {
    const res = await send();
    const requestId = bodyRequestId(res.body) ?? res.headers['x-request-id'];
    if (res.status >= 200 && res.status < 300) {
      const ok = { status: res.status, body: res.body as T, headers: res.headers, ...(requestId ? { requestId } : {}) };
      return { ok: true, res: ok };
    }
    const waitMs = parseRetryAfterMs(res.headers['retry-after'], clock.now());
    const failure = httpError(res.status, res.body, path, requestId, waitMs);
    return {
      ok: false,
      failure,
      retryable: isRetryableStatus(res.status),
      ...(waitMs !== undefined ? { waitMs } : {}),
    };
  } catch (err) {
    const failure = toMassiveError(err, 'UPSTREAM');
    // Only network failures are retried; timeouts, aborts and local quota refusals surface.
    return { ok: false, failure, retryable: failure.code === 'UPSTREAM' && failure.status === undefined };
  }
}

/** Every page of a paginated listing, following `next_url` until it ends or repeats. */
async function* pages<T>(
  get: RestClient['get'],
  baseUrl: string,
  pathAndQuery: string,
  opts: GetOptions,
): AsyncIterable<T[]> {
  const seen = new Set<string>([resolveUrl(baseUrl, pathAndQuery)]);
  let next: string | undefined = pathAndQuery;
  while (next !== undefined) {
    const page: RestResponse<{ results?: unknown; next_url?: unknown }> = await get(next, opts);
    const results = page.body?.results;
    yield (Array.isArray(results) ? results : []) as T[];
    const nextUrl = page.body?.next_url;
    if (typeof nextUrl !== 'string' || nextUrl === '') break;
    // Guard against the reported repeated-cursor loop (polygon-io/issues#289).
    const key = resolveUrl(baseUrl, nextUrl);
    if (seen.has(key)) break;
    seen.add(key);
    next = nextUrl;
  }
}

export function createRestClient(o: RestClientOptions): RestClient {
  const clock = o.clock ?? systemClock;
  const random = o.random ?? Math.random;
  const logger = (o.logger ?? silentLogger).child('rest');
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxRetryAfterMs = o.maxRetryAfterMs ?? 60_000;
  let closed = false;

  async function send(url: string, signal: AbortSignal | undefined): Promise<RawResponse> {
    if (o.beforeAttempt) await o.beforeAttempt(signal);
    const credential = await o.auth();
    registerSecret(credential);
    return sendGet({
      url,
      headers: { authorization: `Bearer ${credential}`, accept: 'application/json', 'accept-encoding': 'identity' },
      timeoutMs,
      clock,
      ...(signal ? { signal } : {}),
      ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
    });
  }

  async function get<T>(pathAndQuery: string, opts: GetOptions = {}): Promise<RestResponse<T>> {
    if (closed) throw new MassiveError('ABORTED', 'REST client is closed');
    const url = resolveUrl(o.baseUrl, pathAndQuery);
    const path = redact(new URL(url).pathname + new URL(url).search);
    const retries = opts.retries ?? o.retries ?? 2;
    for (let n = 0; ; n++) {
      const attempt = await tryOnce<T>(() => send(url, opts.signal), path, clock);
      if (attempt.ok) return attempt.res;
      const { failure, retryable, waitMs } = attempt;
      // Never shorten the server's Retry-After; if it is longer than we will wait, fail now.
      if (!retryable || n >= retries || (waitMs !== undefined && waitMs > maxRetryAfterMs)) throw failure;
      const jitter = fullJitterDelay(n, random, { baseMs: o.backoffBaseMs ?? 250, capMs: o.backoffCapMs ?? 10_000 });
      const delay = Math.max(waitMs ?? 0, jitter);
      logger.debug('retrying', { path, attempt: n + 1, delayMs: delay, code: failure.code, status: failure.status });
      await sleep(clock, delay, opts.signal);
    }
  }

  return {
    get,
    paginate: <T>(pathAndQuery: string, opts: GetOptions = {}) => pages<T>(get, o.baseUrl, pathAndQuery, opts),
    async close() {
      closed = true;
    },
  };
}
