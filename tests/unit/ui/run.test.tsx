import { describe, it, expect } from 'vitest';
import { PassThrough, Writable } from 'node:stream';
import stripAnsi from 'strip-ansi';
import { cachedGet, loadInkOutput } from '../../../src/ui/output-stage.js';
import { runTui } from '../../../src/ui/run.js';
import { withoutActEnvironment } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0 } from './fake-store.js';

/** A terminal's stdin: a real stream that records raw-mode switches. */
function fakeStdin(isTTY = true): PassThrough & { rawModes: boolean[] } {
  const stream = new PassThrough() as PassThrough & {
    rawModes: boolean[];
    isTTY: boolean;
    setRawMode(on: boolean): void;
  };
  stream.isTTY = isTTY;
  stream.rawModes = [];
  stream.setRawMode = (on) => {
    stream.rawModes.push(on);
  };
  // tty.ReadStream has these; Ink calls them while it listens for keys.
  Object.assign(stream, { ref: () => stream, unref: () => stream });
  return stream;
}

/** A terminal's stdout that keeps everything written to it. */
function fakeStdout(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { text: () => string; columns: number; rows: number; isTTY: boolean };
  Object.assign(stream, { columns: 100, rows: 40, isTTY: true, text: () => chunks.join('') });
  return stream;
}

const store = fakeStore(snapshot({ quotes: [row('SPY', { price: 512.34, source: 'ws', asOf: T0 })] }));

/** True once `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

describe('runTui', () => {
  withoutActEnvironment();

  it.each([
    ['q', 'q'],
    ['Ctrl+C', '\u0003'],
  ])('resolves after %s, with the screen drawn and raw mode switched off again', async (_name, key) => {
    const stdin = fakeStdin();
    const stdout = fakeStdout();
    const done = runTui(store, { stdin: stdin as never, stdout: stdout as never });
    await expect.poll(() => stdout.text()).toContain('SPY');
    await expect.poll(() => stdin.rawModes).toEqual([true]);
    expect(await settlesWithin(done, 100)).toBe(false);
    stdin.write(key);
    expect(await settlesWithin(done, 5000)).toBe(true);
    expect(stdin.rawModes.at(-1)).toBe(false);
    // Ink hid the cursor while drawing; the terminal gets it back.
    expect(stdout.text()).toContain('\u001B[?25l');
    expect(stdout.text().lastIndexOf('\u001B[?25h')).toBeGreaterThan(stdout.text().lastIndexOf('\u001B[?25l'));
    // The watch screen lived on the alternate screen; the shell's screen comes back.
    expect(stdout.text().startsWith('\u001B[?1049h')).toBe(true);
    expect(stdout.text().endsWith('\u001B[?1049l')).toBe(true);
  });

  it('stays on the main screen when told to, or when stdout is not a terminal', async () => {
    for (const [alternateScreen, isTTY] of [
      [false, true],
      [undefined, false],
    ] as const) {
      const stdout = Object.assign(fakeStdout(), { isTTY });
      const controller = new AbortController();
      const done = runTui(store, {
        stdin: fakeStdin() as never,
        stdout: stdout as never,
        signal: controller.signal,
        alternateScreen,
      });
      await expect.poll(() => stdout.text()).toContain('SPY');
      controller.abort();
      await done;
      expect(stdout.text()).not.toContain('\u001B[?1049');
    }
  });

  it('never writes a line wider than the terminal while it shrinks', async () => {
    const stdout = fakeStdout();
    Object.assign(stdout, { columns: 160 });
    const controller = new AbortController();
    const done = runTui(store, { stdin: fakeStdin() as never, stdout: stdout as never, signal: controller.signal });
    await expect.poll(() => stdout.text()).toContain('SPY');
    const before = stdout.text().length;
    // Ink redraws synchronously on 'resize', before React has re-rendered at the new width;
    // that frame must fit too, or the terminal wraps it and leaves debris behind.
    Object.assign(stdout, { columns: 80 });
    stdout.emit('resize');
    await expect.poll(() => stdout.text().slice(before)).toMatch(/Volume\s+Age/);
    const written = stripAnsi(stdout.text().slice(before));
    for (const line of written.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    controller.abort();
    await done;
  });

  it('keeps running on keys that are not bound', async () => {
    const stdin = fakeStdin();
    const stdout = fakeStdout();
    const controller = new AbortController();
    const done = runTui(store, { stdin: stdin as never, stdout: stdout as never, signal: controller.signal });
    await expect.poll(() => stdout.text()).toContain('SPY');
    stdin.write('x');
    expect(await settlesWithin(done, 200)).toBe(false);
    controller.abort();
    expect(await settlesWithin(done, 5000)).toBe(true);
  });

  it('runs without raw mode when stdin is not a terminal, and ends on abort', async () => {
    const stdin = fakeStdin(false);
    const stdout = fakeStdout();
    const controller = new AbortController();
    const done = runTui(store, { stdin: stdin as never, stdout: stdout as never, signal: controller.signal });
    await expect.poll(() => stdout.text()).toContain('SPY');
    expect(stdin.rawModes).toEqual([]);
    controller.abort();
    expect(await settlesWithin(done, 5000)).toBe(true);
  });

  it('returns at once when the signal is already aborted', async () => {
    const stdout = fakeStdout();
    await runTui(store, { stdin: fakeStdin() as never, stdout: stdout as never, signal: AbortSignal.abort() });
    expect(stdout.text()).toBe('');
  });

  it.each([
    ['cached', true],
    ['ink', false],
  ] as const)('draws through the %s output stage when the renderer setting says so', async (renderer, ours) => {
    const stdin = fakeStdin();
    const stdout = fakeStdout();
    const done = runTui(store, { stdin: stdin as never, stdout: stdout as never, renderer });
    await expect.poll(() => stdout.text()).toContain('512.34');
    const Output = await loadInkOutput();
    expect(Output.prototype.get === cachedGet).toBe(ours);
    stdin.write('q');
    expect(await settlesWithin(done, 5000)).toBe(true);
  });
});
