import { describe, expect, it } from 'vitest';
import { SLOW_CONSUMER_STATUS, SlowReader } from '../../../src/proxy/slow-reader.js';

const frame = (...els: object[]) => JSON.stringify(els);

describe('SlowReader', () => {
  it('sends under the soft limit, holds above it, and cuts past the hard limit or a long stall', () => {
    const r = new SlowReader({ softBytes: 100, hardBytes: 1000, maxStallMs: 5_000 });
    expect(r.verdict(50, 0)).toBe('send');
    expect(r.verdict(500, 1_000)).toBe('hold');
    expect(r.verdict(500, 5_999)).toBe('hold');
    expect(r.verdict(500, 6_001)).toBe('cut');
    expect(r.verdict(50, 7_000)).toBe('send');
    expect(r.verdict(2_000, 7_001)).toBe('cut');
  });

  it('on catching up, says what was dropped and sends the latest value per symbol, oldest first', () => {
    const r = new SlowReader();
    r.hold(frame({ ev: 'Q', sym: 'SPY', bp: 1 }, { ev: 'T', sym: 'SPY', p: 1 }));
    r.hold(frame({ ev: 'Q', sym: 'QQQ', bp: 5 }, { ev: 'Q', sym: 'SPY', bp: 2 }));
    r.hold('not json');
    expect(r.dropped).toBe(3);
    const [notice, latest] = r.catchUp();
    expect(JSON.parse(notice as string)[0]).toMatchObject({ ev: 'status', status: SLOW_CONSUMER_STATUS });
    expect(notice).toContain('dropped 3 frames');
    expect(notice).toContain('1 trades lost');
    expect(JSON.parse(latest as string)).toEqual([
      { ev: 'Q', sym: 'QQQ', bp: 5 },
      { ev: 'Q', sym: 'SPY', bp: 2 },
    ]);
    expect(r.catchUp()).toEqual([]);
  });
});
