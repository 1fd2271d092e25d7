// REST economy of the fallback poller, and UI commits under load. Runs on a ManualClock: a whole
// simulated trading hour takes a fraction of a second and nothing waits for real time.
// Needs the compiled tree: `npx tsc -p tsconfig.json && node bench/rest-economy.mjs`.
import { ManualClock } from '../dist/lib/clock.js';
import { MassiveError } from '../dist/lib/errors.js';
import { silentLogger } from '../dist/lib/logger.js';
import { createMarketStore } from '../dist/store/store.js';
import { RestBudget } from '../dist/stream/budget.js';
import { Poller } from '../dist/stream/poller.js';
import { fmt, header, line, note } from './lib.mjs';

const HOUR = 3_600_000;
/** Tuesday 2026-03-10 10:00 New York: regular hours for the whole simulated hour. */
const START = Date.parse('2026-03-10T14:00:00Z');
const STOCKS = ['SPY', 'QQQ', 'IWM', 'DIA', 'NVDA', 'AAPL', 'MSFT', 'TSLA'];
const INDICES = ['I:SPX', 'I:VIX'];
const SYMBOLS = [...STOCKS, ...INDICES];
/** The previous design: every symbol on its own every 3 s. */
const OLD_INTERVAL_MS = 3_000;
const OLD_CALLS_PER_HOUR = SYMBOLS.length * (HOUR / OLD_INTERVAL_MS);

const PLANS = {
  paid: { quota: { limit: 50, intervalMs: 1_000 }, snapshots: true },
  free: { quota: { limit: 5, intervalMs: 60_000 }, snapshots: false },
};

/** A fake upstream that enforces the plan's real limit (a sliding window) and counts 429s. */
function fakeRest(clock, plan) {
  const hits = [];
  const stats = { calls: 0, refused: 0 };
  return {
    stats,
    async get(path) {
      const now = clock.now();
      stats.calls++;
      while (hits.length > 0 && hits[0] <= now - plan.quota.intervalMs) hits.shift();
      if (hits.length >= plan.quota.limit) {
        stats.refused++;
        throw new MassiveError('RATE_LIMITED', 'rate limited', {
          status: 429,
          retryAfterSec: Math.ceil((hits[0] + plan.quota.intervalMs - now) / 1000),
        });
      }
      hits.push(now);
      const url = new URL(path, 'http://fake');
      if (url.pathname.includes('/snapshot') && !plan.snapshots)
        throw new MassiveError('NOT_ENTITLED', 'not entitled', { status: 403 });
      const t = now - 500;
      if (url.pathname.startsWith('/v2/snapshot')) {
        const tickers = url.searchParams.get('tickers').split(',');
        return {
          status: 200,
          headers: {},
          body: { status: 'OK', tickers: tickers.map((ticker) => ({ ticker, lastTrade: { p: 100, t }, updated: t })) },
        };
      }
      if (url.pathname.startsWith('/v3/snapshot/indices')) {
        const tickers = url.searchParams.get('ticker.any_of').split(',');
        return {
          status: 200,
          headers: {},
          body: { status: 'OK', results: tickers.map((ticker) => ({ ticker, value: 5000, last_updated: t })) },
        };
      }
      return {
        status: 200,
        headers: {},
        body: { status: 'OK', results: [{ t: now - 60_000, o: 1, h: 1, l: 1, c: 1 }] },
      };
    },
  };
}

async function economy(name, plan) {
  const clock = new ManualClock(START);
  const rest = fakeRest(clock, plan);
  const last = new Map(SYMBOLS.map((s) => [s, START]));
  const worst = new Map(SYMBOLS.map((s) => [s, 0]));
  const poller = new Poller({
    rest,
    clock,
    logger: silentLogger,
    signal: new AbortController().signal,
    random: () => 0.5,
    budget: new RestBudget({ clock, quota: plan.quota }),
    sink: {
      quote(symbol) {
        const now = clock.now();
        worst.set(symbol, Math.max(worst.get(symbol), now - last.get(symbol)));
        last.set(symbol, now);
      },
    },
  });
  // The stream is down for every symbol for the whole hour.
  const need = { stocks: STOCKS, indices: INDICES, options: [] };
  poller.refresh(need, 'regular', 1);
  poller.update(need, 'regular', 1);
  for (let t = 0; t < HOUR; t += 250) {
    clock.advance(250);
    await new Promise((r) => setImmediate(r));
  }
  for (const s of SYMBOLS) worst.set(s, Math.max(worst.get(s), clock.now() - last.get(s)));
  poller.close();
  header(`REST fallback, ${name} plan: ${SYMBOLS.length} symbols, stream down for one regular-hours hour`);
  line(
    'REST calls per hour (batched, quota-aware)',
    rest.stats.calls,
    'calls',
    'every symbol every 3 s',
    OLD_CALLS_PER_HOUR,
  );
  note(
    `  ratio old/new: ${fmt(OLD_CALLS_PER_HOUR / rest.stats.calls, 1)}x fewer calls; 429s received: ${rest.stats.refused}`,
  );
  const limit = plan.quota.limit * (HOUR / plan.quota.intervalMs);
  note(
    `  plan allows at most ${fmt(limit)} calls/hour; the old policy would ${OLD_CALLS_PER_HOUR > limit ? 'exceed it and be refused' : 'fit'}`,
  );
  note(`  worst staleness per symbol (old policy: ${OLD_INTERVAL_MS / 1000} s each):`);
  note(`    ${SYMBOLS.map((s) => `${s} ${fmt(worst.get(s) / 1000, 1)} s`).join(', ')}`);
}

async function commits() {
  header('UI commits (store publishes) per second, frame 100 ms');
  for (const rate of [1_000, 10_000, 50_000]) {
    const clock = new ManualClock(START);
    const store = createMarketStore({ symbols: STOCKS, demo: true, frameMs: 100, clock });
    let published = 0;
    store.subscribe(() => published++);
    const seconds = 10;
    let n = 0;
    for (let ms = 0; ms < seconds * 1000; ms++) {
      for (let i = 0; i < rate / 1000; i++, n++) {
        store.apply(
          { ev: 'T', sym: STOCKS[n % STOCKS.length], p: 100 + (n % 100) / 100, s: 100, t: clock.now() },
          'ws',
        );
      }
      clock.advance(1);
    }
    store.close();
    line(`commits/s at ${fmt(rate)} events/s`, published / seconds, '/s', 'events', rate);
  }
}

/** Benchmark 5 (REST economy) and the store's commit rate (UI commits at 1k/10k/50k events/s). */
export async function runRestEconomy() {
  await economy('paid', PLANS.paid);
  await economy('free', PLANS.free);
  await commits();
}

if (import.meta.url === `file://${process.argv[1]}`) await runRestEconomy();
