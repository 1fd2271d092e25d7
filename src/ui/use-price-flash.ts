import { useEffect, useRef, useState } from 'react';
import type { QuoteRow } from '../store/types.js';

/**
 * Symbols whose last price just changed, and which way, for `durationMs` after each change
 * (0 turns it off). The clearing timers are animation timers: they paint, they never fetch.
 */
export function usePriceFlash(quotes: Readonly<Record<string, QuoteRow>>, durationMs: number): ReadonlyMap<string, 'up' | 'down'> {
  const previous = useRef<Map<string, number> | undefined>(undefined);
  // Live across renders: a newer snapshot must not cancel the timer that clears an older tick.
  const timers = useRef(new Set<NodeJS.Timeout>());
  /** Per symbol, a counter of ticks: a timer clears only a flash no newer tick has renewed. */
  const generation = useRef(new Map<string, number>());
  const [flashes, setFlashes] = useState<ReadonlyMap<string, 'up' | 'down'>>(() => new Map());

  useEffect(() => {
    const live = timers.current;
    return () => {
      for (const t of live) clearTimeout(t);
      live.clear();
    };
  }, []);

  useEffect(() => {
    const prev = previous.current;
    const next = new Map<string, number>();
    const changed = new Map<string, 'up' | 'down'>();
    for (const [symbol, row] of Object.entries(quotes)) {
      if (row.price === undefined) continue;
      next.set(symbol, row.price);
      const before = prev?.get(symbol);
      // The first price of a symbol is not a tick.
      if (before !== undefined && before !== row.price) changed.set(symbol, row.price > before ? 'up' : 'down');
    }
    previous.current = next;
    if (durationMs <= 0 || changed.size === 0) return;
    const token = new Map<string, number>();
    for (const symbol of changed.keys()) {
      const g = (generation.current.get(symbol) ?? 0) + 1;
      generation.current.set(symbol, g);
      token.set(symbol, g);
    }
    setFlashes((current) => new Map([...current, ...changed]));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFlashes((current) => {
        const rest = new Map(current);
        for (const [symbol, g] of token) if (generation.current.get(symbol) === g) rest.delete(symbol);
        return rest;
      });
    }, durationMs);
    timers.current.add(timer);
  }, [quotes, durationMs]);
  return flashes;
}
