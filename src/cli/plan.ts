/**
 * `massive plan`: a trade plan for one option contract through the proxy (the reads and the
 * computation are plan-compute.ts's, shared with the watch screen's contract view).
 */
import { computePlan } from './plan-compute.js';
import { formatPrice } from '../ui/format.js';
import { type ReportOptions, runReport } from './rest-session.js';
import { buildPlanQuery, type PlanOptions } from './plan-args.js';
import { planDocument, planReport } from './plan-format.js';

export interface PlanCommandOptions extends PlanOptions, ReportOptions {}

/** Runs the command; resolves to the exit code. Usage errors are thrown before any network. */
export async function runPlan(
  contract: string,
  options: PlanCommandOptions,
  now: number = Date.now(),
): Promise<number> {
  const query = buildPlanQuery(contract, options);
  return runReport('plan', options, async ({ rest, settings, demo }) => {
    const { plan } = await computePlan(rest, query, { settings, now });
    const doc = planDocument(
      { ts: new Date(now).toISOString(), demo, contract: query.contract, underlying: query.underlying },
      plan,
    );
    return {
      json: () => doc,
      header: [query.contract, `${query.underlying} ${formatPrice(doc.spot)}`],
      text: (header) => planReport(header, doc),
    };
  });
}
