import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { createMarketStore } from '../../../src/store/store.js';

// Tuesday 2026-11-24 in New York (UTC-5).
const at = (hh: number, mm: number) => Date.UTC(2026, 10, 24, hh + 5, mm);

function setup(start: number) {
  const clock = new ManualClock(start);
  const store = createMarketStore({ symbols: ['SPY'], demo: true, frameMs: 0, clock });
  return { clock, store };
}

describe('extended-hours change', () => {
  it('is the move since the previous close in pre-market', () => {
    const { store } = setup(at(8, 0));
    store.seed('SPY', { prevClose: 600 }, 'rest');
    store.apply({ ev: 'T', sym: 'SPY', p: 603, s: 1, t: at(8, 0) }, 'ws');
    const row = store.getSnapshot().quotes.SPY!;
    expect(row.extChange).toBeCloseTo(3);
    expect(row.extChangePct).toBeCloseTo(0.5);
    expect(store.getSnapshot().status.session).toBe('pre');
  });

  it('is the move since the last regular-session price after hours, and absent during regular hours', () => {
    const { clock, store } = setup(at(15, 59));
    store.seed('SPY', { prevClose: 600 }, 'rest');
    store.apply({ ev: 'T', sym: 'SPY', p: 610, s: 1, t: at(15, 59) }, 'ws');
    expect(store.getSnapshot().quotes.SPY!.extChange).toBeUndefined();
    clock.set(at(16, 30));
    store.apply({ ev: 'T', sym: 'SPY', p: 605, s: 1, t: at(16, 30) }, 'ws');
    const row = store.getSnapshot().quotes.SPY!;
    expect(row.change).toBeCloseTo(5); // the day's change still counts from the previous close
    expect(row.extChange).toBeCloseTo(-5); // after hours: down 5 from the 610 regular-session price
    expect(store.getSnapshot().status.session).toBe('post');
  });
});
