/**
 * The symbols the current interests cover, per cluster, with when each last heard from the
 * stream and from anything. The manager reads it to decide what to poll and what is stale; plain
 * data and small methods, no timers.
 */
import type { Cluster } from '../massive/events.js';
import { parseOptionTicker } from '../massive/symbology.js';
import { flowUnderlyings, symbolsByCluster, type Interest } from './interests.js';
import type { PlanSymbol } from './need-plan.js';
import type { PollNeed } from './poll-policy.js';
import { CadenceBook } from './staleness.js';

export interface SymbolInfo {
  readonly cluster: Cluster;
  /** Only flow wants it: its silence is normal and never sends it to REST on its own. */
  quiet: boolean;
  /** A quote interest wants it (bid/ask may then come from REST). */
  quotes: boolean;
  /** When it was first wanted (ms). */
  readonly since: number;
  /** Last stream event (receive time, ms). */
  lastWsAt: number | undefined;
  /** Last update from the stream or REST (receive time, ms). */
  lastAnyAt: number | undefined;
}

export class SymbolBook {
  private readonly map = new Map<string, SymbolInfo>();
  // Option roots whose whole flow is subscribed (FLOW.<underlying>): their contracts are welcome.
  private flowRoots = new Set<string>();
  // Indices may publish once a minute rather than tick by tick: their silence is judged by pace.
  private readonly cadence = new CadenceBook();

  get(symbol: string): SymbolInfo | undefined {
    return this.map.get(symbol);
  }

  has(symbol: string): boolean {
    return this.map.has(symbol);
  }

  entries(): IterableIterator<[string, SymbolInfo]> {
    return this.map.entries();
  }

  /** Whether a stream event for `symbol` belongs to the current interests. */
  wants(cluster: Cluster, symbol: string): boolean {
    return this.map.has(symbol) || (cluster === 'options' && this.flowRoots.has(parseOptionTicker(symbol)?.root ?? ''));
  }

  /** A stream event for a watched symbol arrived at `now` (receive time). */
  heard(symbol: string, now: number): void {
    const info = this.map.get(symbol);
    if (!info) return;
    info.lastWsAt = now;
    info.lastAnyAt = now;
    this.cadence.observe(symbol, info.cluster, now);
  }

  /** The observed update interval of an index (staleness.ts CadenceBook), if known. */
  intervalMs(symbol: string): number | undefined {
    return this.cadence.intervalMs(symbol);
  }

  /** Follows the interest set: new symbols start their clock at `now`, gone ones are forgotten. */
  sync(list: readonly Interest[], now: number): void {
    this.flowRoots = flowUnderlyings(list);
    const wanted = symbolsByCluster(list);
    const quietOnly = new Set(list.filter((i) => i.kind === 'flow').map((i) => i.symbol));
    for (const i of list) if (i.kind !== 'flow') quietOnly.delete(i.symbol);
    const quotes = new Set(list.filter((i) => i.kind === 'quote').map((i) => i.symbol));
    for (const sym of [...this.map.keys()]) {
      if ([...wanted.values()].some((s) => s.has(sym))) continue;
      this.map.delete(sym);
      this.cadence.delete(sym);
    }
    for (const [cluster, set] of wanted) {
      for (const sym of set) {
        const info = this.map.get(sym) ?? {
          cluster,
          quiet: false,
          quotes: false,
          since: now,
          lastWsAt: undefined,
          lastAnyAt: undefined,
        };
        info.quiet = quietOnly.has(sym);
        info.quotes = quotes.has(sym);
        this.map.set(sym, info);
      }
    }
  }

  /** The symbols of the clusters `include` accepts, as a poll need. */
  need(include: (cluster: Cluster) => boolean): PollNeed {
    const need = { stocks: [] as string[], indices: [] as string[], options: [] as string[] };
    for (const [sym, info] of this.map) if (include(info.cluster)) need[info.cluster].push(sym);
    return need;
  }

  /** The planner's view; a symbol's quiet window starts again when its stream (re)connects. */
  views(liveSince: (cluster: Cluster) => number | undefined): PlanSymbol[] {
    return [...this.map].map(([symbol, s]) => ({
      symbol,
      cluster: s.cluster,
      quiet: s.quiet,
      quotes: s.quotes,
      lastWsAt: s.lastWsAt,
      intervalMs: this.cadence.intervalMs(symbol),
      since: Math.max(s.since, liveSince(s.cluster) ?? -Infinity),
    }));
  }
}
