/**
 * What a REST 403 means. Massive answers three different refusals with the same status and the
 * same `NOT_AUTHORIZED` body status (https://massive.com/docs/rest/quickstart.md; texts observed
 * live), and only the message tells them apart, so this is the one place that reads it:
 * - "You are not entitled to this data…": the endpoint or asset class is not in the plan;
 * - "Attempted to request today's data before end of day…": a Basic (end-of-day) key asked for
 *   today; yesterday's data is fine;
 * - "Your plan doesn't include this data timeframe…": history deeper, or data more recent, than
 *   the plan allows.
 * Anything else that is a 403 counts as not entitled: the safe reading (do not ask again).
 */

export type RefusalReason = 'not-entitled' | 'before-eod' | 'timeframe';

export function refusalReason(message: string | undefined): RefusalReason {
  const text = typeof message === 'string' ? message : '';
  if (/today'?s data before end of day/i.test(text)) return 'before-eod';
  if (/data timeframe/i.test(text)) return 'timeframe';
  return 'not-entitled';
}
