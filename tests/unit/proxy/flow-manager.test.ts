import { describe, it, expect } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { FlowManager, type TopicHolder } from '../../../src/proxy/flow-manager.js';

/** Records what the flow manager holds, the way the options hub refcounts it. */
function holder(othersQuotes = 0): TopicHolder & { refs: Map<string, number> } {
  const refs = new Map<string, number>();
  return {
    refs,
    acquire(topics) {
      for (const t of topics) refs.set(t, (refs.get(t) ?? 0) + 1);
    },
    release(topics) {
      for (const t of topics) {
        const n = (refs.get(t) ?? 0) - 1;
        if (n <= 0) refs.delete(t);
        else refs.set(t, n);
      }
    },
    quoteCount: () => othersQuotes + [...refs.keys()].filter((t) => t.startsWith('Q.O:')).length,
  };
}

const contract = (strike: number, cp: 'C' | 'P', exp = '260109') =>
  `O:SPY${exp}${cp}${String(strike * 1000).padStart(8, '0')}`;

/** A chain page around `spot`: strikes every 5, calls and puts, two expiries. */
function chain(spot: number) {
  const results = [];
  for (const exp of ['2026-01-09', '2026-01-16']) {
    for (let k = Math.round(spot / 5) * 5 - 20; k <= Math.round(spot / 5) * 5 + 20; k += 5) {
      for (const cp of ['C', 'P'] as const) {
        results.push({
          details: { ticker: contract(k, cp, exp.slice(2).replaceAll('-', '')), expiration_date: exp, strike_price: k },
          underlying_asset: { price: spot },
        });
      }
    }
  }
  return { status: 'OK', results };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('FlowManager', () => {
  it('holds trade and quote topics for a window around spot and lets go of all of them on the last release', async () => {
    const clock = new ManualClock();
    const h = holder();
    const fm = new FlowManager({
      mode: 'window',
      hub: h,
      fetchJson: async () => chain(600),
      clock,
      logger: silentLogger,
      windowSize: 4,
    });
    fm.acquire('SPY');
    fm.acquire('SPY');
    await flush();
    expect([...h.refs.keys()].sort()).toEqual(
      [contract(600, 'C'), contract(600, 'P'), contract(600, 'C', '260116'), contract(600, 'P', '260116')]
        .flatMap((c) => [`Q.${c}`, `T.${c}`])
        .sort(),
    );
    expect(fm.status().underlyings.SPY).toMatchObject({ clients: 2, contracts: 4, spot: 600 });
    fm.release('SPY');
    expect(h.refs.size).toBe(8);
    fm.release('SPY');
    expect(h.refs.size).toBe(0);
    expect(fm.status().underlyings).toEqual({});
  });

  it('subscribes nothing when the last client leaves while the chain is still being read', async () => {
    const clock = new ManualClock();
    const h = holder();
    let answer: (v: unknown) => void = () => {};
    const fm = new FlowManager({
      mode: 'window',
      hub: h,
      fetchJson: () => new Promise((r) => (answer = r)),
      clock,
      logger: silentLogger,
    });
    fm.acquire('SPY');
    fm.release('SPY');
    answer(chain(600));
    await flush();
    answer(chain(600));
    await flush();
    expect(h.refs.size).toBe(0);
    clock.advance(120_000);
    await flush();
    expect(h.refs.size).toBe(0);
  });

  it('records a failed refresh, keeps the old window and tries again on the next period', async () => {
    const clock = new ManualClock();
    const h = holder();
    let fail = false;
    const fm = new FlowManager({
      mode: 'window',
      hub: h,
      clock,
      logger: silentLogger,
      windowSize: 2,
      refreshMs: 1_000,
      fetchJson: async () => {
        if (fail) throw new Error('local REST quota exhausted');
        return chain(600);
      },
    });
    fm.acquire('SPY');
    await flush();
    expect(h.refs.size).toBe(4);
    fail = true;
    clock.advance(1_000);
    await flush();
    expect(fm.status().underlyings.SPY?.lastError).toBe('local REST quota exhausted');
    expect(h.refs.size).toBe(4);
    fail = false;
    clock.advance(1_000);
    await flush();
    expect(fm.status().underlyings.SPY?.lastError).toBeUndefined();
  });

  it('re-centres on the next refresh and swaps only the contracts that changed', async () => {
    const clock = new ManualClock();
    const h = holder();
    let spot = 600;
    const fm = new FlowManager({
      mode: 'window',
      hub: h,
      fetchJson: async () => chain(spot),
      clock,
      logger: silentLogger,
      windowSize: 4,
      expiries: 1,
      refreshMs: 1_000,
    });
    fm.acquire('SPY');
    await flush();
    expect(h.refs.has(`Q.${contract(600, 'C')}`)).toBe(true);
    spot = 612;
    clock.advance(1_000);
    await flush();
    await flush();
    expect([...h.refs.keys()].filter((t) => t.startsWith('Q.')).sort()).toEqual(
      [contract(610, 'C'), contract(610, 'P'), contract(615, 'C'), contract(615, 'P')].map((c) => `Q.${c}`).sort(),
    );
    expect(fm.status().underlyings.SPY?.spot).toBe(612);
  });

  it.each([
    [0, 100, 10],
    [95, 100, 5],
    [100, 100, 0],
    [150, 100, 0],
  ])('with %i quotes held by others and a cap of %i, takes at most %i contracts', async (others, cap, expected) => {
    const h = holder(others);
    const fm = new FlowManager({
      mode: 'window',
      hub: h,
      fetchJson: async () => chain(600),
      clock: new ManualClock(),
      logger: silentLogger,
      windowSize: 10,
      quoteCap: cap,
    });
    fm.acquire('SPY');
    await flush();
    expect(fm.status().underlyings.SPY?.contracts).toBe(expected);
  });

  it('firehose mode holds one T.* for all underlyings together', () => {
    const h = holder();
    const fm = new FlowManager({
      mode: 'firehose',
      hub: h,
      fetchJson: async () => ({}),
      clock: new ManualClock(),
      logger: silentLogger,
    });
    fm.acquire('SPY');
    fm.acquire('QQQ');
    expect([...h.refs]).toEqual([['T.*', 1]]);
    fm.release('SPY');
    expect([...h.refs]).toEqual([['T.*', 1]]);
    fm.release('QQQ');
    fm.release('QQQ');
    expect(h.refs.size).toBe(0);
  });
});
