import { describe, expect, it } from 'vitest';
import { readNdjson, runCli, spawnCli } from '../helpers/cli.js';

interface Line {
  type: string;
  [key: string]: unknown;
}

/** Runs `watch --demo --json` until a `levels` line for each of `underlyings` arrived. */
function levelsLines(underlyings: readonly string[]): Promise<{ lines: Line[]; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(['watch', 'SPY', '--demo', '--json']);
    let stderr = '';
    let signalled = false;
    const lines = readNdjson<Line>(child, (ls) => {
      const seen = new Set(ls.filter((l) => l.type === 'levels').map((l) => l.underlying));
      if (!signalled && underlyings.every((u) => seen.has(u))) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no levels lines; got ${lines.length} lines; stderr: ${stderr}`));
    }, 45_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ lines, code });
    });
  });
}

describe('massive watch --demo --json: levels events (built binary)', () => {
  it('emits a `levels` line per underlying, shaped as `massive levels --json` prints it', async () => {
    const [{ lines, code }, oneShot] = await Promise.all([
      levelsLines(['SPY', 'I:SPX']),
      runCli(['levels', 'SPY', '--demo', '--json'], {}, 30_000),
    ]);
    expect(code).toBe(0);
    expect(oneShot.code).toBe(0);
    const reference = JSON.parse(oneShot.stdout) as Line;
    const spy = lines.find((l) => l.type === 'levels' && l.underlying === 'SPY')!;
    expect(Object.keys(spy).sort()).toEqual(Object.keys(reference).sort());
    expect(spy).toMatchObject({ type: 'levels', v: 1, demo: true, underlying: 'SPY' });
    expect(Number.isNaN(Date.parse(spy.ts as string))).toBe(false);
    expect(spy.expiry).toMatch(/^\d{4}-\d\d-\d\d$/);
    for (const k of ['spot', 'callWall', 'putWall', 'maxPain', 'netGexTotal', 'putCallOi', 'atmIv', 'expectedMove'])
      expect(typeof spy[k], k).toBe('number');
    // The same chain read the same way: the walls (largest open interest) agree with the one-shot command.
    expect(spy.callWall).toBe(reference.callWall);
    expect(spy.putWall).toBe(reference.putWall);
    expect((spy.netGex as unknown[]).length).toBeGreaterThan(10);
    const spx = lines.find((l) => l.type === 'levels' && l.underlying === 'I:SPX')!;
    expect(spx.spot as number).toBeGreaterThan(1000);
  }, 60_000);
});
