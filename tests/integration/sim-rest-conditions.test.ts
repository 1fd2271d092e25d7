/**
 * `/v3/reference/conditions` as the simulator serves it: Massive's record shape, the filters, and
 * pagination like every v3 list. The codes must cover everything the simulator prints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTION_CONDITIONS } from '../../src/sim/index.js';
import { STOCK_ODD_LOT } from '../../src/sim/market/conditions.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';

/** A condition as /v3/reference/conditions lists it (Massive's field names). */
interface WireCondition {
  readonly id: number;
  readonly name: string;
  readonly asset_class: string;
  readonly sip_mapping: Readonly<Record<string, string>>;
  readonly update_rules: Readonly<Record<string, Readonly<Record<string, boolean>>>>;
}

/** One page of conditions, or an error (then `results` is absent). */
interface ConditionsPage {
  readonly status: string;
  readonly count: number;
  readonly results: WireCondition[];
  readonly next_url?: string;
}

describe('simulator /v3/reference/conditions', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ tickMs: 50, at: '2026-01-06T15:00:00Z', keys: { free: 'free', adv: 'advanced' } });
  });

  afterAll(async () => {
    await sim.close();
  });

  async function get(path: string, key = 'adv'): Promise<{ status: number; body: ConditionsPage }> {
    const url = new URL(path, sim.httpUrl);
    const res = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
    return { status: res.status, body: (await res.json()) as ConditionsPage };
  }

  async function all(path: string): Promise<WireCondition[]> {
    const out: WireCondition[] = [];
    let next: string | undefined = path;
    while (next) {
      const page: { status: number; body: ConditionsPage } = await get(next);
      expect(page.status).toBe(200);
      expect(page.body.count).toBe(page.body.results.length);
      out.push(...page.body.results);
      next = page.body.next_url;
      if (next) expect(next).not.toContain('apiKey');
    }
    return out;
  }

  it('serves the odd lot in Massive shape: volume only, neither high/low nor last', async () => {
    const { status, body } = await get('/v3/reference/conditions?asset_class=stocks&id=37', 'free');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'OK', request_id: expect.any(String), count: 1 });
    const rules = { updates_high_low: false, updates_open_close: false, updates_volume: true };
    expect(body.results).toEqual([
      {
        id: 37,
        name: 'Odd Lot Trade',
        asset_class: 'stocks',
        sip_mapping: { CTA: 'I', UTP: 'I', FINRA_TDDS: 'I' },
        type: 'sale_condition',
        data_types: ['trade'],
        update_rules: { consolidated: rules, market_center: rules },
      },
    ]);
  });

  it('pages ten at a time by default with a cursor, covering every code the simulator prints', async () => {
    const first = await get('/v3/reference/conditions?asset_class=options');
    expect(first.body.results).toHaveLength(10);
    expect(first.body.next_url).toMatch(new RegExp(`^${sim.httpUrl}/v3/reference/conditions\\?cursor=[A-Za-z0-9_-]+$`));
    const options = await all('/v3/reference/conditions?asset_class=options');
    const ids = options.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const id of Object.values(OPTION_CONDITIONS)) expect(ids).toContain(id);
    for (const c of options) expect(Object.keys(c.sip_mapping)).toEqual(['OPRA']);
    const stocks = await all('/v3/reference/conditions?asset_class=stocks&limit=7');
    expect(stocks.map((c) => c.id)).toContain(STOCK_ODD_LOT);
    expect(stocks.find((c) => c.id === 0)).toMatchObject({ name: 'Regular Sale' });
    expect(stocks.find((c) => c.id === 2)?.update_rules.consolidated).toEqual({
      updates_high_low: false,
      updates_open_close: false,
      updates_volume: true,
    });
    expect(stocks.every((c) => c.asset_class === 'stocks')).toBe(true);
  });

  it('filters by sip and data type, sorts descending on request, and caps the limit at 1000', async () => {
    const utp = (await get('/v3/reference/conditions?sip=UTP&limit=1000')).body.results;
    expect(utp.length).toBeGreaterThan(10);
    expect(utp.every((c) => 'UTP' in c.sip_mapping)).toBe(true);
    expect((await get('/v3/reference/conditions?data_type=nbbo')).body.results).toEqual([]);
    expect((await get('/v3/reference/conditions?asset_class=crypto')).body.results).toEqual([]);
    const desc = (await get('/v3/reference/conditions?asset_class=options&order=desc&limit=2')).body.results.map(
      (c) => c.id,
    );
    expect(desc[0]).toBeGreaterThan(desc[1]!);
    expect((await get('/v3/reference/conditions?limit=5000')).status).toBe(200);
  });

  it.each([
    '/v3/reference/conditions?asset_class=bonds',
    '/v3/reference/conditions?sip=NYSE',
    '/v3/reference/conditions?limit=0',
    '/v3/reference/conditions?sort=colour',
    '/v3/reference/conditions?cursor=!!',
  ])('answers %s with 400', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.status).toBe('ERROR');
  });
});
