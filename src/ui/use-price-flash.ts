import { useEffect, useMemo, useReducer, useRef } from 'react';
import type { QuoteRow } from '../store/types.js';

type Direction = 'up' | 'down';

/**
 * How long after a flash's end its own repaint waits for a snapshot to repaint instead: one
 * frame of the store (store.ts, frameMs), so a screen that repaints every frame anyway spends no
 * commit only to end a flash, and a quiet one ends it at most this late.
 */
const QUIET_GRACE_MS = 100;

/**
 * Symbols whose last price just changed, and which way, for `durationMs` after each change
 * (0 turns it off). Derived while rendering the snapshot that carries the change, so a published
 * snapshot costs one React commit, not three (an earlier version set state after every snapshot
 * and again from a timer per snapshot, which dominated render cost under load). One animation
 * timer repaints shortly after the earliest flash ends unless a snapshot did, so a quiet screen
 * still fades.
 */
export function usePriceFlash(
  quotes: Readonly<Record<string, QuoteRow>>,
  durationMs: number,
): ReadonlyMap<string, Direction> {
  const prices = useRef<Map<string, number> | undefined>(undefined);
  const flashes = useRef(new Map<string, { readonly dir: Direction; readonly until: number }>());
  const timer = useRef<NodeJS.Timeout | undefined>(undefined);
  const [, repaint] = useReducer((n: number) => n + 1, 0);

  useMemo(() => {
    const prev = prices.current;
    const next = new Map<string, number>();
    const until = Date.now() + durationMs;
    for (const [symbol, row] of Object.entries(quotes)) {
      if (row.price === undefined) continue;
      next.set(symbol, row.price);
      const before = prev?.get(symbol);
      // The first price of a symbol is not a tick.
      if (durationMs > 0 && before !== undefined && before !== row.price)
        flashes.current.set(symbol, { dir: row.price > before ? 'up' : 'down', until });
    }
    prices.current = next;
  }, [quotes, durationMs]);

  const now = Date.now();
  const visible = new Map<string, Direction>();
  let nextEnd = Infinity;
  for (const [symbol, f] of flashes.current) {
    if (f.until <= now) flashes.current.delete(symbol);
    else {
      visible.set(symbol, f.dir);
      nextEnd = Math.min(nextEnd, f.until);
    }
  }

  // Re-armed after every render: a render that comes first (the next published snapshot, ~100 ms
  // away on a busy screen) drops the ended flashes itself, so the timer only fires on a quiet
  // screen. Without the re-arm every flash's end cost a commit of its own between two snapshots:
  // 15 % of the watch screen's busy time, against 6 % after (BENCHMARKS.md, session 5).
  useEffect(() => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = undefined;
    if (nextEnd === Infinity) return;
    timer.current = setTimeout(
      () => {
        timer.current = undefined;
        repaint();
      },
      Math.max(0, nextEnd - Date.now()) + QUIET_GRACE_MS,
    );
  });
  useEffect(
    () => () => {
      if (timer.current !== undefined) clearTimeout(timer.current);
    },
    [],
  );
  return visible;
}
