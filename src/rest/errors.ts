import { MassiveError, type ErrorCode } from '../lib/errors.js';
import { redact } from '../lib/redact.js';

/** Error body shapes Massive returns (docs/massive-api.md section 4); our proxy adds `code`. */
interface ErrorBody {
  readonly status?: unknown;
  readonly request_id?: unknown;
  readonly error?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
}

const PROXY_CODES: ReadonlySet<string> = new Set([
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'AUTH_FAILED',
  'RATE_LIMITED',
  'UPSTREAM',
  'TIMEOUT',
]);

/** The HTTP statuses worth another attempt: rate limiting and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export function bodyMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as ErrorBody;
  if (typeof b.error === 'string') return b.error;
  if (typeof b.message === 'string') return b.message;
  return undefined;
}

export function bodyRequestId(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const id = (body as ErrorBody).request_id;
  return typeof id === 'string' ? id : undefined;
}

function codeFor(status: number, body: unknown): ErrorCode {
  const proxyCode = body && typeof body === 'object' ? (body as ErrorBody).code : undefined;
  if (status === 401) {
    // The proxy says which token problem it was so clients can renew instead of giving up.
    if (typeof proxyCode === 'string' && PROXY_CODES.has(proxyCode)) return proxyCode as ErrorCode;
    return 'AUTH_FAILED';
  }
  if (status === 403) return 'NOT_ENTITLED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 504 && proxyCode === 'TIMEOUT') return 'TIMEOUT';
  // 400 (bad parameter) and other 4xx are not retried but still surface as upstream refusals.
  return 'UPSTREAM';
}

/** Maps a non-2xx response to a MassiveError; the path is redacted so no key can leak. */
export function httpError(
  status: number,
  body: unknown,
  path: string,
  requestId: string | undefined,
  retryAfterMs: number | undefined,
): MassiveError {
  const code = codeFor(status, body);
  // Edge pages (nginx 502 HTML) say nothing useful; only short plain-text bodies are quoted.
  const detail =
    bodyMessage(body) ?? (typeof body === 'string' && body.length < 200 && !body.includes('<') ? body.trim() : '');
  const message = redact(`GET ${path} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`);
  return new MassiveError(code, message, {
    status,
    requestId,
    ...(retryAfterMs !== undefined ? { retryAfterSec: Math.ceil(retryAfterMs / 1000) } : {}),
  });
}
