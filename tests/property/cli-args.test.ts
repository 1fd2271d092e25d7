import { describe, expect, it } from 'vitest';
import { buildChainQuery, MAX_PAGE_SIZE, parseRange, type ChainOptions } from '../../src/cli/chain-args.js';
import { buildLevelsQuery } from '../../src/cli/levels-args.js';
import { buildPlanQuery } from '../../src/cli/plan-args.js';
import { isMassiveError } from '../../src/lib/errors.js';
import type { OptionChainFilters } from '../../src/massive/endpoints.js';
import { classifySymbol, formatOptionTicker } from '../../src/massive/symbology.js';
import { FUZZ_TIMEOUT, fc } from './fuzz.js';

/** Runs a builder; a refusal must be a USAGE error (exit 2), anything else thrown fails the property. */
function usageOr<T>(build: () => T): T | undefined {
  try {
    return build();
  } catch (error) {
    if (!isMassiveError(error, 'USAGE')) throw error;
    return undefined;
  }
}

const isRealDate = (d: unknown) =>
  typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

const num = fc.oneof(
  fc.nat({ max: 400 }).map(String),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('', ' ', '1e3', '0x10', '-0', '.5', '99999999999', '1e400', 'NaN'),
);
const range = fc.oneof(
  num,
  fc.tuple(num, num).map(([a, b]) => `${a}..${b}`),
  fc.constantFrom('..', '1..2..3', '5..', '..7'),
  fc.string({ maxLength: 6 }),
);
const date = fc.oneof(
  fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2026-02-30', '2026-13-01', '26-12-18', ''),
);
const expiry = fc.oneof(
  date,
  fc.tuple(date, date).map(([a, b]) => `${a}..${b}`),
  fc.tuple(date, date, date).map((d) => d.join('..')),
  fc.string({ maxLength: 8 }),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const chainOptions: fc.Arbitrary<ChainOptions> = fc.record({
  expiry: maybe(expiry),
  dte: maybe(range),
  type: maybe(fc.oneof(fc.constantFrom('call', 'PUT', 'c', 'p', 'calls', 'both'), fc.string({ maxLength: 4 }))),
  strike: maybe(range),
  moneyness: maybe(range),
  limit: maybe(num),
});
const underlying = fc.oneof(
  fc.constantFrom('SPY', 'spy', 'I:SPX', 'BRK.B', 'O:SPY261218C00650000', '$$'),
  fc.string({ maxLength: 6 }),
);
const today = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** The invariants every accepted query keeps, whatever flags produced it. */
function checkFilters(f: OptionChainFilters): void {
  for (const d of [f.expirationDate, f.expirationDateGte, f.expirationDateLte])
    if (d !== undefined) expect(isRealDate(d), d).toBe(true);
  if (f.expirationDateGte && f.expirationDateLte) expect(f.expirationDateGte <= f.expirationDateLte).toBe(true);
  for (const s of [f.strikePrice, f.strikePriceGte, f.strikePriceLte])
    if (s !== undefined) expect(Number.isFinite(s) && s >= 0).toBe(true);
  if (f.strikePriceGte !== undefined && f.strikePriceLte !== undefined)
    expect(f.strikePriceGte).toBeLessThanOrEqual(f.strikePriceLte);
  expect(f.limit).toBeGreaterThanOrEqual(1);
  expect(f.limit).toBeLessThanOrEqual(MAX_PAGE_SIZE);
}

describe('chain, levels and plan arguments (property)', () => {
  it(
    'parseRange returns finite ordered bounds or throws a USAGE error',
    () => {
      fc.assert(
        fc.property(range, fc.boolean(), (text, integer) => {
          const r = usageOr(() => parseRange('x', text, { integer }));
          if (!r) return;
          for (const v of [r.min, r.max]) {
            if (v === undefined) continue;
            expect(Number.isFinite(v) && v >= 0).toBe(true);
            if (integer) expect(Number.isInteger(v)).toBe(true);
          }
          expect(r.min !== undefined || r.max !== undefined).toBe(true);
          if (r.min !== undefined && r.max !== undefined) expect(r.min).toBeLessThanOrEqual(r.max);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'buildChainQuery builds a valid query or throws a USAGE error, for any flags',
    () => {
      fc.assert(
        fc.property(underlying, chainOptions, today, (symbol, opts, day) => {
          const q = usageOr(() => buildChainQuery(symbol, opts, day));
          if (!q) return;
          expect(['stocks', 'indices']).toContain(classifySymbol(q.underlying));
          checkFilters(q.filters);
          if (q.limit !== undefined) expect(Number.isInteger(q.limit) && q.limit >= 1).toBe(true);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'buildLevelsQuery takes one expiry date or a --dte range, else throws a USAGE error',
    () => {
      fc.assert(
        fc.property(underlying, maybe(expiry), maybe(range), today, (symbol, exp, dte, day) => {
          const q = usageOr(() => buildLevelsQuery(symbol, { expiry: exp, dte }, day));
          if (!q) return;
          checkFilters({ ...q.filters, limit: q.filters.limit ?? 1 });
          if (q.expiry !== undefined) expect(isRealDate(q.expiry)).toBe(true);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'buildPlanQuery accepts a real contract (round-trip to its ticker) and amounts above 0, else USAGE',
    () => {
      const contract = fc.oneof(
        fc.constantFrom(
          'O:SPY261218C00650000',
          'spy261218p00650000',
          ' O:SPXW261218C06000000 ',
          'O:SPY261318C00650000',
        ),
        fc.string({ maxLength: 22 }),
      );
      const amount = maybe(
        fc.oneof(
          num,
          num.map((n) => `$${n}`),
        ),
      );
      fc.assert(
        fc.property(contract, amount, amount, (c, entry, risk) => {
          const q = usageOr(() => buildPlanQuery(c, { entry, risk }));
          if (!q) return;
          expect(formatOptionTicker(q.option)).toBe(q.contract);
          for (const v of [q.entry, q.risk]) if (v !== undefined) expect(Number.isFinite(v) && v > 0).toBe(true);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );
});
