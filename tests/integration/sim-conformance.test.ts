/**
 * Checks the simulator's output against Massive's published OpenAPI documents (vendored in spec/):
 * every value must match the declared type, and every key we send must be declared there, so
 * clients written against the real service see nothing the real service would not send.
 *
 * Validator: Ajv 8 (the devDependency), default draft-07 mode, `strict: false` (OpenAPI keywords
 * such as `x-*` and `format: double` are then ignored rather than rejected), formats not checked.
 * OpenAPI 3.0 → JSON Schema translation: our own small rewrite in `validator()` below, no library:
 * the whole OpenAPI document is registered under the id `doc` so each `$ref` `#/components/...`
 * becomes `doc#/components/...`, and the two 3.0 keywords that are not JSON Schema are dropped:
 * `nullable` (Massive's spec never marks a field we send as null) and `example`. Ajv checks types
 * and `required`; `undeclared()` adds the reverse check (no key the spec does not declare).
 *
 * WS coverage: every event type the simulator emits (stocks T/Q/A/AM, options T/Q/A/AM, indices
 * V/A/AM). `status` frames have no schema in the WebSocket document; their exact texts are
 * asserted in sim-ws, sim-limits and sim-faults instead.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import AjvModule from 'ajv';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { openWs } from '../helpers/ws-client.js';

// The specs are vendored in spec/ (see spec/README.md for their origin).
const SPEC_DIR = process.env.MASSIVE_SPEC_DIR ?? fileURLToPath(new URL('../../spec', import.meta.url));
type AjvCtor = new (
  opts: Record<string, unknown>,
) => {
  addSchema(s: unknown, k: string): void;
  compile(s: unknown): ((v: unknown) => boolean) & { errors?: unknown[] | null };
};
const Ajv = ((AjvModule as unknown as { default?: AjvCtor }).default ?? AjvModule) as unknown as AjvCtor;

/**
 * Keys the live service sends that the spec leaves out: `count` on aggregates and `T` on the
 * previous-close bar both appear in Massive's own documented examples (https://massive.com/docs/rest/stocks/aggregates/previous-day-bar), and
 * `request_id` is part of every envelope though the multi-ticker snapshot schema omits it.
 */
const DOCUMENTED_EXTRAS = new Set(['$.count', '$.results[0].T', '$.request_id']);

/** The parts of an OpenAPI schema object this file reads. */
interface Schema {
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
}

/** The parts of an OpenAPI document this file reads: the JSON schema of each GET's 200 answer. */
interface OpenApiDoc {
  readonly paths: Readonly<
    Record<
      string,
      {
        readonly get?: {
          readonly responses: Record<string, { readonly content: Record<string, { readonly schema: Schema }> }>;
        };
      }
    >
  >;
}

/** A missing spec fails the file loudly: the documents ship with the repository. */
function load(name: string): OpenApiDoc {
  const doc: unknown = JSON.parse(readFileSync(`${SPEC_DIR}/${name}`, 'utf8'));
  if (typeof doc !== 'object' || doc === null || !('paths' in doc))
    throw new Error(`${name} is not an OpenAPI document`);
  return doc as OpenApiDoc;
}

/** The schema of the JSON a GET answers with 200. */
function answerSchema(doc: OpenApiDoc, path: string): Schema | undefined {
  return doc.paths[path]?.get?.responses['200']?.content['application/json']?.schema;
}

const rest = load('massive-rest.openapi.json');
const ws = load('massive-websocket.openapi.json');

function resolveRef(doc: OpenApiDoc, schema: Schema | undefined): Schema | undefined {
  let s = schema;
  while (s && typeof s.$ref === 'string') {
    const target: unknown = s.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>(
        (o, k) =>
          o && typeof o === 'object'
            ? (o as Record<string, unknown>)[k.replace(/~1/g, '/').replace(/~0/g, '~')]
            : undefined,
        doc,
      );
    s = target as Schema | undefined;
  }
  return s;
}

/** Keys present in `value` but not declared in `schema` (walks objects, arrays, allOf/anyOf/oneOf). */
function undeclared(doc: OpenApiDoc, schema: Schema | undefined, value: unknown, path = '$'): string[] {
  const s = resolveRef(doc, schema);
  if (!s || value === null || typeof value !== 'object') return [];
  const variants = [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])].map((v) => resolveRef(doc, v));
  if (Array.isArray(value)) return s.items ? value.flatMap((v, i) => undeclared(doc, s.items, v, `${path}[${i}]`)) : [];
  const props: Record<string, Schema> = Object.assign({}, s.properties, ...variants.map((v) => v?.properties ?? {}));
  if (Object.keys(props).length === 0) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (!(k in props)) out.push(`${path}.${k}`);
    else out.push(...undeclared(doc, props[k], v, `${path}.${k}`));
  }
  return out;
}

function validator(doc: OpenApiDoc, schema: Schema) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(doc, 'doc');
  const rewrite = (s: unknown): unknown =>
    Array.isArray(s)
      ? s.map(rewrite)
      : s && typeof s === 'object'
        ? Object.fromEntries(
            Object.entries(s)
              .filter(([k]) => k !== 'nullable' && k !== 'example')
              .map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? `doc${v}` : rewrite(v)]),
          )
        : s;
  return ajv.compile(rewrite(schema));
}

function check(doc: OpenApiDoc, schema: Schema | undefined, value: unknown): void {
  if (!schema) throw new Error('no JSON schema for the 200 answer');
  const validate = validator(doc, schema);
  expect(validate(value), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  expect(undeclared(doc, schema, value).filter((k) => !DOCUMENTED_EXTRAS.has(k))).toEqual([]);
}

const KEY = 'demo-key';
const AT = '2026-01-06T15:00:00Z';

describe('simulator conformance with the published OpenAPI documents', () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it.each([
    ['/v2/snapshot/locale/us/markets/stocks/tickers', '?tickers=SPY,AAPL'],
    ['/v2/snapshot/locale/us/markets/stocks/tickers/{stocksTicker}', ''],
    ['/v3/snapshot/indices', '?ticker.any_of=I:SPX,I:VIX'],
    ['/v3/snapshot/options/{underlyingAsset}', '?limit=5&expiration_date=2026-12-18'],
    ['/v3/snapshot/options/{underlyingAsset}/{optionContract}', ''],
    ['/v2/aggs/ticker/{stocksTicker}/range/{multiplier}/{timespan}/{from}/{to}', ''],
    ['/v2/aggs/ticker/{stocksTicker}/prev', ''],
    ['/v1/indicators/sma/{stockTicker}', '?limit=3'],
    ['/v1/indicators/macd/{stockTicker}', '?limit=3'],
    ['/v1/marketstatus/now', ''],
    ['/v1/marketstatus/upcoming', ''],
    ['/v2/last/trade/{stocksTicker}', ''],
    ['/v2/last/nbbo/{stocksTicker}', ''],
  ])('answers %s with a body the spec declares', async (specPath, query) => {
    const s = await startSimulator({ tickMs: 20, speed: 60, at: AT });
    sim = s;
    // A minute and more of market time, so every endpoint has finished bars to answer with.
    const start = s.market.now();
    await expect.poll(() => s.market.now() - start, { timeout: 10_000 }).toBeGreaterThan(72_000);
    const path = specPath
      .replace('{stocksTicker}', 'SPY')
      .replace('{stockTicker}', 'SPY')
      .replace('{underlyingAsset}', 'SPY')
      .replace('{optionContract}', 'O:SPY261218C00650000')
      .replace('{multiplier}', '1')
      .replace('{timespan}', 'minute')
      .replace('{from}', '2026-01-06')
      .replace('{to}', '2026-01-06');
    const res = await fetch(`${sim.httpUrl}${path}${query}${query ? '&' : '?'}apiKey=${KEY}`);
    expect(res.status).toBe(200);
    expect(rest.paths[specPath]?.get, `spec has no GET ${specPath}`).toBeDefined();
    check(rest, answerSchema(rest, specPath), await res.json());
  });

  it.each([
    ['/stocks', 'T.SPY,Q.SPY,A.SPY,AM.SPY', ['T', 'Q', 'A', 'AM']],
    ['/indices', 'V.I:SPX,A.I:SPX,AM.I:SPX', ['V', 'A', 'AM']],
    // Options `Q` has no wildcard (1,000-contract cap): quote one at-the-money SPY contract.
    ['/options', 'T.*,A.*,AM.*,Q.O:SPY260109C00680000', ['T', 'Q', 'A', 'AM']],
  ])('streams events on %s that the WebSocket spec declares', async (path, topics, evs) => {
    sim = await startSimulator({ tickMs: 10, speed: 120, at: AT });
    const c = await openWs(sim.wsUrl + path);
    try {
      c.auth(KEY, topics);
      for (const ev of evs) await c.waitFor((e) => e.ev === ev, 8000);
      const seen = new Set<string>();
      for (const e of c.frames.flat()) {
        const ev = String(e.ev);
        if (ev === 'status' || seen.has(ev)) continue;
        seen.add(ev);
        expect(ws.paths[`${path}/${e.ev}`]?.get, `spec has no ${path}/${e.ev}`).toBeDefined();
        check(ws, answerSchema(ws, `${path}/${e.ev}`), e);
      }
      expect([...seen].sort()).toEqual([...evs].sort());
    } finally {
      await c.close();
    }
  });
});
