import { describe, expect, it } from 'vitest';
import {
  evaluateFlowAlerts,
  evaluateQuoteAlerts,
  parseAlertRule,
  parseAlertRules,
  type AlertQuote,
  type AlertRule,
  type AlertState,
} from '../../../src/market/alerts.js';
import type { FlowPrint } from '../../../src/market/types.js';

function rule(text: string): AlertRule {
  const r = parseAlertRule(text);
  if (!r.ok) throw new Error(r.error);
  return r.rule;
}

describe('parseAlertRule', () => {
  it.each([
    ['SPY>600', { kind: 'quote', symbol: 'SPY', field: 'price' }, '>', 600],
    ['SPY<590', { kind: 'quote', symbol: 'SPY', field: 'price' }, '<', 590],
    ['spy >= 600.5', { kind: 'quote', symbol: 'SPY', field: 'price' }, '>=', 600.5],
    ['I:VIX>=20', { kind: 'quote', symbol: 'I:VIX', field: 'price' }, '>=', 20],
    ['SPY.changePct<-1', { kind: 'quote', symbol: 'SPY', field: 'changePct' }, '<', -1],
    ['SPY.pct<=-1.5', { kind: 'quote', symbol: 'SPY', field: 'changePct' }, '<=', -1.5],
    ['NVDA.volume>50m', { kind: 'quote', symbol: 'NVDA', field: 'volume' }, '>', 50_000_000],
    ['BRK.B>400', { kind: 'quote', symbol: 'BRK.B', field: 'price' }, '>', 400],
    ['flow.premium>1000000', { kind: 'flow', field: 'premium', underlying: undefined }, '>', 1_000_000],
    ['flow.premium>1e6:SPY', { kind: 'flow', field: 'premium', underlying: 'SPY' }, '>', 1_000_000],
    ['flow.premium>250k:qqq', { kind: 'flow', field: 'premium', underlying: 'QQQ' }, '>', 250_000],
    ['flow.size>=1_000', { kind: 'flow', field: 'size', underlying: undefined }, '>=', 1000],
  ] as const)('parses %j', (text, target, op, threshold) => {
    const r = parseAlertRule(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rule.target).toEqual(target);
    expect(r.rule.op).toBe(op);
    expect(r.rule.threshold).toBe(threshold);
    expect(r.rule.text).toBe(text.trim());
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['SPY', /expected/],
    ['SPY=600', /expected/],
    ['SPY>', /expected/],
    ['SPY>abc', /expected/],
    ['>600', /expected/],
    ['$$$>600', /not a ticker/],
    ['flow.iv>1', /flow\.premium or flow\.size/],
    ['SPY>600:QQQ', /only applies to flow/],
    ['flow.premium>1e6:$$', /not a ticker/],
    ['SPY>>600', /expected/],
  ])('rejects %j with a message', (text, message) => {
    const r = parseAlertRule(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('gives the same id to two spellings of one rule and drops the duplicate', () => {
    expect(rule('spy>600').id).toBe(rule('SPY.price > 600').id);
    const { rules, errors } = parseAlertRules(['SPY>600', 'SPY.last>600', 'bad', 'flow.premium>1m']);
    expect(rules.map((r) => r.text)).toEqual(['SPY>600', 'flow.premium>1m']);
    expect(errors).toHaveLength(1);
  });
});

const q = (price: number | undefined, changePct?: number): AlertQuote => ({
  price,
  change: undefined,
  changePct,
  volume: undefined,
});

describe('evaluateQuoteAlerts', () => {
  it.each([
    ['fires when the price crosses above', 'SPY>600', [599, 601], [false, true]],
    ['fires on the first observation when the condition already holds', 'SPY>600', [601], [true]],
    ['stays quiet while the condition keeps holding', 'SPY>600', [601, 602, 603], [true, false, false]],
    ['re-arms after going back, then fires again', 'SPY>600', [601, 599, 601], [true, false, true]],
    ['treats equality as not crossing for >', 'SPY>600', [600], [false]],
    ['treats equality as crossing for >=', 'SPY>=600', [600], [true]],
    ['fires when the price falls below', 'SPY<590', [595, 589, 588, 591, 580], [false, true, false, false, true]],
  ])('%s', (_name, text, prices, expected) => {
    const rules = [rule(text)];
    let state: AlertState = {};
    const fired = prices.map((price, i) => {
      const r = evaluateQuoteAlerts(rules, state, { SPY: q(price) }, 1000 + i);
      state = r.state;
      return r.fired.length === 1;
    });
    expect(fired).toEqual(expected);
  });

  it('leaves a rule armed while its symbol has no value', () => {
    const rules = [rule('SPY>600')];
    let r = evaluateQuoteAlerts(rules, {}, { SPY: q(undefined) }, 1);
    expect(r.fired).toEqual([]);
    r = evaluateQuoteAlerts(rules, r.state, {}, 2);
    r = evaluateQuoteAlerts(rules, r.state, { SPY: q(601) }, 3);
    expect(r.fired).toHaveLength(1);
  });

  it('describes the firing with the rule, the value and a stable id', () => {
    const { fired } = evaluateQuoteAlerts([rule('SPY.changePct<-1')], {}, { SPY: q(590, -1.25) }, 5000);
    expect(fired).toEqual([
      { id: 'SPY.changePct<-1@5000', rule: 'SPY.changePct<-1', message: 'SPY changePct -1.25% < -1.00%', time: 5000 },
    ]);
  });

  it('ignores flow rules', () => {
    expect(evaluateQuoteAlerts([rule('flow.premium>1')], {}, { SPY: q(1) }, 1).fired).toEqual([]);
  });
});

function print(over: Partial<FlowPrint> = {}): FlowPrint {
  return {
    id: 'p1',
    time: 7000,
    contract: 'O:SPY261218C00650000',
    underlying: 'SPY',
    expiry: '2026-12-18',
    right: 'call',
    strike: 650,
    spot: 640,
    bid: 9.9,
    ask: 10.1,
    price: 10,
    size: 1500,
    premium: 1_500_000,
    side: 'ask',
    kind: 'sweep',
    exchanges: [300, 301],
    sentiment: 'bullish',
    volume: 5000,
    openInterest: 1000,
    iv: 0.2,
    moneyness: 1.02,
    dte: 300,
    flags: [],
    prints: 3,
    ...over,
  };
}

describe('evaluateFlowAlerts', () => {
  it.each([
    ['flow.premium>1000000', {}, true],
    ['flow.premium>1000000', { premium: 900_000 }, false],
    ['flow.premium>1e6:SPY', {}, true],
    ['flow.premium>1e6:QQQ', {}, false],
    ['flow.size>=1500', {}, true],
    ['flow.size>1500', {}, false],
    ['SPY>1', {}, false],
  ] as const)('%s on %j fires: %s', (text, over, expected) => {
    expect(evaluateFlowAlerts([rule(text)], print(over)).length === 1).toBe(expected);
  });

  it('names the contract and derives the id from the print', () => {
    const [f] = evaluateFlowAlerts([rule('flow.premium>1m')], print());
    expect(f).toEqual({
      id: 'flow.premium>1000000@p1',
      rule: 'flow.premium>1m',
      message: 'flow SPY 2026-12-18 650C sweep $1.5M > $1M',
      time: 7000,
    });
  });
});
