import { describe, expect, it } from 'vitest';
import { nextPhaseChange } from '../../../src/market/session.js';
import { backfillMessage, nextCheckIn } from '../../../src/stream/manager.js';

describe('subscription manager parts', () => {
  it('nextCheckIn: every checkEveryMs in a session, asleep until the next session when closed', () => {
    const open = Date.UTC(2026, 0, 5, 15, 0, 0); // Monday 10:00 New York
    expect(nextCheckIn('regular', open, 1_000)).toBe(1_000);
    // One second before the close, the check comes at the close.
    const beforeClose = nextPhaseChange(open) - 1_000;
    expect(nextCheckIn('regular', beforeClose, 5_000)).toBe(1_000);
    const night = Date.UTC(2026, 0, 6, 3, 0, 0); // Monday 22:00 New York
    expect(nextCheckIn('closed', night, 1_000)).toBe(nextPhaseChange(night) - night);
  });

  it('backfillMessage: bars, symbols and outage length, singular and plural', () => {
    expect(backfillMessage(1, 1, 'stocks', { from: 0, to: 61_400 })).toBe(
      'backfilled 1 minute bar for 1 stocks symbol over a 61 s outage',
    );
    expect(backfillMessage(12, 3, 'indices', { from: 0, to: 180_000 })).toBe(
      'backfilled 12 minute bars for 3 indices symbols over a 180 s outage',
    );
  });
});
