import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { NdjsonLine } from '../../../src/headless/events.js';
import { LinePipe } from '../../../src/headless/writer.js';
import { emptyRow } from '../../../src/store/quote-reducer.js';
import type { QuoteRow } from '../../../src/store/types.js';

/** A pipe whose reader takes nothing until `release()`: write() says "full" after one chunk. */
class HeldPipe extends Writable {
  readonly lines: string[] = [];
  private held: Array<() => void> = [];
  constructor() {
    super({ highWaterMark: 1 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    this.lines.push(chunk.toString().trimEnd());
    this.held.push(cb);
  }
  release() {
    for (const cb of this.held.splice(0)) cb();
  }
}

/** The reader catches up: each time the pipe has room again, the pipe is drained, until all is read. */
function readAll(out: HeldPipe, pipe: LinePipe, lineOf: (row: QuoteRow) => NdjsonLine): void {
  for (let i = 0; i < 20 && (pipe.blocked || out.writableLength > 0); i++) {
    out.release();
    pipe.drain(lineOf);
  }
  out.release();
}

const line = (n: number) => ({ type: 'status', n }) as unknown as NdjsonLine;
const quote = (row: QuoteRow) => ({ type: 'quote', symbol: row.symbol, price: row.price }) as unknown as NdjsonLine;
const row = (symbol: string, price: number): QuoteRow => ({ ...emptyRow(symbol), price });

describe('LinePipe: backpressure for NDJSON', () => {
  it('while blocked, queues discrete lines in order and keeps only the latest quote per symbol', () => {
    const out = new HeldPipe();
    const pipe = new LinePipe(out, 10);
    pipe.enqueue(line(1));
    expect(pipe.blocked).toBe(true);
    pipe.quote('SPY', row('SPY', 1), quote);
    pipe.enqueue(line(2));
    pipe.quote('SPY', row('SPY', 2), quote);
    pipe.quote('QQQ', row('QQQ', 3), quote);
    expect(pipe.coalesced).toBe(1);
    readAll(out, pipe, quote);
    expect(out.lines.map((l) => JSON.parse(l))).toEqual([
      { type: 'status', n: 1 },
      { type: 'status', n: 2 },
      { type: 'quote', symbol: 'SPY', price: 2 },
      { type: 'quote', symbol: 'QQQ', price: 3 },
    ]);
  });

  it('drops and counts discrete lines past maxQueued instead of growing without bound', () => {
    const out = new HeldPipe();
    const pipe = new LinePipe(out, 2);
    for (let n = 0; n < 5; n++) pipe.enqueue(line(n));
    expect(pipe.dropped).toBe(2);
    readAll(out, pipe, quote);
    expect(out.lines.map((l) => JSON.parse(l).n)).toEqual([0, 1, 2]);
  });

  it('writes nothing once closed', () => {
    const out = new HeldPipe();
    const pipe = new LinePipe(out, 2);
    pipe.closed = true;
    pipe.enqueue(line(1));
    expect(out.lines).toEqual([]);
  });
});
