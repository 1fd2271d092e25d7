import { describe, expect, it } from 'vitest';
import { parseWatchSymbols } from '../../src/cli/symbols.js';
import { isMassiveError } from '../../src/lib/errors.js';
import {
  classifySymbol,
  formatOptionTicker,
  normalizeUserSymbol,
  parseOptionTicker,
  type OptionTicker,
} from '../../src/massive/symbology.js';
import { FUZZ_TIMEOUT, fc } from './fuzz.js';

const TICKER_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.:-_ ';

/** Strings that look like tickers often enough to reach every branch, and junk. */
const symbolish = fc.oneof(
  fc.string({ unit: fc.constantFrom(...TICKER_CHARS), maxLength: 24 }),
  fc.constantFrom('O:', 'I:', 'o:spy', 'i:spx').chain((p) => fc.string({ maxLength: 20 }).map((s) => p + s)),
  fc.string({ unit: 'binary' }),
);
const realDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const option: fc.Arbitrary<OptionTicker> = fc.record({
  root: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 1, maxLength: 6 }),
  expiry: realDate,
  right: fc.constantFrom('call', 'put'),
  strike: fc.integer({ min: 0, max: 99_999_999 }).map((m) => m / 1000),
});
/** OCC-shaped strings with every part sometimes wrong (impossible dates, bad rights). */
const occish = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'ABZ019a'), maxLength: 7 }),
    fc.stringMatching(/^\d{6}$/),
    fc.constantFrom('C', 'P', 'X', 'c'),
    fc.stringMatching(/^\d{7,9}$/),
  )
  .map(([root, date, right, strike]) => `O:${root}${date}${right}${strike}`);

describe('option symbology (property)', () => {
  it(
    'round-trip: format then parse gives the contract back',
    () => {
      fc.assert(
        fc.property(option, (o) => {
          const ticker = formatOptionTicker(o);
          expect(ticker).toBeDefined();
          expect(parseOptionTicker(ticker!)).toEqual(o);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'round-trip: whatever parses formats back to the very same ticker (one spelling per contract)',
    () => {
      fc.assert(
        fc.property(fc.oneof(occish, symbolish), (text) => {
          const parsed = parseOptionTicker(text);
          if (parsed === undefined) return;
          expect(formatOptionTicker(parsed)).toBe(text);
          expect(new Date(`${parsed.expiry}T00:00:00Z`).toISOString().slice(0, 10)).toBe(parsed.expiry);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'formatOptionTicker never throws and returns a ticker or undefined for any parts',
    () => {
      const part = fc.oneof(
        fc.string(),
        fc.double(),
        fc.constant(undefined),
        fc.constantFrom('call', 'put', '2026-12-18'),
      );
      fc.assert(
        fc.property(fc.record({ root: part, expiry: part, right: part, strike: part }), (o) => {
          const ticker = formatOptionTicker(o as unknown as OptionTicker);
          if (ticker !== undefined) expect(parseOptionTicker(ticker)).toBeDefined();
        }),
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('user symbols (property)', () => {
  it(
    'normalizeUserSymbol is idempotent and only returns what classifies to a cluster',
    () => {
      fc.assert(
        fc.property(fc.oneof(symbolish, occish), (text) => {
          const n = normalizeUserSymbol(text);
          if (n === undefined) return;
          expect(classifySymbol(n)).toBeDefined();
          expect(normalizeUserSymbol(n)).toBe(n);
          expect(n).toBe(n.trim().toUpperCase());
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'parseWatchSymbols returns unique normalised tickers or throws a USAGE error',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(symbolish, fc.constantFrom('SPY', 'spy,qqq', ' ', ',,')), { maxLength: 6 }),
          (args) => {
            try {
              const out = parseWatchSymbols(args);
              expect(out.length).toBeGreaterThan(0);
              expect(new Set(out).size).toBe(out.length);
              for (const s of out) expect(normalizeUserSymbol(s)).toBe(s);
            } catch (error) {
              expect(isMassiveError(error, 'USAGE')).toBe(true);
            }
          },
        ),
      );
    },
    FUZZ_TIMEOUT,
  );
});
