import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createRestClient, type RestClient } from '../../src/rest/index.js';
import { newYorkMidnight } from '../../src/stream/last-session.js';
import { createMarketStore } from '../../src/store/store.js';
import { BarSeeder } from '../../src/stream/bar-seeder.js';
import { ManualClock } from '../../src/lib/clock.js';

const KEY = 'bar-seeder-key';
// Tuesday 2026-11-24, 11:00 New York: regular session.
const AT = Date.UTC(2026, 10, 24, 16, 0, 0);

describe('indicator bar seeding with an on-disk cache', () => {
  let sim: Simulator | undefined;
  let rest: RestClient | undefined;
  const dirs: string[] = [];

  afterEach(async () => {
    await rest?.close();
    await sim?.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('loads each symbol once, and after a restart on the same day reads the cache instead of REST', async () => {
    sim = await startSimulator({ keys: { [KEY]: 'advanced' }, at: AT, tickMs: 50 });
    rest = createRestClient({ baseUrl: sim.httpUrl, auth: () => KEY });
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'massive-bars-')), 'cache');
    dirs.push(cacheDir);
    const clock = new ManualClock(AT);
    const symbols = ['SPY', 'I:SPX'];

    const store1 = createMarketStore({ symbols: ['SPY'], demo: true, clock });
    const first = new BarSeeder({ rest, sink: store1, cacheDir, clock });
    await first.seed(symbols);
    expect(first.restCalls).toBe(2);
    expect(store1.bars('SPY').length).toBeGreaterThan(100);
    expect(store1.bars('I:SPX').length).toBeGreaterThan(100);
    await first.seed(symbols); // another panel asking again
    expect(first.restCalls).toBe(2);
    first.save(symbols);
    expect(readdirSync(cacheDir).sort()).toHaveLength(2);

    clock.advance(60_000); // restarted a minute later
    const store2 = createMarketStore({ symbols: ['SPY'], demo: true, clock });
    const second = new BarSeeder({ rest, sink: store2, cacheDir, clock });
    await second.seed(symbols);
    expect(second.restCalls).toBe(0);
    // The cache keeps OHLC, volume and VWAP (not the trade count).
    const ohlcv = (
      bars: readonly { timeMs: number; open: number; high: number; low: number; close: number; volume?: number }[],
    ) => bars.map((b) => [b.timeMs, b.open, b.high, b.low, b.close, b.volume]);
    expect(ohlcv(store2.bars('SPY'))).toEqual(ohlcv(store1.bars('SPY')));
    clock.advance(100);
    expect(store2.getSnapshot().indicators.SPY?.ema21).toBeCloseTo(store1.getSnapshot().indicators.SPY!.ema21!, 9);
    store1.close();
    store2.close();
  });

  it('treats a corrupt cache file as a miss and deletes files of earlier sessions', async () => {
    sim = await startSimulator({ keys: { [KEY]: 'advanced' }, at: AT, tickMs: 50 });
    rest = createRestClient({ baseUrl: sim.httpUrl, auth: () => KEY });
    const cacheDir = mkdtempSync(join(tmpdir(), 'massive-bars-'));
    dirs.push(cacheDir);
    writeFileSync(join(cacheDir, 'bars-1m-2026-11-24-SPY.json'), '{not json');
    writeFileSync(join(cacheDir, 'bars-1m-2026-11-20-SPY.json'), '{}');
    const clock = new ManualClock(AT);
    const store = createMarketStore({ symbols: ['SPY'], demo: true, clock });
    const seeder = new BarSeeder({ rest, sink: store, cacheDir, clock });
    await seeder.seed(['SPY']);
    expect(seeder.restCalls).toBe(1);
    expect(store.bars('SPY').length).toBeGreaterThan(100);
    expect(readdirSync(cacheDir)).not.toContain('bars-1m-2026-11-20-SPY.json');
    store.close();
  });

  /** The client, recording each path it is asked for (the REST client itself is real). */
  function recording(client: RestClient): { rest: RestClient; asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      rest: {
        ...client,
        get: (path, opts) => {
          asked.push(path);
          return client.get(path, opts);
        },
      } as RestClient,
    };
  }

  it('seeds a Basic key from the last complete session and never asks for today again', async () => {
    sim = await startSimulator({ keys: { [KEY]: { stocks: 'basic', indices: 'basic' } }, at: AT, tickMs: 50 });
    rest = createRestClient({ baseUrl: sim.httpUrl, auth: () => KEY, retries: 0 });
    const { rest: client, asked } = recording(rest);
    const clock = new ManualClock(AT);
    const store = createMarketStore({ symbols: ['SPY', 'QQQ'], demo: true, clock });
    const seeder = new BarSeeder({ rest: client, sink: store, clock });
    await seeder.seed(['SPY', 'I:SPX']);
    await seeder.seed(['QQQ']);
    const today = newYorkMidnight(AT);
    const toOf = (path: string) => Number(path.split('?')[0]!.split('/').at(-1));
    // One refusal of today per asset class, then only windows that end before today.
    expect(asked.filter((p) => toOf(p) >= today).map((p) => p.split('/')[4])).toEqual(['SPY', 'I:SPX']);
    expect(asked.filter((p) => toOf(p) < today)).toHaveLength(3);
    expect(seeder.restCalls).toBe(5);
    for (const symbol of ['SPY', 'I:SPX', 'QQQ']) {
      const bars = store.bars(symbol);
      expect(bars.length, symbol).toBeGreaterThan(100);
      // The bars of Monday the 23rd, up to its close; none of Tuesday's.
      expect(bars.at(-1)!.timeMs, symbol).toBeLessThan(today);
      expect(bars.at(-1)!.timeMs, symbol).toBeGreaterThan(today - 9 * 3_600_000);
    }
    store.close();
  });

  it('skips an asset class that is not in the plan and still seeds the others', async () => {
    sim = await startSimulator({ keys: { [KEY]: { stocks: 'starter' } }, at: AT, tickMs: 50 });
    rest = createRestClient({ baseUrl: sim.httpUrl, auth: () => KEY, retries: 0 });
    const { rest: client, asked } = recording(rest);
    const clock = new ManualClock(AT);
    const store = createMarketStore({ symbols: ['SPY', 'QQQ'], demo: true, clock });
    const seeder = new BarSeeder({ rest: client, sink: store, clock });
    await seeder.seed(['I:SPX', 'SPY', 'I:VIX', 'QQQ']);
    expect(asked.filter((p) => p.includes('/I:'))).toHaveLength(1);
    expect(store.bars('SPY').length).toBeGreaterThan(100);
    expect(store.bars('QQQ').length).toBeGreaterThan(100);
    expect(store.bars('I:VIX')).toEqual([]);
    store.close();
  });
});
