import { describe, expect, it } from 'vitest';
import { SimMarket, DELAY_MS } from '../../../src/sim/index.js';

const START = Date.UTC(2026, 0, 6, 15, 0, 0);

function firstEvents(seed: number, n: number) {
  const m = new SimMarket({ seed, startMs: START });
  const out: unknown[] = [];
  let t = START;
  while (out.length < n) {
    t += 1000;
    out.push(...m.advanceTo(t).live.map((e) => e.data));
  }
  return out.slice(0, n);
}

function returns(series: number[]): number[] {
  return series.slice(1).map((v, i) => Math.log(v / series[i]!));
}

function correlation(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

describe('SimMarket', () => {
  it('produces the same first 1,000 events for the same seed', () => {
    expect(firstEvents(7, 1000)).toEqual(firstEvents(7, 1000));
  });

  it('produces a different market for a different seed', () => {
    expect(firstEvents(8, 200)).not.toEqual(firstEvents(7, 200));
  });

  it('starts SPX near 6,800 and VIX near 16, and keeps SPY at about SPX/10', () => {
    const m = new SimMarket({ seed: 7, startMs: START });
    expect(m.price('I:SPX')).toBeGreaterThan(6500);
    expect(m.price('I:SPX')).toBeLessThan(7100);
    expect(m.price('I:VIX')).toBeGreaterThan(12);
    expect(m.price('I:VIX')).toBeLessThan(21);
    for (let t = START; t < START + 600_000; t += 60_000) {
      m.advanceTo(t);
      expect(m.price('SPY')! / (m.price('I:SPX')! / 10)).toBeCloseTo(1, 3);
    }
  });

  it('moves VIX against SPX', () => {
    const m = new SimMarket({ seed: 3, startMs: START });
    const spx: number[] = [];
    const vix: number[] = [];
    for (let t = START + 1000; t <= START + 1_800_000; t += 10_000) {
      m.advanceTo(t);
      spx.push(m.price('I:SPX')!);
      vix.push(m.price('I:VIX')!);
    }
    expect(correlation(returns(spx), returns(vix))).toBeLessThan(-0.5);
  });

  it('correlates QQQ positively with SPX', () => {
    const m = new SimMarket({ seed: 5, startMs: START });
    const spx: number[] = [];
    const qqq: number[] = [];
    for (let t = START + 1000; t <= START + 1_800_000; t += 10_000) {
      m.advanceTo(t);
      spx.push(m.price('I:SPX')!);
      qqq.push(m.price('QQQ')!);
    }
    expect(correlation(returns(spx), returns(qqq))).toBeGreaterThan(0.5);
  });

  it('moves prices every second', () => {
    const m = new SimMarket({ seed: 7, startMs: START });
    const seen = new Set<number>();
    for (let t = START + 1000; t <= START + 10_000; t += 1000) {
      m.advanceTo(t);
      seen.add(m.price('I:SPX')!);
    }
    expect(seen.size).toBeGreaterThan(7);
  });

  it('gives any other listed symbol a stable plausible price and rejects invalid ones', () => {
    const a = new SimMarket({ seed: 7, startMs: START }).price('ZZZQ');
    const b = new SimMarket({ seed: 7, startMs: START }).price('ZZZQ');
    expect(a).toBe(b);
    expect(a).toBeGreaterThan(1);
    expect(a).toBeLessThan(1000);
    const m = new SimMarket({ seed: 7, startMs: START });
    expect(m.price('not a ticker')).toBeUndefined();
    expect(m.price('I:NOPE')).toBeUndefined();
  });

  it('shows a late subscriber the same prices as one tracked from the start', () => {
    const early = new SimMarket({ seed: 7, startMs: START, optionsFirehose: false });
    early.track('ZZZQ');
    const late = new SimMarket({ seed: 7, startMs: START, optionsFirehose: false });
    early.advanceTo(START + 120_000);
    late.advanceTo(START + 120_000);
    expect(late.price('ZZZQ')).toBe(early.price('ZZZQ'));
  });

  it('tracks day high, low, volume and VWAP consistently with the trades', () => {
    const m = new SimMarket({ seed: 7, startMs: START });
    const before = m.state('AAPL')!.day.volume;
    const { live } = m.advanceTo(START + 60_000);
    const trades = live.filter((e) => e.ch === 'T' && e.sym === 'AAPL').map((e) => e.data as { p: number; s: number });
    const day = m.state('AAPL')!.day;
    expect(day.volume - before).toBe(trades.reduce((s, t) => s + t.s, 0));
    for (const t of trades) {
      expect(t.p).toBeLessThanOrEqual(day.high);
      expect(t.p).toBeGreaterThanOrEqual(day.low);
    }
  });

  it('replays live prices 15 minutes later on the delayed feed', () => {
    const m = new SimMarket({ seed: 7, startMs: START });
    const liveAt = new Map<number, number>();
    let matched = 0;
    for (let t = START + 1000; t <= START + DELAY_MS + 5000; t += 1000) {
      const { live, delayed } = m.advanceTo(t);
      for (const e of live) if (e.ch === 'V' && e.sym === 'I:SPX') liveAt.set(e.data.t as number, e.data.val as number);
      for (const e of delayed) {
        if (e.ch === 'V' && e.sym === 'I:SPX' && liveAt.has(e.data.t as number)) {
          expect(e.data.val).toBe(liveAt.get(e.data.t as number));
          matched++;
        }
        expect(e.data.t ?? e.data.s).toBeLessThan(t - DELAY_MS + 1000);
      }
    }
    expect(matched).toBeGreaterThan(3);
  });

  it('applies a scripted jump from the next second', () => {
    const m = new SimMarket({ seed: 7, startMs: START });
    const before = m.price('NVDA')!;
    m.jump('NVDA', 1.1);
    m.advanceTo(START + 1000);
    expect(m.price('NVDA')! / before).toBeGreaterThan(1.08);
  });
});

describe('SimMarket day rollover', () => {
  it('marks the close at 16:00 New York', () => {
    const m = new SimMarket({ seed: 7, startMs: Date.parse('2026-01-06T20:59:00Z'), optionsFirehose: false });
    m.advanceTo(Date.parse('2026-01-06T20:59:59Z'));
    expect(m.state('AAPL')!.day.close).toBeUndefined();
    m.advanceTo(Date.parse('2026-01-06T21:00:01Z'));
    expect(m.state('AAPL')!.day.close).toBeCloseTo(m.state('AAPL')!.price, 0);
  });

  it('starts a new day at 04:00 New York with the marked close as prevClose', () => {
    const m = new SimMarket({ seed: 7, startMs: Date.parse('2026-01-07T08:59:00Z'), optionsFirehose: false });
    const day = m.state('AAPL')!.day;
    day.close = 123.45;
    const volumeBefore = day.volume;
    m.advanceTo(Date.parse('2026-01-07T09:00:01Z'));
    expect(day.prevClose).toBe(123.45);
    expect(day.close).toBeUndefined();
    expect(day.volume).toBeLessThan(volumeBefore);
    expect(day.open).toBeCloseTo(m.state('AAPL')!.price, 0);
  });
});
