import { describe, expect, it } from 'vitest';
import { CLUSTERS, type Cluster, type MassiveEvent } from '../../src/massive/events.js';
import { parseFrame } from '../../src/massive/parse-frame.js';
import { FUZZ_TIMEOUT, anyJson, fc } from './fuzz.js';

const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const nonNeg = (v: unknown) => finite(v) && (v as number) >= 0;
const optional = (v: unknown, test: (x: unknown) => boolean) => v === undefined || test(v);
const numbers = (v: unknown) => Array.isArray(v) && v.every(finite);

/** The typed contract of events.ts, checked field by field. */
function honoursContract(cluster: Cluster, e: MassiveEvent): boolean {
  const o = e as unknown as Record<string, unknown>;
  const sym = typeof o.sym === 'string' && o.sym.length > 0;
  switch (e.ev) {
    case 'status':
      return typeof e.status === 'string' && typeof e.message === 'string';
    case 'T':
      return (
        cluster !== 'indices' &&
        sym &&
        nonNeg(o.p) &&
        nonNeg(o.s) &&
        nonNeg(o.t) &&
        ['x', 'z', 'q'].every((k) => optional(o[k], finite)) &&
        optional(o.c, numbers) &&
        optional(o.i, (v) => typeof v === 'string')
      );
    case 'Q':
      return (
        cluster !== 'indices' &&
        sym &&
        nonNeg(o.bp) &&
        nonNeg(o.ap) &&
        nonNeg(o.t) &&
        ['bs', 'as', 'bx', 'ax', 'c', 'q', 'z'].every((k) => optional(o[k], finite)) &&
        optional(o.i, numbers)
      );
    case 'A':
    case 'AM':
      return (
        sym &&
        ['o', 'h', 'l', 'c'].every((k) => finite(o[k])) &&
        nonNeg(o.s) &&
        nonNeg(o.e) &&
        ['v', 'av', 'op', 'vw', 'a', 'z'].every((k) => optional(o[k], finite)) &&
        optional(o.otc, (v) => typeof v === 'boolean')
      );
    case 'V':
      return cluster === 'indices' && typeof o.T === 'string' && o.T !== '' && finite(o.val) && nonNeg(o.t);
    default:
      return false;
  }
}

/** Wire-like values: mostly right, often wrong (null, strings, negatives, NaN turned null by JSON). */
const num = fc.oneof(fc.double(), fc.integer(), fc.constant(0), fc.constant(null), fc.string({ maxLength: 3 }));
/** Epoch times after 1973 in s, ms, µs or ns (the units Massive mixes), or junk. */
const time = fc.oneof(
  fc.integer({ min: 1e11, max: 4e12 }).chain((ms) => fc.constantFrom(Math.floor(ms / 1e3), ms, ms * 1e3, ms * 1e6)),
  fc.double({ min: 1e17, max: 1e300 }),
  num,
);
const field = fc.oneof(num, fc.boolean(), fc.array(num, { maxLength: 3 }), fc.string());
const element = fc.record(
  {
    ev: fc.oneof(fc.constantFrom('T', 'Q', 'A', 'AM', 'V', 'status', 'LULD'), fc.string(), fc.integer()),
    sym: fc.oneof(fc.constantFrom('SPY', 'O:SPY261218C00650000', ''), fc.string(), num),
    T: fc.oneof(fc.constantFrom('I:SPX'), fc.string(), num),
    status: fc.oneof(fc.constantFrom('auth_success', 'connected'), num),
    message: fc.oneof(fc.string(), num),
    p: num,
    s: time,
    t: time,
    e: time,
    bp: num,
    ap: num,
    o: num,
    h: num,
    l: num,
    c: fc.oneof(num, fc.array(num, { maxLength: 3 })),
    val: num,
    x: field,
    i: field,
    bs: field,
    otc: field,
  },
  { requiredKeys: [] },
);
const frame = fc.oneof(
  fc
    .array(fc.oneof({ weight: 5, arbitrary: element }, { weight: 1, arbitrary: anyJson() }), { maxLength: 8 })
    .map((a) => JSON.stringify(a)),
  anyJson().map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary' }),
);
const cluster = fc.constantFrom(...CLUSTERS);

describe('parseFrame (property)', () => {
  it(
    'never throws; every element becomes either an event or an issue with its index',
    () => {
      fc.assert(
        fc.property(cluster, frame, fc.boolean(), (c, text, asBuffer) => {
          const { events, issues } = parseFrame(c, asBuffer ? Buffer.from(text) : text);
          let raw: unknown;
          try {
            raw = JSON.parse(text);
          } catch {
            expect(issues).toEqual([{ index: -1, reason: 'invalid JSON' }]);
            return;
          }
          if (!Array.isArray(raw)) {
            expect(events).toEqual([]);
            expect(issues).toHaveLength(1);
            return;
          }
          expect(events.length + issues.length).toBe(raw.length);
          for (const issue of issues) expect(issue.index).toBeGreaterThanOrEqual(0);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'accepts only events that honour their typed contract, and only the events of their cluster',
    () => {
      fc.assert(
        fc.property(cluster, frame, (c, text) => {
          for (const e of parseFrame(c, text).events) expect(honoursContract(c, e)).toBe(true);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'leaves every timestamp a time a Date can print (a huge one is refused, not passed on to throw later)',
    () => {
      fc.assert(
        fc.property(cluster, frame, (c, text) => {
          for (const e of parseFrame(c, text).events) {
            const o = e as unknown as Record<string, unknown>;
            const keys = e.ev === 'A' || e.ev === 'AM' ? ['s', 'e'] : e.ev === 'status' ? [] : ['t'];
            for (const k of keys) expect(() => new Date(o[k] as number).toISOString()).not.toThrow();
          }
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it('refuses a timestamp beyond the year 5000 in any unit', () => {
    const parsed = parseFrame('stocks', '[{"ev":"T","sym":"A","p":1,"s":1,"t":1e25}]');
    expect(parsed.events).toEqual([]);
    expect(parsed.issues).toEqual([{ index: 0, reason: 'T without a valid timestamp t' }]);
  });
});
