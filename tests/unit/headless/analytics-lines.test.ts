import { describe, expect, it, vi } from 'vitest';
import { Writable } from 'node:stream';
import { ManualClock } from '../../../src/lib/clock.js';
import { createMarketStore } from '../../../src/store/store.js';
import { startNdjsonWriter } from '../../../src/headless/writer.js';

const T0 = Date.UTC(2026, 10, 24, 15, 30, 0);
const PUT = 'O:SPY261218P00670000';

class Pipe extends Writable {
  lines: Record<string, unknown>[] = [];
  full = false;
  constructor() {
    super({ highWaterMark: 1 });
  }
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) {
    for (const l of chunk.toString().split('\n').filter(Boolean))
      this.lines.push(JSON.parse(l) as Record<string, unknown>);
    if (this.full) setImmediate(cb);
    else cb();
  }
}

function setup(maxQueued?: number) {
  const clock = new ManualClock(T0);
  const store = createMarketStore({ symbols: ['SPY'], demo: true, frameMs: 0, clock });
  const out = new Pipe();
  const writer = startNdjsonWriter({ store, out, now: () => clock.now(), ...(maxQueued ? { maxQueued } : {}) });
  return { clock, store, out, writer };
}

function block(store: ReturnType<typeof setup>['store'], i: number) {
  store.apply({ ev: 'Q', sym: PUT, bp: 2.0, ap: 2.1, t: T0 + i * 10 }, 'ws');
  store.apply({ ev: 'T', sym: PUT, p: 2.0, s: 1000, x: 302, t: T0 + i * 10 + 1 }, 'ws');
}

describe('NDJSON analytics lines', () => {
  it('writes each flow order as a flow line with ISO times, the demo label and the conventional fields', () => {
    const { store, out } = setup();
    block(store, 0);
    store.flush();
    const flow = out.lines.filter((l) => l.type === 'flow');
    expect(flow).toHaveLength(1);
    expect(flow[0]).toMatchObject({
      v: 1,
      demo: true,
      contract: PUT,
      underlying: 'SPY',
      right: 'put',
      strike: 670,
      expiry: '2026-12-18',
      kind: 'block',
      side: 'bid',
      sentiment: 'bullish',
      size: 1000,
      premium: 200_000,
      time: new Date(T0 + 1).toISOString(),
    });
  });

  it('writes indicators and bias lines when they change', () => {
    const { clock, store, out } = setup();
    for (let i = 0; i < 30; i++) {
      const s = T0 - (30 - i) * 60_000;
      store.apply({ ev: 'AM', sym: 'I:SPX', o: 6800, h: 6805 + i, l: 6795, c: 6800 + i, s, e: s + 60_000 }, 'ws');
    }
    store.apply({ ev: 'V', T: 'I:VIX', val: 12, t: T0 }, 'ws');
    clock.advance(1);
    expect(out.lines.some((l) => l.type === 'indicators' && l.symbol === 'I:SPX' && l.trend === 'up')).toBe(true);
    const bias = out.lines.filter((l) => l.type === 'bias');
    expect(bias.at(-1)).toMatchObject({ label: 'bullish', vixRegime: 'calm' });
    expect((bias.at(-1)!.reasons as string[]).length).toBeGreaterThan(0);
  });

  it('never conflates flow lines under backpressure: all arrive, in order', async () => {
    const { store, out } = setup();
    out.full = true;
    out.write('{"type":"filler"}\n');
    for (let i = 0; i < 40; i++) block(store, i * 200);
    store.flush();
    out.full = false;
    const flowTimes = () => out.lines.filter((l) => l.type === 'flow').map((l) => l.time as string);
    await vi.waitFor(() => expect(flowTimes()).toHaveLength(40));
    const times = flowTimes();
    expect([...times].sort()).toEqual(times);
  });

  it('counts flow lines it had to drop past the queue bound and says so on a status line', async () => {
    const { store, out, writer } = setup(5);
    out.full = true;
    out.write('{"type":"filler"}\n');
    for (let i = 0; i < 20; i++) block(store, i * 200);
    store.flush();
    out.full = false;
    // Drained: the pipe asks for nothing more and holds nothing back.
    await vi.waitFor(() => expect([out.writableNeedDrain, out.writableLength]).toEqual([false, 0]));
    expect(writer.dropped).toBeGreaterThan(0);
    store.setStatus({ connection: 'live' });
    const lastStatus = () => out.lines.filter((l) => l.type === 'status').at(-1);
    await vi.waitFor(() => expect(lastStatus()?.flowDropped).toBe(writer.dropped));
  });
});
