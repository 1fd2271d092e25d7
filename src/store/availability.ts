/**
 * Why the market bias cannot be computed, in words: the bias needs I:SPX and I:VIX, and a key
 * whose plan has no indices (or lacks one of them) would otherwise leave the panel waiting
 * forever. Pure, over the index rows' `unavailable` reasons.
 */
import type { QuoteRow } from './types.js';

/** The tickers the bias is computed from. */
export const BIAS_TICKERS: readonly string[] = ['I:SPX', 'I:VIX'];

/**
 * `indices not in your plan: the bias needs I:SPX and I:VIX` when both share a reason;
 * `I:VIX not in your plan: …` when one is missing; undefined when nothing is unavailable.
 */
export function biasUnavailableReason(rows: Readonly<Record<string, QuoteRow | undefined>>): string | undefined {
  const missing = BIAS_TICKERS.filter((t) => rows[t]?.unavailable !== undefined);
  if (missing.length === 0) return undefined;
  const needs = `the bias needs ${BIAS_TICKERS.join(' and ')}`;
  const reasons = [...new Set(missing.map((t) => rows[t]!.unavailable!))];
  if (missing.length === BIAS_TICKERS.length && reasons.length === 1) return `${reasons[0]}: ${needs}`;
  return `${missing.map((t) => `${t} ${rows[t]!.unavailable}`).join(', ')}: ${needs}`;
}
