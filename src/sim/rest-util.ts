/**
 * REST plumbing shared by the simulator's routes: request ids, JSON replies with exact error
 * bodies (Massive docs, https://massive.com/docs/rest/quickstart.md; texts as the live service sends
 * them), API-key extraction from `?apiKey=` or `Authorization: Bearer`, opaque page cursors.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const TEXTS = {
  noKey: 'API Key was not provided',
  unknownKey: 'Unknown API Key',
  rateLimited:
    "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://massive.com/pricing",
  notEntitled: 'You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing',
  todayBeforeEod:
    "Attempted to request today's data before end of day. Please upgrade your plan at https://polygon.io/pricing",
  notFound: 'Data not found.',
  tickerNotFound: 'Ticker not found.',
  optionNotFound: 'Option Ticker not found.',
  pathNotFound: 'Not found',
  badLimit: 'Could not parse the limit parameter.',
} as const;

export function newRequestId(): string {
  return randomBytes(16).toString('hex');
}

/** Everything a route handler gets. */
export interface RestRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly requestId: string;
  /** Public base for absolute `next_url`s, e.g. http://127.0.0.1:PORT. */
  readonly base: string;
}

export interface RestReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function ok(body: Record<string, unknown>): RestReply {
  return { status: 200, body };
}

/** `{status:"ERROR", request_id, error}` — 400/401/429 style. */
export function errorReply(
  req: RestRequest,
  status: number,
  error: string,
  headers?: Record<string, string>,
): RestReply {
  return { status, body: { status: 'ERROR', request_id: req.requestId, error }, ...(headers ? { headers } : {}) };
}

/** `{status:"NOT_FOUND"|"NOT_AUTHORIZED", request_id, message}` — 403/404 style. */
export function messageReply(req: RestRequest, status: 403 | 404, message: string): RestReply {
  return {
    status,
    body: { status: status === 404 ? 'NOT_FOUND' : 'NOT_AUTHORIZED', request_id: req.requestId, message },
  };
}

export function notFound(req: RestRequest, message: string = TEXTS.notFound): RestReply {
  return messageReply(req, 404, message);
}

/** The key from `?apiKey=` (client-js) or `Authorization: Bearer` (client-python/go); '' if present but empty. */
export function extractKey(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const fromQuery = query.get('apiKey');
  if (fromQuery !== null) return fromQuery;
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(.*)$/i.exec(header.trim());
    return m ? m[1]!.trim() : '';
  }
  return undefined;
}

export function writeReply(res: ServerResponse, requestId: string, reply: RestReply): void {
  if (res.headersSent || res.destroyed) return;
  const isText = typeof reply.body === 'string';
  const payload = isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': isText ? 'text/html' : 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'X-Request-Id': requestId,
    ...reply.headers,
  });
  res.end(payload);
}

/** Reads a small JSON body (control endpoint); undefined when it is not JSON. */
export async function readJsonBody(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}

/** Nanoseconds from ms, as REST snapshots carry them. */
export function ns(ms: number): number {
  return Math.trunc(ms) * 1e6;
}

/**
 * `limit` within [1, max], `def` when absent, or the 400 reply when it is not a whole number ≥ 1.
 * `query`: where to read it (a cursor's filters, on a next page).
 */
export function limitParam(req: RestRequest, def: number, max: number, query = req.query): number | RestReply {
  const raw = query.get('limit');
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) return errorReply(req, 400, TEXTS.badLimit);
  return Math.min(n, max);
}

/** `A, B,,C` → `['A', 'B', 'C']`: a comma-separated ticker list, blanks dropped. */
export function tickerList(raw: string): string[] {
  return raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** An opaque `cursor` for `next_url`: the filters and position, base64url, never the key. */
export function encodeCursor(params: URLSearchParams): string {
  return Buffer.from(params.toString(), 'utf8').toString('base64url');
}

/** The parameters inside a cursor; undefined when it is malformed or lacks the `ap` position. */
export function decodeCursor(cursor: string): URLSearchParams | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const params = new URLSearchParams(Buffer.from(cursor, 'base64url').toString('utf8'));
  return params.has('ap') ? params : undefined;
}

/** The paging parameters of a v3 list endpoint, read from the query or from its cursor. */
export interface PageParams<S extends string> {
  /** The original filters: the cursor's, when there is one. */
  readonly q: URLSearchParams;
  readonly limit: number;
  readonly sort: S;
  readonly dir: 1 | -1;
}

/**
 * Reads `cursor`, `limit`, `sort` and `order` the way every v3 list endpoint does; a 400 reply
 * when one is malformed. The endpoint checks its own filters on the returned query.
 */
export function pageParams<S extends string>(
  req: RestRequest,
  o: {
    readonly sorts: readonly S[];
    readonly defaultSort: S;
    readonly defaultLimit: number;
    readonly maxLimit: number;
  },
): PageParams<S> | RestReply {
  let q = req.query;
  const cursor = q.get('cursor');
  if (cursor !== null) {
    const decoded = decodeCursor(cursor);
    if (!decoded) return errorReply(req, 400, 'Invalid cursor.');
    q = decoded;
  }
  const limit = limitParam(req, o.defaultLimit, o.maxLimit, q);
  if (typeof limit !== 'number') return limit;
  const sort = (q.get('sort') ?? o.defaultSort) as S;
  if (!o.sorts.includes(sort)) return errorReply(req, 400, `sort must be one of ${o.sorts.join(', ')}.`);
  const order = q.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') return errorReply(req, 400, 'order must be asc or desc.');
  return { q, limit, sort, dir: order === 'asc' ? 1 : -1 };
}

export function isPageParams<S extends string>(v: PageParams<S> | RestReply): v is PageParams<S> {
  return (v as PageParams<S>).q instanceof URLSearchParams;
}
