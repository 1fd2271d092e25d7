import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import { DEFAULT_CONDITION_TABLES } from '../../../src/massive/conditions.js';
import { createRestClient } from '../../../src/rest/index.js';
import {
  CONDITIONS_CACHE_FILE,
  loadConditionTables,
  type ConditionsLoaderOptions,
} from '../../../src/stream/conditions-loader.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);

function row(assetClass: string, id: number, oc: boolean, vol = true): Record<string, unknown> {
  const rules = { updates_high_low: oc, updates_open_close: oc, updates_volume: vol };
  return {
    asset_class: assetClass,
    data_types: ['trade'],
    id,
    name: `c${id}`,
    sip_mapping: {},
    type: 'sale_condition',
    update_rules: { consolidated: rules, market_center: rules },
  };
}

/**
 * The fixture: stocks on two pages (the first names the next one by an absolute URL on Massive's
 * host, as the real service does), options on one. Id 14 is made to forbid Last and 37 to allow
 * it, the opposite of the built-in table, so a test can tell fetched rules from the defaults.
 */
const PAGES: Readonly<Record<string, unknown>> = {
  '/v3/reference/conditions?asset_class=stocks&data_type=trade&limit=1000': {
    status: 'OK',
    request_id: 'p1',
    count: 2,
    next_url: 'https://api.massive.com/v3/reference/conditions?cursor=c3RvY2tzMg',
    results: [row('stocks', 14, false), row('stocks', 2, false), { junk: true }],
  },
  '/v3/reference/conditions?cursor=c3RvY2tzMg': {
    status: 'OK',
    request_id: 'p2',
    count: 1,
    results: [row('stocks', 37, true)],
  },
  '/v3/reference/conditions?asset_class=options&data_type=trade&limit=1000': {
    status: 'OK',
    request_id: 'p3',
    count: 2,
    results: [row('options', 209, true), row('options', 232, true)],
  },
};

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const fixture: Handler = (req, res) => {
  const body = PAGES[req.url ?? ''];
  res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body ?? { status: 'NOT_FOUND', request_id: 'x', message: 'no such page' }));
};

let server: Server | undefined;
let dir: string | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function setup(handler: Handler = fixture) {
  const requests: string[] = [];
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'massive-conditions-'));
  const lines: string[] = [];
  const clock = new ManualClock(T0);
  let slots = 0;
  const options = (extra: Partial<ConditionsLoaderOptions> = {}): ConditionsLoaderOptions => ({
    rest: createRestClient({ baseUrl: `http://127.0.0.1:${port}`, auth: () => 'test-token', retries: 0 }),
    restSlot: async () => {
      slots++;
    },
    cacheDir: dir,
    clock,
    logger: createLogger({ level: 'info', sink: (line) => lines.push(line) }),
    ...extra,
  });
  return { requests, lines, clock, options, slots: () => slots, dir: dir! };
}

describe('loadConditionTables', () => {
  it('follows next_url across pages, takes a budget slot per page and lays the rules over the defaults', async () => {
    const t = await setup();
    const tables = await loadConditionTables(t.options());
    expect(t.requests).toEqual(Object.keys(PAGES));
    expect(t.slots()).toBe(3);
    expect(tables.stocks[14]?.updatesLast).toBe(false);
    expect(tables.stocks[37]?.updatesLast).toBe(true);
    expect(tables.stocks[7]).toEqual(DEFAULT_CONDITION_TABLES.stocks[7]);
    expect(tables.options[232]?.updatesLast).toBe(true);
  });

  it('makes no REST call while the cached table is less than a day old, and refreshes it after', async () => {
    const t = await setup();
    await loadConditionTables(t.options());
    t.clock.advance(DAY - 1);
    const cached = await loadConditionTables(t.options());
    expect(t.requests).toHaveLength(3);
    expect(cached.stocks[37]?.updatesLast).toBe(true);
    t.clock.advance(2);
    await loadConditionTables(t.options());
    expect(t.requests).toHaveLength(6);
  });

  it('falls back to the built-in rules for a class that fails, and asks again for that class only', async () => {
    let optionsUp = false;
    const t = await setup((req, res) => {
      if (req.url?.includes('asset_class=options') && !optionsUp) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"OK","results":"not a list"}');
      } else fixture(req, res);
    });
    const first = await loadConditionTables(t.options());
    expect(first.options).toEqual(DEFAULT_CONDITION_TABLES.options);
    expect(first.stocks[37]?.updatesLast).toBe(true);
    expect(t.lines.some((l) => l.includes('warn') && l.includes('options'))).toBe(true);
    optionsUp = true;
    t.requests.length = 0;
    const second = await loadConditionTables(t.options());
    expect(t.requests).toEqual(['/v3/reference/conditions?asset_class=options&data_type=trade&limit=1000']);
    expect(second.options[232]?.updatesLast).toBe(true);
  });

  it.each<readonly [string, Handler]>([
    ['a server error', (_req, res) => res.writeHead(500).end('{}')],
    [
      'a body that is not JSON',
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('<html>'),
    ],
    [
      'an answer without a single usable row',
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[{"id":"x"}]}'),
    ],
    [
      'a plan that is not entitled',
      (_req, res) =>
        res.writeHead(403, { 'content-type': 'application/json' }).end('{"status":"NOT_AUTHORIZED","message":"no"}'),
    ],
  ])('never throws on %s: the built-in rules stand and nothing is cached', async (_name, handler) => {
    const t = await setup(handler);
    await expect(loadConditionTables(t.options())).resolves.toEqual(DEFAULT_CONDITION_TABLES);
    expect(() => readFileSync(join(t.dir, CONDITIONS_CACHE_FILE))).toThrow();
  });

  it('stops after a rate-limit answer instead of spending more of the quota', async () => {
    const t = await setup((_req, res) =>
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30' }).end('{}'),
    );
    await expect(loadConditionTables(t.options())).resolves.toEqual(DEFAULT_CONDITION_TABLES);
    expect(t.requests).toHaveLength(1);
  });

  it('stops on a repeated cursor', async () => {
    const t = await setup((req, res) => {
      const loop = {
        results: [row('stocks', 37, true)],
        next_url: 'https://api.massive.com/v3/reference/conditions?cursor=again',
      };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(req.url?.includes('options') ? PAGES[req.url] : loop));
    });
    const tables = await loadConditionTables(t.options());
    expect(t.requests.filter((u) => u.includes('cursor=again'))).toHaveLength(1);
    expect(tables.stocks[37]?.updatesLast).toBe(true);
  });

  it('resolves to the built-in rules when the server is gone', async () => {
    const t = await setup();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(loadConditionTables(t.options())).resolves.toEqual(DEFAULT_CONDITION_TABLES);
  });

  it('makes no request when the budget slot is refused (shutdown)', async () => {
    const t = await setup();
    const lifetime = new AbortController();
    const restSlot = (signal?: AbortSignal) =>
      signal?.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
    lifetime.abort();
    await expect(loadConditionTables(t.options({ restSlot, signal: lifetime.signal }))).resolves.toEqual(
      DEFAULT_CONDITION_TABLES,
    );
    expect(t.requests).toEqual([]);
  });

  it('ignores a corrupt cache file and replaces it', async () => {
    const t = await setup();
    writeFileSync(join(t.dir, CONDITIONS_CACHE_FILE), '{"v":1,"classes":');
    const tables = await loadConditionTables(t.options());
    expect(t.requests).toHaveLength(3);
    expect(tables.stocks[14]?.updatesLast).toBe(false);
    expect(JSON.parse(readFileSync(join(t.dir, CONDITIONS_CACHE_FILE), 'utf8'))).toMatchObject({ v: 1 });
  });

  it('works without a cache directory', async () => {
    const t = await setup();
    const tables = await loadConditionTables(t.options({ cacheDir: undefined }));
    expect(tables.stocks[14]?.updatesLast).toBe(false);
  });
});
