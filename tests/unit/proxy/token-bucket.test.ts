import { describe, it, expect } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { TokenBucket } from '../../../src/proxy/token-bucket.js';

describe('TokenBucket', () => {
  it('allows a burst up to the limit, then says how long to wait', () => {
    const clock = new ManualClock();
    const b = new TokenBucket({ limit: 5, intervalMs: 60_000, clock });
    for (let i = 0; i < 5; i++) expect(b.tryTake().ok).toBe(true);
    expect(b.tryTake()).toEqual({ ok: false, waitMs: 12_000 });
    expect(b.stats()).toEqual({ limit: 5, intervalMs: 60_000, used: 5, left: 0 });
  });

  it('refills continuously with the clock and never above the limit', () => {
    const clock = new ManualClock();
    const b = new TokenBucket({ limit: 5, intervalMs: 60_000, clock });
    for (let i = 0; i < 5; i++) b.tryTake();
    clock.advance(12_000);
    expect(b.tryTake().ok).toBe(true);
    expect(b.tryTake().ok).toBe(false);
    clock.advance(10 * 60_000);
    expect(b.stats().left).toBe(5);
  });

  it('reports a shrinking wait as time passes', () => {
    const clock = new ManualClock();
    const b = new TokenBucket({ limit: 50, intervalMs: 1_000, clock });
    for (let i = 0; i < 50; i++) b.tryTake();
    expect(b.tryTake()).toEqual({ ok: false, waitMs: 20 });
    clock.advance(15);
    expect(b.tryTake()).toEqual({ ok: false, waitMs: 5 });
  });
});
