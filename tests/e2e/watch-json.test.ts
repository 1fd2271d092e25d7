import { describe, expect, it } from 'vitest';
import { readNdjson, spawnCli, runCli } from '../helpers/cli.js';

interface Line {
  type: string;
  v: number;
  ts: string;
  demo?: boolean;
  symbol?: string;
  price?: number | null;
  source?: string;
  transport?: string;
}

/** Collects NDJSON lines from `watch --demo --json` until `enough` says stop, then sends SIGINT. */
function collect(
  args: string[],
  enough: (lines: Line[]) => boolean,
  env: NodeJS.ProcessEnv = {},
): Promise<{ lines: Line[]; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stderr = '';
    let signalled = false;
    const lines = readNdjson<Line>(child, (ls) => {
      if (!signalled && enough(ls)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no expected output; got ${lines.length} lines; stderr: ${stderr}`));
    }, 15_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ lines, code, stderr });
    });
  });
}

/** Runs `watch SPY --demo --json` until its first quote, then sends `count` SIGTERMs at once. */
function terminate(
  count: number,
): Promise<{ lines: string[]; code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnCli(['watch', 'SPY', '--demo', '--json']);
    let out = '';
    let err = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (sent || !out.includes('"type":"quote"')) return;
      sent = true;
      for (let i = 0; i < count; i++) child.kill('SIGTERM');
    });
    child.on('close', (code, signal) => resolve({ lines: out.trim().split('\n'), code, signal, stderr: err }));
  });
}

describe('massive watch --demo --json (built binary)', () => {
  it('streams labelled NDJSON quotes for the watchlist and both indices, with moving prices, and exits 0 on SIGINT', async () => {
    const prices = new Map<string, Set<number>>();
    const { lines, code, stderr } = await collect(['watch', 'SPY', 'QQQ', '--demo', '--json'], (ls) => {
      for (const l of ls)
        if (l.type === 'quote' && l.price != null)
          (prices.get(l.symbol!) ?? prices.set(l.symbol!, new Set()).get(l.symbol!)!).add(l.price);
      return ['SPY', 'QQQ', 'I:SPX', 'I:VIX'].every((s) => (prices.get(s)?.size ?? 0) >= 2);
    });
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    for (const l of lines) {
      expect(l.v).toBe(1);
      expect(l.demo).toBe(true);
      expect(Number.isNaN(Date.parse(l.ts))).toBe(false);
    }
    expect(lines.some((l) => l.type === 'status' && l.transport === 'live')).toBe(true);
    expect(lines.some((l) => l.type === 'quote' && l.source === 'ws')).toBe(true);
  });

  it('flushes and exits 0 on one SIGTERM', async () => {
    const { lines, code, signal, stderr } = await terminate(1);
    expect([code, signal]).toEqual([0, null]);
    expect(stderr).toBe('');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('still flushes and exits 0 when a second SIGTERM arrives during shutdown', async () => {
    // src/cli/signals.ts: later signals are ignored while the stop runs (without a handler for
    // them Node would die of the second one, exit code null).
    const { lines, code, signal, stderr } = await terminate(2);
    expect([code, signal]).toEqual([0, null]);
    expect(stderr).toBe('');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('uses the configured watchlist when no symbols are given', async () => {
    const { lines } = await collect(
      ['watch', '--demo', '--json'],
      (ls) => ls.some((l) => l.type === 'quote' && l.symbol === 'NVDA'),
      {
        MASSIVE_WATCHLIST: 'NVDA,AAPL',
      },
    );
    expect(lines.some((l) => l.type === 'quote' && l.symbol === 'NVDA')).toBe(true);
  });

  it('ends without an error trace when the reader goes away', async () => {
    const child = spawnCli(['watch', 'SPY', '--demo', '--json']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const first = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString())),
    );
    expect(first).toContain('"type"');
    child.stdout.destroy(); // like `| head -1` closing the pipe
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('usage and configuration errors (built binary)', () => {
  it('exits 2 naming MASSIVE_API_KEY and --demo when there is no key', async () => {
    const r = await runCli(['watch', 'SPY'], { MASSIVE_API_KEY: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MASSIVE_API_KEY');
    expect(r.stderr).toContain('--demo');
    expect(r.stdout).toBe('');
  });

  it.each([
    [['watch', 'SPY', '--demo', '--bogus'], /unknown option '--bogus'/],
    [['watch', 'SP Y', '--demo'], /invalid symbol/],
    [['watch', '$$$', '--demo', '--json'], /invalid symbol/],
    [['watch', 'SPY', '--demo', '--frame-ms', 'abc'], /--frame-ms/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
