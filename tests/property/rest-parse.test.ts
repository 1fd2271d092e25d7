import { describe, expect, it } from 'vitest';
import type { RestParseResult } from '../../src/massive/rest-models.js';
import { parseAggregates } from '../../src/massive/rest-parse-aggs.js';
import { parseOptionChain, parseOptionContractSnapshot } from '../../src/massive/rest-parse-options.js';
import {
  parseErrorBody,
  parseIndicesSnapshot,
  parseStockSnapshotSingle,
  parseStockSnapshots,
} from '../../src/massive/rest-parse.js';
import { FUZZ_TIMEOUT, anyJson, fc } from './fuzz.js';

type Arb = fc.Arbitrary<unknown>;

/** A wire number: right most of the time, else tiny, huge, negative, non-finite or another type. */
const leaf: Arb = fc.oneof(
  { weight: 4, arbitrary: fc.double() },
  fc.integer(),
  fc.constantFrom(0, -0, 5e-324, 1e308, 1.7e18, 1.7e12, 1.7e9),
  fc.constant(null),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
);
const text: Arb = fc.oneof(
  fc.constantFrom(
    'SPY',
    'I:SPX',
    'O:SPY261218C00650000',
    'O:SPY261318C00650000',
    'call',
    'put',
    '2026-12-18',
    '2026-02-30',
    'O:SPY261218C00000000',
  ),
  fc.string(),
  leaf,
);
/** A record whose every key is optional and drawn from `values`. */
function obj(keys: readonly string[], values: Arb = leaf): Arb {
  return fc.record(Object.fromEntries(keys.map((k) => [k, values])), { requiredKeys: [] });
}
const sub = (keys: readonly string[]) => fc.oneof(obj(keys), leaf);

const stockItem = fc.record(
  {
    ticker: text,
    todaysChange: leaf,
    todaysChangePerc: leaf,
    updated: leaf,
    fmv: leaf,
    day: sub(['o', 'h', 'l', 'c', 'v', 'vw']),
    min: sub(['c', 't']),
    prevDay: sub(['c']),
    lastTrade: sub(['p', 't']),
    lastQuote: sub(['p', 'P', 's', 'S', 't']),
  },
  { requiredKeys: [] },
);
const indexItem = fc.record(
  {
    ticker: text,
    error: text,
    message: text,
    name: text,
    value: leaf,
    market_status: text,
    timeframe: text,
    last_updated: leaf,
    session: sub(['previous_close', 'change', 'change_percent', 'open', 'high', 'low']),
  },
  { requiredKeys: [] },
);
const bar = obj(['t', 'o', 'h', 'l', 'c', 'v', 'vw', 'n']);
const optionItem = fc.record(
  {
    details: fc.oneof(
      obj(
        ['ticker', 'contract_type', 'expiration_date', 'strike_price', 'exercise_style', 'shares_per_contract'],
        text,
      ),
      leaf,
    ),
    day: sub([
      'open',
      'high',
      'low',
      'close',
      'volume',
      'vwap',
      'change',
      'change_percent',
      'previous_close',
      'last_updated',
    ]),
    last_quote: sub(['bid', 'ask', 'bid_size', 'ask_size', 'midpoint', 'last_updated']),
    last_trade: fc.oneof(sub(['price', 'size', 'exchange', 'sip_timestamp']), obj(['conditions'], fc.array(leaf))),
    greeks: sub(['delta', 'gamma', 'theta', 'vega']),
    implied_volatility: leaf,
    open_interest: leaf,
    break_even_price: leaf,
    fmv: leaf,
    underlying_asset: obj(['ticker', 'price', 'value'], text),
  },
  { requiredKeys: [] },
);

/** An envelope around `items` under `key`, sometimes broken, sometimes sent as text. */
function body(key: string, items: Arb, single = false): Arb {
  const envelope = fc.record(
    {
      status: fc.oneof(fc.constantFrom('OK', 'DELAYED', 'ERROR', 'NOT_AUTHORIZED'), leaf),
      request_id: text,
      next_url: text,
      ticker: text,
      adjusted: leaf,
      [key]: single ? items : fc.oneof({ weight: 5, arbitrary: fc.array(items, { maxLength: 4 }) }, leaf),
    },
    { requiredKeys: [] },
  );
  const shaped = fc.oneof({ weight: 6, arbitrary: envelope }, anyJson(), fc.string());
  return fc.oneof(
    shaped,
    shaped.map((b) => JSON.stringify(b) ?? ''),
  );
}

/** Every number in a parsed value is finite, and every `…Ms` field is a time a Date can print. */
function wellFormed(value: unknown, key = ''): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${key} = ${value}`).toBe(true);
    if (key.endsWith('Ms')) expect(() => new Date(value).toISOString()).not.toThrow();
  } else if (Array.isArray(value)) for (const v of value) wellFormed(v, key);
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) wellFormed(v, k);
}

const isRealDate = (d: string) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

function check<T>(result: RestParseResult<T>, each?: (item: T extends readonly (infer I)[] ? I : T) => void): void {
  if (!result.ok) {
    expect(typeof result.reason).toBe('string');
    return;
  }
  wellFormed(result.value);
  if (each)
    for (const item of Array.isArray(result.value) ? result.value : [result.value])
      each(item as T extends readonly (infer I)[] ? I : T);
}

const cases: [string, Arb, (b: unknown) => void][] = [
  ['parseStockSnapshots', body('tickers', stockItem), (b) => check(parseStockSnapshots(b))],
  ['parseStockSnapshotSingle', body('ticker', stockItem, true), (b) => check(parseStockSnapshotSingle(b))],
  ['parseIndicesSnapshot', body('results', indexItem), (b) => check(parseIndicesSnapshot(b))],
  ['parseAggregates', body('results', bar), (b) => check(parseAggregates(b))],
  [
    'parseOptionChain',
    body('results', optionItem),
    (b) =>
      check(parseOptionChain(b), (c) => {
        expect(isRealDate(c.expiry), c.expiry).toBe(true);
        expect(c.strike).toBeGreaterThan(0);
        expect(['call', 'put', 'other']).toContain(c.contractType);
      }),
  ],
  ['parseOptionContractSnapshot', body('results', optionItem, true), (b) => check(parseOptionContractSnapshot(b))],
  ['parseErrorBody', body('error', text, true), (b) => wellFormed(parseErrorBody(b, 'hdr'))],
];

describe('REST body parsers (property)', () => {
  it('takes the OCC ticker’s expiry over an impossible expiration_date, and refuses a zero strike', () => {
    const chain = (details: object) => parseOptionChain({ results: [{ details }] });
    const fixed = chain({ ticker: 'O:SPY261218C00650000', expiration_date: '2026-02-30' });
    expect(fixed.ok && fixed.value[0]?.expiry).toBe('2026-12-18');
    const zero = chain({ ticker: 'O:SPY261218C00000000' });
    expect(zero.ok && zero.value).toEqual([]);
  });

  it.each(cases)(
    '%s never throws; what it accepts has finite numbers, printable times, real dates',
    (_name, arb, run) => {
      fc.assert(fc.property(arb, run));
    },
    FUZZ_TIMEOUT,
  );
});
