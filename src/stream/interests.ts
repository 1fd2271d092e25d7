/**
 * Refcounted interests: several parts of the client (watchlist, bias panel, flow tape, bar
 * charts) may want the same symbol; the stream subscribes once and unsubscribes only when the
 * last one lets go. Pure data structures; the manager turns the desired set into topics.
 */
import type { Cluster } from '../massive/events.js';
import { classifySymbol } from '../massive/symbology.js';

/**
 * quote: stock last/NBBO/second bars; index: index values; flow: one option contract's trades and
 * quotes; bars: minute bars; underlyingFlow: every option print on an underlying, through the
 * proxy's documented `FLOW.<underlying>` extension (docs/proxy-flow.md).
 */
export type InterestKind = 'quote' | 'index' | 'flow' | 'bars' | 'underlyingFlow';

export interface Interest {
  readonly kind: InterestKind;
  readonly symbol: string;
}

export function interestKey(i: Interest): string {
  return `${i.kind}|${i.symbol}`;
}

/** Refcounts per interest; returns whether the desired set changed. */
export class InterestCounts {
  private readonly counts = new Map<string, { readonly interest: Interest; n: number }>();

  /** Adds one reference; true when the interest is new. */
  add(interest: Interest): boolean {
    const key = interestKey(interest);
    const entry = this.counts.get(key);
    if (entry) {
      entry.n++;
      return false;
    }
    this.counts.set(key, { interest, n: 1 });
    return true;
  }

  /** Drops one reference; true when it was the last. Unknown interests are ignored. */
  remove(interest: Interest): boolean {
    const key = interestKey(interest);
    const entry = this.counts.get(key);
    if (!entry) return false;
    if (--entry.n > 0) return false;
    this.counts.delete(key);
    return true;
  }

  count(interest: Interest): number {
    return this.counts.get(interestKey(interest))?.n ?? 0;
  }

  list(): Interest[] {
    return [...this.counts.values()].map((e) => e.interest);
  }
}

/** Wire channels per interest kind; the cluster follows from the symbol. */
const CHANNELS: Readonly<Record<InterestKind, readonly string[]>> = {
  quote: ['T', 'Q', 'A'],
  index: ['V', 'A'],
  flow: ['T', 'Q'],
  bars: ['AM'],
  underlyingFlow: ['FLOW'],
};

/** The cluster an interest's topics go to: FLOW.<underlying> lives on the options cluster. */
function clusterOf(i: Interest): Cluster | undefined {
  return i.kind === 'underlyingFlow' ? 'options' : classifySymbol(i.symbol);
}

/** The desired topics per cluster for a set of interests; invalid symbols are skipped. */
export function topicsByCluster(interests: readonly Interest[]): Map<Cluster, Set<string>> {
  const out = new Map<Cluster, Set<string>>();
  for (const i of interests) {
    const cluster = clusterOf(i);
    if (!cluster) continue;
    const set = out.get(cluster) ?? new Set<string>();
    for (const c of CHANNELS[i.kind]) set.add(`${c}.${i.symbol}`);
    out.set(cluster, set);
  }
  return out;
}

/** The symbols a set of interests covers, per cluster. */
export function symbolsByCluster(interests: readonly Interest[]): Map<Cluster, Set<string>> {
  const out = new Map<Cluster, Set<string>>();
  for (const i of interests) {
    // An underlying's flow is a stream of many contracts, not one symbol to watch or poll.
    if (i.kind === 'underlyingFlow') continue;
    const cluster = classifySymbol(i.symbol);
    if (!cluster) continue;
    (out.get(cluster) ?? out.set(cluster, new Set()).get(cluster)!).add(i.symbol);
  }
  return out;
}

/** The natural interest for a watchlist symbol: quote, index value, or option flow. */
export function interestFor(symbol: string): Interest | undefined {
  const cluster = classifySymbol(symbol);
  if (!cluster) return undefined;
  return { kind: cluster === 'stocks' ? 'quote' : cluster === 'indices' ? 'index' : 'flow', symbol };
}

/** Underlyings whose whole option flow is wanted. */
export function flowUnderlyings(interests: readonly Interest[]): Set<string> {
  return new Set(interests.filter((i) => i.kind === 'underlyingFlow').map((i) => i.symbol));
}
