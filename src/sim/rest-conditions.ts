/**
 * GET /v3/reference/conditions (Massive docs,
 * https://massive.com/docs/rest/stocks/market-operations/condition-codes.md): filters
 * `asset_class`, `data_type`, `id`, `sip`; `sort` (default `id`) and `order`; `limit` default 10,
 * max 1000; further pages through an absolute `next_url` with an opaque cursor, like every v3 list.
 * Reference data: free on every plan.
 */
import { CONDITION_RECORDS, type ConditionRecord } from './market/condition-reference.js';
import {
  encodeCursor,
  errorReply,
  isPageParams,
  ok,
  pageParams,
  type RestReply,
  type RestRequest,
} from './rest-util.js';

const ASSET_CLASSES = ['stocks', 'options', 'crypto', 'fx'];
const DATA_TYPES = ['trade', 'bbo', 'nbbo'];
const SIPS = ['CTA', 'UTP', 'OPRA'];
const SORTS = ['id', 'name', 'asset_class', 'type'] as const;
const KEYS = ['asset_class', 'data_type', 'id', 'sip', 'sort', 'order', 'limit'];

/** The row predicate for the query's filters, or the 400 text for a malformed one. */
function filterOf(q: URLSearchParams): ((c: ConditionRecord) => boolean) | string {
  const asset = q.get('asset_class');
  if (asset !== null && !ASSET_CLASSES.includes(asset))
    return `asset_class must be one of ${ASSET_CLASSES.join(', ')}.`;
  const dataType = q.get('data_type');
  if (dataType !== null && !DATA_TYPES.includes(dataType)) return `data_type must be one of ${DATA_TYPES.join(', ')}.`;
  const sip = q.get('sip');
  if (sip !== null && !SIPS.includes(sip)) return `sip must be one of ${SIPS.join(', ')}.`;
  const rawId = q.get('id');
  const id = rawId === null ? undefined : Number(rawId);
  if (id !== undefined && !Number.isInteger(id)) return 'Could not parse the id parameter.';
  return (c) =>
    (asset === null || c.asset_class === asset) &&
    (dataType === null || (c.data_types as readonly string[]).includes(dataType)) &&
    (sip === null || Object.hasOwn(c.sip_mapping, sip)) &&
    (id === undefined || c.id === id);
}

export function conditions(req: RestRequest): RestReply {
  const params = pageParams(req, { sorts: SORTS, defaultSort: 'id', defaultLimit: 10, maxLimit: 1000 });
  if (!isPageParams(params)) return params;
  const { q, limit, sort, dir } = params;
  const filter = filterOf(q);
  if (typeof filter === 'string') return errorReply(req, 400, filter);
  // Ties (the same id on stocks and options never happens, names may repeat) fall back to the table order.
  const rows = CONDITION_RECORDS.filter(filter)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const ka = a.c[sort];
      const kb = b.c[sort];
      return dir * (ka < kb ? -1 : ka > kb ? 1 : a.i - b.i);
    });
  // The position is the offset into the filtered, sorted list: the table never changes while served.
  const start = Number(q.get('ap') ?? 0);
  if (!Number.isInteger(start) || start < 0) return errorReply(req, 400, 'Invalid cursor.');
  const page = rows.slice(start, start + limit).map((r) => r.c);
  const body: Record<string, unknown> = { status: 'OK', request_id: req.requestId, count: page.length, results: page };
  if (start + limit < rows.length) {
    const next = new URLSearchParams();
    for (const k of KEYS) {
      const v = q.get(k);
      if (v !== null) next.set(k, v);
    }
    next.set('ap', String(start + limit));
    body.next_url = `${req.base}/v3/reference/conditions?cursor=${encodeCursor(next)}`;
  }
  return ok(body);
}
