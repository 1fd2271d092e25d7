import { describe, expect, it, vi } from 'vitest';
import { Writable } from 'node:stream';
import { ManualClock } from '../../../src/lib/clock.js';
import { createMarketStore } from '../../../src/store/store.js';
import { startNdjsonWriter } from '../../../src/headless/writer.js';
import { SCHEMA_VERSION } from '../../../src/headless/events.js';
import { registerSecret } from '../../../src/lib/redact.js';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);

/** A pipe whose reader can be made slow: write() returns false while `full` is set. */
class SlowPipe extends Writable {
  lines: string[] = [];
  full = false;
  constructor() {
    super({ highWaterMark: 1 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (this.full) setImmediate(cb);
    else cb();
  }
}

function setup(demo = true) {
  const clock = new ManualClock(T0);
  const store = createMarketStore({ symbols: ['SPY'], demo, frameMs: 0, clock });
  const out = new SlowPipe();
  const writer = startNdjsonWriter({ store, out, now: () => clock.now() });
  const parsed = () => out.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { clock, store, out, writer, parsed };
}

describe('NDJSON writer', () => {
  it('writes a status line first, then one quote line per update, each with type, ts and schema version', () => {
    const { store, parsed } = setup();
    store.seed('SPY', { prevClose: 600 }, 'rest');
    store.apply({ ev: 'T', sym: 'SPY', p: 603, s: 1, t: T0 }, 'ws');
    store.apply({ ev: 'V', T: 'I:SPX', val: 6800, t: T0 }, 'ws');
    const lines = parsed();
    expect(lines[0]).toMatchObject({ type: 'status', v: SCHEMA_VERSION, demo: true, transport: 'connecting' });
    const quotes = lines.filter((l) => l.type === 'quote');
    expect(quotes.map((q) => q.symbol)).toEqual(['SPY', 'I:SPX']);
    expect(quotes[0]).toMatchObject({
      price: 603,
      change: 3,
      changePct: 0.5,
      source: 'ws',
      stale: false,
      demo: true,
      asOf: new Date(T0).toISOString(),
    });
    for (const l of lines) expect(new Date(l.ts as string).toISOString()).toBe(l.ts);
  });

  it('marks nothing as demo when the data is real', () => {
    const { store, parsed } = setup(false);
    store.apply({ ev: 'T', sym: 'SPY', p: 603, s: 1, t: T0 }, 'ws');
    expect(parsed().every((l) => !('demo' in l))).toBe(true);
  });

  it('conflates quotes to the latest per symbol while the reader is slow, and counts them', async () => {
    const { store, out, writer, parsed } = setup();
    out.full = true;
    out.write('{"type":"filler"}\n'); // fills the pipe so the writer sees backpressure
    for (let i = 0; i < 50; i++) store.apply({ ev: 'T', sym: 'SPY', p: 600 + i, s: 1, t: T0 + i }, 'ws');
    out.full = false;
    const quotePrices = () =>
      parsed()
        .filter((l) => l.type === 'quote')
        .map((l) => l.price);
    // Drained once the last price is out.
    await vi.waitFor(() => expect(quotePrices().at(-1)).toBe(649));
    const prices = quotePrices();
    expect(prices.length).toBeLessThan(50);
    expect(prices.at(-1)).toBe(649);
    expect(writer.coalesced).toBeGreaterThan(0);
  });

  it('never writes a registered secret', () => {
    const { writer, out } = setup();
    registerSecret('sekrit-key-123456');
    writer.write({
      type: 'error',
      v: 1,
      ts: new Date(T0).toISOString(),
      code: 'X',
      message: 'upstream said sekrit-key-123456',
    });
    expect(out.lines.join('\n')).not.toContain('sekrit-key-123456');
    expect(out.lines.at(-1)).toContain('[REDACTED]');
  });

  it('stops quietly when the reader goes away', () => {
    let closed = 0;
    const clock = new ManualClock(T0);
    const store = createMarketStore({ symbols: ['SPY'], demo: true, frameMs: 0, clock });
    const out = new SlowPipe();
    startNdjsonWriter({ store, out, onClosed: () => closed++ });
    out.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    store.apply({ ev: 'T', sym: 'SPY', p: 1, s: 1, t: T0 }, 'ws');
    expect(closed).toBe(1);
  });
});
