import { describe, expect, it } from 'vitest';
import { parseAlertRule, parseAlertRules } from '../../src/market/alerts.js';
import { FUZZ_TIMEOUT, fc } from './fuzz.js';

const lhs = fc.oneof(
  fc.constantFrom(
    'SPY',
    'spy',
    'I:VIX',
    'BRK.B',
    'flow.premium',
    'FLOW.size',
    'flow.delta',
    'SPY.changePct',
    'spy.PCT',
  ),
  fc
    .constantFrom('SPY', 'BRK.B', 'I:SPX')
    .chain((s) =>
      fc
        .constantFrom('price', 'last', 'change', 'chg', 'changepct', 'pct', 'volume', 'vol', 'oops')
        .map((f) => `${s}.${f}`),
    ),
  fc.string({ maxLength: 8 }),
);
const op = fc.oneof(fc.constantFrom('>', '>=', '<', '<=', '=', '=>'), fc.string({ maxLength: 2 }));
const number = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('1e6', '1_000_000', '-1.5', '.5', '+2', '1e400', '250k', '1.5m', '2b', '-0', '0x10', '1__0'),
  fc.string({ maxLength: 5 }),
);
const scope = fc.oneof(fc.constant(''), fc.constantFrom(':SPY', ': qqq', ':$$', ':'), fc.string({ maxLength: 4 }));
const ruleText = fc.oneof(
  fc.tuple(lhs, fc.constantFrom('', ' '), op, number, fc.constantFrom('', 'k', 'M'), scope).map((p) => p.join('')),
  fc.string(),
);

describe('alert rules (property)', () => {
  it(
    'never throw: a rule or an error message that quotes the rule',
    () => {
      fc.assert(
        fc.property(ruleText, (text) => {
          const r = parseAlertRule(text);
          if (r.ok) {
            expect(Number.isFinite(r.rule.threshold)).toBe(true);
            expect(['>', '>=', '<', '<=']).toContain(r.rule.op);
            expect(r.rule.text).toBe(text.trim());
          } else expect(r.error).toMatch(/alert|empty/);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'round-trip: a rule’s id is its canonical spelling and parses to the same rule',
    () => {
      fc.assert(
        fc.property(ruleText, (text) => {
          const r = parseAlertRule(text);
          if (!r.ok) return;
          const again = parseAlertRule(r.rule.id);
          expect(again.ok).toBe(true);
          if (!again.ok) return;
          expect(again.rule.id).toBe(r.rule.id);
          expect(again.rule.target).toEqual(r.rule.target);
          expect(again.rule.op).toBe(r.rule.op);
          expect(again.rule.threshold).toBe(r.rule.threshold);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'parseAlertRules keeps one rule per id and one error per refused text',
    () => {
      fc.assert(
        fc.property(fc.array(ruleText, { maxLength: 6 }), (texts) => {
          const { rules, errors } = parseAlertRules(texts);
          expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
          expect(errors.length).toBe(texts.filter((t) => !parseAlertRule(t).ok).length);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );
});
