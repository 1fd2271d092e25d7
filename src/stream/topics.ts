import type { Cluster } from '../massive/events.js';

/**
 * Stream topics for a cluster's symbols: stocks get trades, NBBO and second bars (for running
 * volume and VWAP); indices get values and second bars; options get trades and quotes. The same
 * channels as the `quote`, `index` and `flow` interests of interests.ts.
 */
export function topicsFor(cluster: Cluster, symbols: readonly string[]): string[] {
  const channels = cluster === 'stocks' ? ['T', 'Q', 'A'] : cluster === 'indices' ? ['V', 'A'] : ['T', 'Q'];
  return symbols.flatMap((s) => channels.map((c) => `${c}.${s}`));
}
