import { Chalk } from 'chalk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '@alcalzone/ansi-tokenize';
import { tokenizeLine } from '../../../src/ui/output-tokenize.js';
import { cachedGet, installOutputStage, loadInkOutput, uninstallOutputStage } from '../../../src/ui/output-stage.js';

// The cached output stage must give exactly the frame Ink's own Output#get gives, for any mix of
// styled, wide, clipped, overlapping and transformed writes, frame after frame.

const chalk = new Chalk({ level: 3 });
type Transformer = (s: string, i: number) => string;
const transformers: Record<string, Transformer> = {
  red: (s) => chalk.red(s),
  upper: (s) => s.toUpperCase(),
  boldIndex: (s, i) => (i % 2 ? chalk.bold(s) : s),
};

const segment = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'B', ' ', '9', '.', '─', '│', '中', '🙂', 'é'), maxLength: 8 }),
  fc
    .tuple(fc.constantFrom('red', 'green', 'bgBlue', 'bold', 'dim', 'inverse'), fc.string({ maxLength: 6 }))
    .map(([style, s]) => chalk[style as 'red'](s)),
  fc.string({ maxLength: 5 }).map((s) => chalk.bold.hex('#ff8800')(s)),
  // Escapes the fast tokeniser leaves to the library: erase-line, a link, a stray ESC, 8-bit CSI.
  fc.constantFrom(
    '\u001B[2K',
    '\u001B]8;;https://example.com\u0007x\u001B]8;;\u0007',
    '\u001B',
    '\u009B1m',
    '\u001B[1;31m',
  ),
);
const text = fc.array(
  fc.array(segment, { maxLength: 4 }).map((parts) => parts.join('')),
  { minLength: 1, maxLength: 3 },
);
const write = fc.record({
  type: fc.constant('write' as const),
  x: fc.integer({ min: -3, max: 30 }),
  y: fc.integer({ min: -2, max: 12 }),
  text: text.map((lines) => lines.join('\n')),
  transformers: fc.subarray(Object.keys(transformers)).map((names) => names.map((n) => transformers[n] as Transformer)),
});
const clip = fc.record({
  type: fc.constant('clip' as const),
  clip: fc.record(
    {
      x1: fc.integer({ min: 0, max: 20 }),
      x2: fc.integer({ min: 5, max: 30 }),
      y1: fc.integer({ min: 0, max: 5 }),
      y2: fc.integer({ min: 3, max: 12 }),
    },
    { requiredKeys: [] },
  ),
});
const operations = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: write },
    { weight: 1, arbitrary: clip },
    { weight: 1, arbitrary: fc.constant({ type: 'unclip' as const }) },
  ),
  {
    maxLength: 25,
  },
);

interface OutputLike {
  operations: unknown[];
  get(): { output: string; height: number };
}
type OutputCtor = new (o: { width: number; height: number }) => OutputLike;

let Output: OutputCtor;
let inkGet: (this: OutputLike) => { output: string; height: number };

beforeAll(async () => {
  Output = (await loadInkOutput()) as unknown as OutputCtor;
  inkGet = Output.prototype.get;
});
afterAll(() => uninstallOutputStage());

describe('cached output stage', () => {
  it('gives exactly the frame Ink gives, frame after frame', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(operations, { minLength: 1, maxLength: 4 }),
        (width, height, frames) => {
          for (const ops of frames) {
            const out = new Output({ width, height });
            out.operations.push(...ops);
            expect(cachedGet.call(out as never)).toEqual(inkGet.call(out));
          }
        },
      ),
      { seed: 20261202, numRuns: 400 },
    );
  });

  it('tokenises any line exactly as the library does', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        const line = parts.join('');
        expect(tokenizeLine(line)).toEqual(tokenize(line));
      }),
      { seed: 20261202, numRuns: 1000 },
    );
  });

  it('reuses an unchanged row and rebuilds a changed one', () => {
    const frame = (price: string) => {
      const out = new Output({ width: 20, height: 2 });
      out.operations.push(
        { type: 'write', x: 0, y: 0, text: chalk.bold('SPY'), transformers: [] },
        { type: 'write', x: 0, y: 1, text: chalk.green(price), transformers: [] },
      );
      return cachedGet.call(out as never).output;
    };
    expect(frame('500.01')).toBe(`${chalk.bold('SPY')}\n${chalk.green('500.01')}`);
    expect(frame('500.02')).toBe(`${chalk.bold('SPY')}\n${chalk.green('500.02')}`);
  });

  it('gives a scrolled frame exactly as Ink does, rows found by content wherever they moved', () => {
    const lines = ['a', chalk.red('b'), chalk.bold('c ×'), 'd'];
    const frame = (rows: readonly string[]) => {
      const out = new Output({ width: 12, height: rows.length + 1 });
      out.operations.push({ type: 'write', x: 0, y: 0, text: 'Tape', transformers: [] });
      out.operations.push(...rows.map((text, i) => ({ type: 'write', x: 1, y: i + 1, text, transformers: [] })));
      return out;
    };
    for (let n = 0; n < lines.length; n++) {
      // A new print on top pushes the others down one row each.
      const out = frame([`new ${n}`, ...lines.slice(0, n)]);
      expect(cachedGet.call(out as never)).toEqual(inkGet.call(out));
    }
  });

  it('installs itself into Ink and can be taken out again', async () => {
    expect(await installOutputStage()).toBe(true);
    expect(Output.prototype.get).toBe(cachedGet);
    await uninstallOutputStage();
    expect(Output.prototype.get).toBe(inkGet);
  });
});
