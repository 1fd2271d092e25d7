import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { biasLine, biasUnavailableLine, quoteLine, statusLine } from '../../../src/headless/events.js';
import { startNdjsonWriter } from '../../../src/headless/writer.js';
import { ManualClock } from '../../../src/lib/clock.js';
import type { BiasReading } from '../../../src/market/types.js';
import { emptyRow } from '../../../src/store/quote-reducer.js';
import { createMarketStore } from '../../../src/store/store.js';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);

class Lines extends Writable {
  lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    for (const l of chunk.toString().split('\n').filter(Boolean))
      this.lines.push(JSON.parse(l) as Record<string, unknown>);
    cb();
  }
}

describe('NDJSON lines say what the plan delivers', () => {
  it.each<[boolean | undefined, boolean]>([
    [true, true],
    [false, false],
    [undefined, false],
  ])('a quote row with delayed=%s is written with delayed: %s', (delayed, expected) => {
    const row = { ...emptyRow('SPY'), price: 600, asOf: T0, ...(delayed === undefined ? {} : { delayed }) };
    expect(quoteLine(row, T0, false).delayed).toBe(expected);
  });

  it('writes feeds for every asset class, null for one not in use', () => {
    const line = statusLine(
      { connection: 'live', demo: false, message: undefined, feeds: { stocks: 'delayed', indices: 'none' } },
      T0,
    );
    expect(line.feeds).toEqual({ stocks: 'delayed', options: null, indices: 'none' });
    expect(statusLine({ connection: 'connecting', demo: false, message: undefined }, T0).feeds).toEqual({
      stocks: null,
      options: null,
      indices: null,
    });
  });

  it('writes a bias that cannot be computed as label unavailable, with the reason', () => {
    const reason = 'indices not in your plan: the bias needs I:SPX and I:VIX';
    expect(biasUnavailableLine(reason, T0, false)).toMatchObject({
      type: 'bias',
      label: 'unavailable',
      score: null,
      spxTrend: 'unknown',
      vixRegime: 'unknown',
      vixDirection: 'unknown',
      reasons: [reason],
      unavailable: reason,
    });
    const reading: BiasReading = {
      label: 'neutral',
      score: 0,
      spxTrend: 'up',
      vixRegime: 'unknown',
      vixDirection: 'unknown',
      reasons: [],
    };
    expect(biasLine(reading, T0, false).unavailable).toBeNull();
    expect(biasLine(reading, T0, false, 'I:VIX not in your plan: the bias needs I:SPX and I:VIX').unavailable).toMatch(
      /^I:VIX/,
    );
  });

  it('emits the unavailable bias when it changes, not with every frame, and the feeds on the status line', () => {
    const clock = new ManualClock(T0);
    const store = createMarketStore({ symbols: ['SPY'], demo: false, frameMs: 0, clock });
    const out = new Lines();
    const writer = startNdjsonWriter({ store, out, now: () => clock.now() });
    store.setFeeds({ stocks: { feed: 'delayed', recency: 'delayed' }, indices: { feed: 'none', recency: 'eod' } });
    store.setUnavailable('I:SPX', 'indices not in your plan');
    store.setUnavailable('I:VIX', 'indices not in your plan');
    const biasLines = () => out.lines.filter((l) => l.type === 'bias');
    const before = biasLines().length;
    expect(biasLines().at(-1)).toMatchObject({
      label: 'unavailable',
      unavailable: 'indices not in your plan: the bias needs I:SPX and I:VIX',
    });
    store.apply({ ev: 'T', sym: 'SPY', p: 600, s: 1, t: T0 - 900_000 }, 'ws');
    writer.close();
    expect(biasLines()).toHaveLength(before);
    expect(out.lines.filter((l) => l.type === 'status').at(-1)).toMatchObject({
      feeds: { stocks: 'delayed', options: null, indices: 'none' },
    });
    expect(out.lines.find((l) => l.type === 'quote' && l.symbol === 'SPY')).toMatchObject({
      delayed: true,
      price: 600,
    });
  });
});
