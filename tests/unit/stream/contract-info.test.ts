import { describe, expect, it } from 'vitest';
import type { ContractInfo } from '../../../src/market/flow/aggregator.js';
import type { RestResponse } from '../../../src/rest/index.js';
import { loadContractInfo } from '../../../src/stream/contract-info.js';
import { chainPage, contracts, dollarStrikes, type RowOptions } from '../../helpers/fake-chain.js';

const ORIGIN = 'http://127.0.0.1:1';
const AT = Date.UTC(2026, 0, 5, 15, 0, 0);
const CHAIN = contracts({
  root: 'SPY',
  expiries: ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-30'],
  strikes: dollarStrikes(400, 900),
});

function rig(rows: RowOptions = { spot: 680 }) {
  const asked: string[] = [];
  const info = new Map<string, ContractInfo>();
  const rest = {
    get: async <T>(path: string) => {
      asked.push(path);
      return { status: 200, body: chainPage(CHAIN, path, ORIGIN, rows), headers: {} } as RestResponse<T>;
    },
  };
  return { asked, info, rest, sink: { setContractInfo: (c: string, i: ContractInfo) => void info.set(c, i) } };
}

const query = (path: string) => Object.fromEntries(new URL(path, ORIGIN).searchParams);
const strikes = (info: Map<string, ContractInfo>) => [...info.keys()].map((t) => Number(t.slice(-8)) / 1000);

describe('open interest and IV for the flow tape', () => {
  it('reads strikes around the given spot on the near expiries, following pages within the cap', async () => {
    const r = rig();
    const n = await loadContractInfo(r.rest, 'SPY', r.sink, AT, { spot: 680, maxPages: 3 });
    expect(query(r.asked[0]!)).toEqual({
      'strike_price.gte': '612',
      'strike_price.lte': '748',
      'expiration_date.gte': '2026-01-05',
      'expiration_date.lte': '2026-01-15',
      sort: 'expiration_date',
      order: 'asc',
      limit: '250',
    });
    // 137 strikes × 2 rights × 3 near expiries = 822 rows: the cap of 3 pages reads 750 of them.
    expect(r.asked).toHaveLength(3);
    expect(n).toBe(750);
    expect(Math.min(...strikes(r.info))).toBe(612);
    expect(r.info.get('O:SPY260105C00680000')).toEqual({ openInterest: 1_000, iv: 0.2, volume: 10 });
  });

  it('without a spot, narrows the rest of the read around the price the first page names', async () => {
    const r = rig();
    await loadContractInfo(r.rest, 'SPY', r.sink, AT, { maxPages: 8 });
    expect(query(r.asked[0]!)['strike_price.gte']).toBeUndefined();
    expect(query(r.asked[1]!)).toMatchObject({ 'strike_price.gte': '612', 'strike_price.lte': '748' });
    // One unnarrowed page, then the 822 rows around the money in four.
    expect(r.asked).toHaveLength(5);
    expect(r.info.has('O:SPY260107P00748000')).toBe(true);
  });

  it('without a spot anywhere (no stocks plan), reads the near expiries as they come, up to the cap', async () => {
    const r = rig({ spot: 680, showSpot: false });
    await loadContractInfo(r.rest, 'SPY', r.sink, AT, { maxPages: 2 });
    expect(r.asked).toHaveLength(2);
    expect(r.asked[1]).toMatch(/\?cursor=/);
  });

  it('takes a budget slot before every page', async () => {
    const r = rig();
    let slots = 0;
    await loadContractInfo(r.rest, 'SPY', r.sink, AT, { spot: 680, maxPages: 4, slot: async () => void slots++ });
    expect(slots).toBe(r.asked.length);
    expect(slots).toBe(4);
  });

  it('still takes an AbortSignal as its last argument', async () => {
    const r = rig();
    const controller = new AbortController();
    expect(await loadContractInfo(r.rest, 'SPY', r.sink, AT, controller.signal)).toBeGreaterThan(250);
  });
});
