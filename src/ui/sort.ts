import type { QuoteRow } from '../store/types.js';

/** Watchlist orders, in the order `s` cycles through them. */
export type SortMode = 'user' | 'changePct' | 'symbol' | 'volume';

export const sortModes: readonly SortMode[] = ['user', 'changePct', 'symbol', 'volume'];

export const sortLabels: Readonly<Record<SortMode, string>> = {
  user: 'your order',
  changePct: 'change %',
  symbol: 'symbol',
  volume: 'volume',
};

export function nextSortMode(mode: SortMode): SortMode {
  return sortModes[(sortModes.indexOf(mode) + 1) % sortModes.length]!;
}

/** Largest first; symbols without the value go last, in the user's order (the sort is stable). */
function descending(
  value: (row: QuoteRow | undefined) => number | undefined,
  quotes: Readonly<Record<string, QuoteRow>>,
) {
  return (a: string, b: string): number => {
    const va = value(quotes[a]);
    const vb = value(quotes[b]);
    if (va === undefined || !Number.isFinite(va)) return vb === undefined || !Number.isFinite(vb) ? 0 : 1;
    if (vb === undefined || !Number.isFinite(vb)) return -1;
    return vb - va;
  };
}

/** The watchlist's symbols in the chosen order; never mutates its input. */
export function sortSymbols(
  symbols: readonly string[],
  quotes: Readonly<Record<string, QuoteRow>>,
  mode: SortMode,
): readonly string[] {
  switch (mode) {
    case 'user':
      return symbols;
    case 'symbol':
      return [...symbols].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    case 'changePct':
      return [...symbols].sort(descending((r) => r?.changePct, quotes));
    case 'volume':
      return [...symbols].sort(descending((r) => r?.volume, quotes));
  }
}
