/**
 * Fills the gap a stream outage left: the minute bars over the outage, one aggregates call per
 * symbol, each taking a slot in the client's REST budget (waiting for one if need be).
 */
import type { Clock, TimerHandle } from '../lib/clock.js';
import { MassiveError } from '../lib/errors.js';
import { aggsPath } from '../massive/endpoints.js';
import type { Bar } from '../massive/rest-models.js';
import { parseAggregates } from '../massive/rest-parse-aggs.js';
import type { RestClient } from '../rest/index.js';
import type { BudgetLane, RestBudget } from './budget.js';

export interface Gap {
  readonly from: number;
  readonly to: number;
}

/**
 * The minute-aligned window to ask for: from the last whole minute before the outage (so the
 * series joins up with what the stream delivered) to the end of the outage.
 */
export function backfillWindow(gap: Gap): Gap {
  const minuteStart = gap.from - (((gap.from % 60_000) + 60_000) % 60_000);
  return { from: minuteStart - 60_000, to: Math.max(gap.to, gap.from) };
}

export interface BackfillResult {
  readonly symbol: string;
  readonly bars: readonly Bar[];
}

/** Resolves once `budget` grants a slot in `lane`; rejects with ABORTED when `signal` fires. */
export function takeSlot(budget: RestBudget, clock: Clock, signal: AbortSignal, lane: BudgetLane): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (signal.aborted) {
        reject(new MassiveError('ABORTED', 'backfill aborted'));
        return;
      }
      if (budget.tryTake(lane)) {
        signal.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      handle = clock.setTimeout(attempt, Math.max(1, budget.waitMs(lane)));
    };
    let handle: TimerHandle | undefined;
    const onAbort = (): void => {
      if (handle) clock.clearTimeout(handle);
      reject(new MassiveError('ABORTED', 'backfill aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    attempt();
  });
}

/**
 * Fetches minute bars for each symbol over `gap`; symbols whose call fails are left out. The
 * symbols share one asset class: after a 403 none of the others is asked.
 */
export async function backfillGap(
  rest: Pick<RestClient, 'get'>,
  budget: RestBudget,
  clock: Clock,
  symbols: readonly string[],
  gap: Gap,
  signal: AbortSignal,
): Promise<BackfillResult[]> {
  const window = backfillWindow(gap);
  const out: BackfillResult[] = [];
  for (const symbol of symbols) {
    await takeSlot(budget, clock, signal, 'background');
    try {
      const res = await rest.get(aggsPath(symbol, 1, 'minute', window.from, window.to, { sort: 'asc' }), {
        signal,
        retries: 0,
      });
      budget.observe(res.headers);
      const parsed = parseAggregates(res.body);
      if (parsed.ok)
        out.push({ symbol, bars: parsed.value.bars.filter((b) => b.timeMs >= window.from && b.timeMs <= window.to) });
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof MassiveError && error.code === 'RATE_LIMITED')
        budget.pauseFor((error.retryAfterSec ?? 5) * 1000);
      // A 403 refuses the asset class (the symbols of one call share it): the rest would be too.
      if (error instanceof MassiveError && error.code === 'NOT_ENTITLED') break;
    }
  }
  return out;
}
