import { request, type Dispatcher } from 'undici';
import { MassiveError } from '../lib/errors.js';
import type { Clock } from '../lib/clock.js';
import { redact } from '../lib/redact.js';
import { dispatcherFor } from './tls-trust.js';

/** One raw HTTP exchange; the policy layer above decides about retries and errors. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export interface TransportRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly clock: Clock;
  readonly dispatcher?: Dispatcher;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Sends one GET. The timeout runs on the injected clock (not undici's own timers) so tests can
 * drive it; a caller abort and a timeout are told apart by which controller fired first.
 */
export async function sendGet(req: TransportRequest): Promise<RawResponse> {
  const path = redact(new URL(req.url).pathname);
  if (req.signal?.aborted) throw new MassiveError('ABORTED', `GET ${path} aborted`);
  const controller = new AbortController();
  let timedOut = false;
  const timer = req.clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onAbort = (): void => controller.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await request(req.url, {
      method: 'GET',
      headers: req.headers,
      signal: controller.signal,
      // A proxy served over TLS with its own certificate (tls-trust.ts).
      dispatcher: req.dispatcher ?? dispatcherFor(req.url),
    });
    const text = await res.body.text();
    const headers = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
    return { status: res.statusCode, headers, body: parseBody(text, headers['content-type']) };
  } catch (err) {
    if (timedOut) throw new MassiveError('TIMEOUT', `GET ${path} timed out after ${req.timeoutMs} ms`, { cause: err });
    if (req.signal?.aborted) throw new MassiveError('ABORTED', `GET ${path} aborted`, { cause: err });
    const reason = err instanceof Error ? err.message : String(err);
    throw new MassiveError('UPSTREAM', redact(`GET ${path} failed: ${reason}`), { cause: err });
  } finally {
    req.clock.clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}
