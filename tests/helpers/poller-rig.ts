/**
 * A Poller on a ManualClock with a scripted REST seam: `answer(path)` returns a body, or a
 * MassiveError to throw (as the REST client does for a non-2xx). Records every path asked,
 * every quote seeded and every notice, and steps the clock with the promise queue drained in
 * between.
 */
import { ManualClock } from '../../src/lib/clock.js';
import { MassiveError } from '../../src/lib/errors.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { RestResponse } from '../../src/rest/index.js';
import type { QuoteSeed } from '../../src/store/quote-reducer.js';
import { RestBudget, type QuotaInfo } from '../../src/stream/budget.js';
import { Poller } from '../../src/stream/poller.js';
import type { PollRoutes } from '../../src/stream/refusals.js';

/** Every asset class served by batched snapshots, as a full plan is. */
export const SNAPSHOT_ROUTES: PollRoutes = { stocks: 'snapshot', indices: 'snapshot', options: 'snapshot' };

export type Answer = (path: string) => unknown;

/** The 403 texts Massive sends (https://massive.com/docs/rest/quickstart.md, observed live). */
export const TEXTS = {
  notEntitled: 'You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing',
  beforeEod:
    "Attempted to request today's data before end of day. Please upgrade your plan at https://polygon.io/pricing",
} as const;

/** What the REST client throws for a 403 with `message`. */
export function refused(message: string, path = '/x'): MassiveError {
  return new MassiveError('NOT_ENTITLED', `GET ${path} failed with HTTP 403: ${message}`, { status: 403 });
}

export interface PollerRig {
  readonly clock: ManualClock;
  readonly poller: Poller;
  readonly budget: RestBudget;
  readonly calls: string[];
  readonly quotes: Array<{ readonly symbol: string; readonly seed: QuoteSeed }>;
  readonly notices: string[];
  /** Advances in steps, letting promise callbacks run in between. */
  run(ms: number, step?: number): Promise<void>;
}

export function pollerRig(answer: Answer, o: { readonly at?: number; readonly quota?: QuotaInfo } = {}): PollerRig {
  const clock = new ManualClock(o.at);
  const calls: string[] = [];
  const quotes: Array<{ symbol: string; seed: QuoteSeed }> = [];
  const notices: string[] = [];
  const budget = new RestBudget({ clock, quota: o.quota ?? { limit: 50, intervalMs: 1_000 } });
  const poller = new Poller({
    clock,
    budget,
    logger: silentLogger,
    signal: new AbortController().signal,
    random: () => 0.5,
    sink: { quote: (symbol, seed) => void quotes.push({ symbol, seed }), notice: (m) => void notices.push(m) },
    rest: {
      get: async <T>(path: string) => {
        calls.push(path);
        const a = answer(path);
        if (a instanceof MassiveError) throw a;
        return { status: 200, body: a, headers: {} } as RestResponse<T>;
      },
    },
  });
  async function run(ms: number, step = 100): Promise<void> {
    for (let t = 0; t < ms; t += step) {
      clock.advance(step);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    }
  }
  return { clock, poller, budget, calls, quotes, notices, run };
}

/** A stock snapshot body for the tickers a path asks for. */
export function stockSnapshots(path: string, price = 100): unknown {
  const tickers = new URL(path, 'http://x').searchParams.get('tickers')?.split(',') ?? [];
  return { status: 'OK', tickers: tickers.map((t) => ({ ticker: t, lastTrade: { p: price, t: 1 }, updated: 1 })) };
}

/** One minute bar, as `/v2/aggs` answers it. */
export function bars(close: number, t = 1_700_000_000_000): unknown {
  return { status: 'OK', results: [{ t, o: close, h: close, l: close, c: close }] };
}
