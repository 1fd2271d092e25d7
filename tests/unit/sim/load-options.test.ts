import { describe, expect, it } from 'vitest';
import { loadOptions } from '../../../src/sim/load.js';

describe('load generator options', () => {
  it('fills in the defaults', () => {
    expect(loadOptions({ eventsPerSec: 1000 })).toEqual({
      profile: 'flat',
      eventsPerSec: 1000,
      symbols: ['SPY', 'QQQ', 'AAPL', 'NVDA', 'MSFT', 'TSLA', 'AMZN', 'META'],
      frameEvents: 200,
      phaseMs: 5000,
      highWaterBytes: 8 * 1024 * 1024,
      stampSendTime: false,
    });
  });

  it.each([
    [{ eventsPerSec: 0 }, /eventsPerSec must be a positive number/],
    [{ eventsPerSec: 20_000_000 }, /at most 10,000,000/],
    [{ eventsPerSec: 10, profile: 'spike' }, /profile must be flat, burst or lull, got "spike"/],
    [{ eventsPerSec: 10, frameEvents: 5000 }, /frameEvents must be 1..2000/],
    [{ eventsPerSec: 10, symbols: [] }, /symbols must be a non-empty list/],
  ])('refuses %j with a TypeError that says why', (options, message) => {
    expect(() => loadOptions(options as never)).toThrow(TypeError);
    expect(() => loadOptions(options as never)).toThrow(message);
  });
});
