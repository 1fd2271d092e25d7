/**
 * The account's REST quota as the proxy reports it (`/_proxy/status`), so the client's budget
 * matches the plan; without an answer the budget keeps its conservative default.
 */
import type { Logger } from '../lib/logger.js';
import type { RestClient } from '../rest/index.js';
import type { RestBudget } from './budget.js';

export async function readProxyQuota(
  rest: Pick<RestClient, 'get'>,
  budget: RestBudget,
  signal: AbortSignal,
  log: Logger,
): Promise<void> {
  try {
    type Body = { quota?: { limit?: unknown; intervalMs?: unknown } };
    const q = (await rest.get<Body>('/_proxy/status', { signal, retries: 0 })).body?.quota;
    if (typeof q?.limit === 'number' && typeof q.intervalMs === 'number') {
      budget.configure({ limit: q.limit, intervalMs: q.intervalMs });
    }
  } catch (error) {
    if (!signal.aborted) log.info('no proxy quota; assuming the smallest plan', { message: (error as Error).message });
  }
}
