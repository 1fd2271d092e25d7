/**
 * Small validation helpers shared by the REST parsers: read a field as the type it should be or
 * get undefined, and unwrap the common envelope. Internal to massive/.
 */
import type { ParseIssue, RestErrorInfo, RestParseResult } from './rest-models.js';
import { optionalMillis } from './timestamps.js';

export type Obj = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A price or size: finite and not negative. */
export function nonNeg(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A price where 0 means "no data" (v2 snapshot fields reset overnight to 0). */
export function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function rec(value: unknown): Obj | undefined {
  return isRecord(value) ? value : undefined;
}

/** Beyond the year 5000: not a time Massive sends, and one `new Date(ms).toISOString()` may throw on. */
const MS_MAX = 1e14;

export function millis(value: unknown): number | undefined {
  const ms = optionalMillis(value);
  return ms === undefined || ms <= 0 || ms >= MS_MAX ? undefined : ms;
}

export function numberList(value: unknown): readonly number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const item of value) if (num(item) === undefined) return undefined;
  return value as readonly number[];
}

/** Accepts a parsed body or its text. */
function decodeBody(body: unknown): { readonly ok: true; readonly value: unknown } | { readonly ok: false } {
  if (typeof body !== 'string') return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/** §4 error body; `headerRequestId` (X-Request-Id) fills in when the body has none. */
export function parseErrorBody(body: unknown, headerRequestId?: string): RestErrorInfo {
  const decoded = decodeBody(body);
  const value = decoded.ok && isRecord(decoded.value) ? decoded.value : undefined;
  const message = value === undefined ? undefined : (nonEmpty(value['error']) ?? nonEmpty(value['message']));
  return {
    status: value === undefined ? undefined : nonEmpty(value['status']),
    requestId: (value === undefined ? undefined : nonEmpty(value['request_id'])) ?? headerRequestId,
    message,
  };
}

export type Failure = Extract<RestParseResult<never>, { ok: false }>;

export function fail(reason: string, error?: RestErrorInfo): Failure {
  return { ok: false, reason, error };
}

/** Statuses a successful envelope carries; anything else with a status is an error envelope. */
const GOOD_STATUS: ReadonlySet<string> = new Set(['OK', 'DELAYED']);

export interface Envelope {
  readonly body: Obj;
  readonly requestId: string | undefined;
  readonly nextUrl: string | undefined;
  readonly delayed: boolean;
}

/** Decodes a body and checks its envelope: an object whose `status`, if any, is OK or DELAYED. */
export function openEnvelope(body: unknown): Envelope | Failure {
  const decoded = decodeBody(body);
  if (!decoded.ok) return fail('invalid JSON');
  const value = decoded.value;
  if (!isRecord(value)) return fail('body is not a JSON object');
  const status = value['status'];
  if (typeof status === 'string' && !GOOD_STATUS.has(status)) {
    const error = parseErrorBody(value);
    return fail(`error envelope: ${status}${error.message === undefined ? '' : ` (${error.message})`}`, error);
  }
  return {
    body: value,
    requestId: nonEmpty(value['request_id']),
    nextUrl: nonEmpty(value['next_url']),
    delayed: status === 'DELAYED',
  };
}

export function isFailure(value: Envelope | Failure): value is Failure {
  return (value as Failure).ok === false;
}

export function success<T>(
  envelope: Envelope | undefined,
  value: T,
  issues: readonly ParseIssue[],
): RestParseResult<T> {
  return {
    ok: true,
    value,
    issues,
    requestId: envelope?.requestId,
    nextUrl: envelope?.nextUrl,
    delayed: envelope?.delayed ?? false,
  };
}

/** Parses each item of an array, keeping the good ones and reporting the rest under `path[i]`. */
export function parseItems<T>(
  items: unknown,
  path: string,
  parseItem: (item: unknown, itemPath: string) => T | string,
  issues: ParseIssue[],
): T[] | undefined {
  if (!Array.isArray(items)) return undefined;
  const out: T[] = [];
  items.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    const parsed = parseItem(item, itemPath);
    if (typeof parsed === 'string') issues.push({ path: itemPath, reason: parsed });
    else out.push(parsed);
  });
  return out;
}

/**
 * A response whose `key` holds a list of items (skipped and reported one by one when malformed);
 * `wrap` adds what the envelope says about the list as a whole.
 */
export function parseListResponse<T, R = T[]>(
  body: unknown,
  key: string,
  parseItem: (item: unknown) => T | string,
  wrap: (items: T[], body: Obj) => R = (items) => items as R,
): RestParseResult<R> {
  const envelope = openEnvelope(body);
  if (isFailure(envelope)) return envelope;
  const raw = envelope.body[key];
  const issues: ParseIssue[] = [];
  // An empty match may come back without the key at all.
  const items = raw === undefined || raw === null ? [] : parseItems(raw, key, (item) => parseItem(item), issues);
  if (items === undefined) return fail(`${key} is not an array`);
  return success(envelope, wrap(items, envelope.body), issues);
}

/** A response whose `key` holds one object. */
export function parseOneResponse<T>(
  body: unknown,
  key: string,
  parseItem: (item: unknown) => T | string,
): RestParseResult<T> {
  const envelope = openEnvelope(body);
  if (isFailure(envelope)) return envelope;
  const parsed = parseItem(envelope.body[key]);
  if (typeof parsed === 'string') return fail(`${key}: ${parsed}`);
  return success(envelope, parsed, []);
}

/**
 * Change and change % where the body left them out: from the price and the previous close.
 * `num()` on the ratio: a denormal previous close would make it infinite; no percentage beats a
 * wrong one.
 */
export function changeFrom(
  price: number | undefined,
  prevClose: number | undefined,
  given: { readonly change: number | undefined; readonly changePct: number | undefined },
): { readonly change: number | undefined; readonly changePct: number | undefined } {
  const change = given.change ?? (price !== undefined && prevClose !== undefined ? price - prevClose : undefined);
  const changePct =
    given.changePct ?? (change !== undefined && prevClose !== undefined ? num((change / prevClose) * 100) : undefined);
  return { change, changePct };
}
