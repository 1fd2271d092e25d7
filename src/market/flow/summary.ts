/**
 * Running flow summary per underlying for the watchlist: bullish and bearish premium today, the
 * largest order and the number of orders. "Today" is the New York date of the prints: the first
 * print of a new date starts a fresh summary.
 */
import { nyDate } from '../../lib/new-york.js';
import type { FlowPrint, FlowSummary } from '../types.js';

/** An empty summary for an underlying. */
export function emptyFlowSummary(underlying: string): FlowSummary {
  return { underlying, bullishPremium: 0, bearishPremium: 0, largest: undefined, count: 0 };
}

/** Pure step: the summary after one more order of the same underlying. */
export function addToFlowSummary(summary: FlowSummary, print: FlowPrint): FlowSummary {
  return {
    underlying: summary.underlying,
    bullishPremium: summary.bullishPremium + (print.sentiment === 'bullish' ? print.premium : 0),
    bearishPremium: summary.bearishPremium + (print.sentiment === 'bearish' ? print.premium : 0),
    largest: summary.largest === undefined || print.premium > summary.largest.premium ? print : summary.largest,
    count: summary.count + 1,
  };
}

/** Summaries by underlying, reset per New York trading date. */
export class FlowSummaries {
  readonly #byUnderlying = new Map<string, { date: string | undefined; summary: FlowSummary }>();

  /** Adds an order and returns its underlying's new summary. */
  add(print: FlowPrint): FlowSummary {
    const date = nyDate(print.time);
    const held = this.#byUnderlying.get(print.underlying);
    const base = held === undefined || held.date !== date ? emptyFlowSummary(print.underlying) : held.summary;
    const summary = addToFlowSummary(base, print);
    this.#byUnderlying.set(print.underlying, { date, summary });
    return summary;
  }

  /** The summary of an underlying, or undefined when it has none for `now`'s New York date. */
  get(underlying: string, now?: number): FlowSummary | undefined {
    const held = this.#byUnderlying.get(underlying);
    if (held === undefined) return undefined;
    return now === undefined || held.date === nyDate(now) ? held.summary : undefined;
  }

  /** All held summaries, by underlying name. */
  all(): FlowSummary[] {
    return [...this.#byUnderlying.values()]
      .map((h) => h.summary)
      .sort((a, b) => a.underlying.localeCompare(b.underlying));
  }
}
