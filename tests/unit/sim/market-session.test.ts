import { describe, expect, it } from 'vitest';
import { SimMarket } from '../../../src/sim/index.js';
import type { SimEvent } from '../../../src/sim/index.js';

/** Events of the live feed over `seconds` seconds from `iso`. */
function run(iso: string, seconds: number, firehose = false): { m: SimMarket; events: SimEvent[] } {
  const start = Date.parse(iso);
  const m = new SimMarket({ seed: 7, startMs: start, optionsFirehose: firehose });
  return { m, events: m.advanceTo(start + seconds * 1000).live };
}

const trades = (events: SimEvent[], cluster = 'stocks') =>
  events.filter((e) => e.cluster === cluster && e.ch === 'T').length;

describe('SimMarket follows the session clock', () => {
  it('prints nothing and freezes prices when the market is closed (a holiday)', () => {
    const { m, events } = run('2026-11-26T17:00:00Z', 120, true);
    const spx = m.price('I:SPX');
    const spy = m.price('SPY');
    expect(events).toEqual([]);
    m.advanceTo(Date.parse('2026-11-26T17:10:00Z'));
    expect(m.price('I:SPX')).toBe(spx);
    expect(m.price('SPY')).toBe(spy);
    expect(m.state('SPY')!.lastTrade).toBeDefined();
  });

  it('trades stocks thinly before the open, holds index values and prints no options', () => {
    const pre = run('2026-01-06T13:00:00Z', 300, true); // 08:00 EST
    const regular = run('2026-01-06T17:00:00Z', 300, true); // 12:00 EST, the mid-day lull
    expect(trades(pre.events)).toBeGreaterThan(0);
    expect(trades(pre.events)).toBeLessThan(trades(regular.events) / 2);
    expect(pre.events.some((e) => e.cluster === 'indices')).toBe(false);
    expect(pre.events.some((e) => e.cluster === 'options')).toBe(false);
    expect(regular.events.some((e) => e.ch === 'V')).toBe(true);
    expect(trades(regular.events, 'options')).toBeGreaterThan(0);
  });

  it('trades more in the first minutes after the open than at mid-day', () => {
    const open = run('2026-01-06T14:30:00Z', 300);
    const noon = run('2026-01-06T17:00:00Z', 300);
    expect(trades(open.events)).toBeGreaterThan(1.5 * trades(noon.events));
  });

  it('gaps index values to the market at the open and restarts their day there', () => {
    const start = Date.parse('2026-01-06T14:20:00Z'); // 09:20 EST
    const m = new SimMarket({ seed: 7, startMs: start, optionsFirehose: false });
    const before = m.price('I:SPX');
    m.advanceTo(start + 9 * 60_000);
    expect(m.price('I:SPX')).toBe(before);
    const { live } = m.advanceTo(start + 11 * 60_000);
    expect(live.some((e) => e.ch === 'V' && e.sym === 'I:SPX')).toBe(true);
    expect(m.state('I:SPX')!.day.open).not.toBe(before);
  });
});

describe('SimMarket.scriptOptionTrades', () => {
  const START = Date.parse('2026-01-06T15:00:00Z');

  it('prints the scripted sweep with a consistent quote before it, even when the market is closed', () => {
    const closed = Date.parse('2026-01-10T15:00:00Z');
    const m = new SimMarket({ seed: 7, startMs: closed, optionsFirehose: false });
    const res = m.scriptOptionTrades('SPY', [
      { right: 'call', exchange: 302, price: 'ask', size: 50, conditions: [219], atOffsetMs: 100 },
      { right: 'call', exchange: 309, price: 'ask', size: 40, conditions: [219], atOffsetMs: 105 },
      { right: 'call', exchange: 316, price: 'above_ask', size: 30, conditions: [219], atOffsetMs: 110 },
    ]);
    expect(new Set(res.map((r) => r.contract)).size).toBe(1);
    const contract = res[0]!.contract;
    const { live } = m.advanceTo(closed + 2000);
    const mine = live.filter((e) => e.sym === contract && (e.ch === 'Q' || e.ch === 'T'));
    expect(mine.map((e) => e.ch)).toEqual(['Q', 'T', 'T', 'T']);
    const q = mine[0]!.data as { ap: number; t: number };
    const ts = mine.slice(1).map((e) => e.data as { p: number; x: number; s: number; c: number[]; t: number });
    expect(ts.map((t) => t.x)).toEqual([302, 309, 316]);
    expect(ts.map((t) => t.s)).toEqual([50, 40, 30]);
    expect(ts[0]!.p).toBe(q.ap);
    expect(ts[2]!.p).toBeGreaterThan(q.ap);
    expect(q.t).toBeLessThan(ts[0]!.t);
    expect(ts.map((t) => t.t)).toEqual(res.map((r) => r.t));
    for (const t of ts) expect(t.c).toEqual([219]);
    expect(m.state(contract)!.lastTrade?.x).toBe(316);
  });

  it('prints a block as one large print at the mid, and only scripted trades with natural trades off', () => {
    const m = new SimMarket({ seed: 7, startMs: START, optionsFirehose: false, naturalOptionTrades: false });
    const [r] = m.scriptOptionTrades('QQQ', [
      { right: 'put', dte: 7, exchange: 300, price: 'mid', size: 1500, conditions: [227], atOffsetMs: 2500 },
    ]);
    const { live } = m.advanceTo(START + 30_000);
    const mine = live.filter((e) => e.sym === r!.contract);
    const t = mine.filter((e) => e.ch === 'T').map((e) => e.data as { p: number; s: number });
    expect(t).toHaveLength(1);
    // The NBBO in force: the last quote before the print.
    const q = mine
      .slice(
        0,
        mine.findIndex((e) => e.ch === 'T'),
      )
      .filter((e) => e.ch === 'Q')
      .at(-1)!.data as { bp: number; ap: number };
    expect(t[0]!.s).toBe(1500);
    expect(t[0]!.p).toBeCloseTo((q.bp + q.ap) / 2, 2);
  });
});
