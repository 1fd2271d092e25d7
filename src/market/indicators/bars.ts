/**
 * Bar plumbing shared by the indicator engine and the bar cache: validation, ordering and the
 * conversion of streamed minute aggregates into the REST `Bar` shape.
 */
import type { AggregateEvent } from '../../massive/events.js';
import type { Bar } from '../../massive/rest-models.js';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** True when a bar has a finite start time and finite OHLC; volume and vwap may be absent. */
export function isValidBar(bar: Bar | undefined | null): bar is Bar {
  if (bar === null || typeof bar !== 'object') return false;
  if (!finite(bar.timeMs) || !finite(bar.open) || !finite(bar.high) || !finite(bar.low) || !finite(bar.close))
    return false;
  if (bar.volume !== undefined && (!finite(bar.volume) || bar.volume < 0)) return false;
  return bar.vwap === undefined || finite(bar.vwap);
}

/**
 * Drops malformed bars, sorts by start time and keeps the last bar given for each minute, so a
 * REST page overlapping streamed bars can be merged without double counting.
 */
export function normalizeBars(bars: readonly Bar[]): Bar[] {
  const byTime = new Map<number, Bar>();
  for (const bar of bars) if (isValidBar(bar)) byTime.set(bar.timeMs, bar);
  return [...byTime.values()].sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * A streamed `AM` (or `A`) aggregate as a `Bar`. `z` on the wire is the average trade size, not a
 * trade count, so `trades` stays undefined.
 */
export function barFromAggregate(event: AggregateEvent): Bar {
  return {
    timeMs: event.s,
    open: event.o,
    high: event.h,
    low: event.l,
    close: event.c,
    volume: event.v,
    vwap: event.vw,
    trades: undefined,
  };
}
