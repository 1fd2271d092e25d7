/**
 * `massive plan`: a trade plan for one option contract through the proxy (the reads and the
 * computation are plan-compute.ts's, shared with the watch screen's contract view).
 */
import { computePlan } from './plan-compute.js';
import { formatPrice } from '../ui/format.js';
import { openRestSession } from './rest-session.js';
import { buildPlanQuery, type PlanOptions } from './plan-args.js';
import { planDocument, planReport } from './plan-format.js';

export interface PlanCommandOptions extends PlanOptions {
  readonly json?: boolean;
  readonly demo?: boolean;
  readonly seed?: string;
}

/** Runs the command; resolves to the exit code. Usage errors are thrown before any network. */
export async function runPlan(
  contract: string,
  options: PlanCommandOptions,
  now: number = Date.now(),
): Promise<number> {
  const query = buildPlanQuery(contract, options);
  const session = await openRestSession('plan', options);
  const { rest, settings } = session;
  try {
    const { plan } = await computePlan(rest, query, { settings, now });
    const doc = planDocument(
      { ts: new Date(now).toISOString(), demo: session.demo, contract: query.contract, underlying: query.underlying },
      plan,
    );
    if (options.json) process.stdout.write(`${JSON.stringify(doc)}\n`);
    else {
      const header = [
        `${query.contract}`,
        `${query.underlying} ${formatPrice(doc.spot)}`,
        session.demo ? 'DEMO DATA' : '',
      ]
        .filter(Boolean)
        .join(' · ');
      process.stdout.write(planReport(header, doc));
    }
    return 0;
  } finally {
    await session.close();
  }
}
