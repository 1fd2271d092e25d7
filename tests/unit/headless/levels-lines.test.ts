import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { ManualClock } from '../../../src/lib/clock.js';
import { createMarketStore } from '../../../src/store/store.js';
import { createOptionsDesk } from '../../../src/store/options-desk.js';
import { startNdjsonWriter } from '../../../src/headless/writer.js';
import { levelsDocument } from '../../../src/cli/levels-format.js';
import { levelsEntry } from '../ui/option-fixtures.js';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);

class Pipe extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    cb();
  }
}

describe('NDJSON levels lines', () => {
  it('writes one `levels` line per refresh, in the shape `massive levels --json` prints', () => {
    const clock = new ManualClock(T0);
    const store = createMarketStore({ symbols: ['SPY'], demo: true, frameMs: 0, clock });
    const desk = createOptionsDesk();
    const out = new Pipe();
    const writer = startNdjsonWriter({ store, desk, out, now: () => clock.now() });
    const levels = () =>
      out.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.type === 'levels');
    expect(levels()).toEqual([]);

    const spy = levelsEntry('SPY');
    desk.setLevels(spy);
    desk.want({ focus: 'SPY' }); // a change that is not a refresh writes nothing
    expect(levels()).toHaveLength(1);
    const expected = levelsDocument(
      { ts: new Date(T0).toISOString(), demo: true, underlying: 'SPY', spot: 600.2 },
      spy.levels,
    );
    expect(levels()[0]).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(levels()[0]).toMatchObject({ v: 1, demo: true, gammaFlip: 598.43, putCallOi: 1.1234, callWall: 610 });

    desk.setLevels(levelsEntry('I:SPX', { spot: 6800 }));
    expect(levels().map((l) => l.underlying)).toEqual(['SPY', 'I:SPX']);
    clock.advance(300_000);
    desk.setLevels(levelsEntry('SPY', { at: T0 + 300_000 }));
    expect(levels().map((l) => [l.underlying, l.ts])).toEqual([
      ['SPY', new Date(T0).toISOString()],
      ['I:SPX', new Date(T0).toISOString()],
      ['SPY', new Date(T0 + 300_000).toISOString()],
    ]);
    writer.close();
    desk.setLevels(levelsEntry('SPY'));
    expect(levels()).toHaveLength(3);
  });
});
