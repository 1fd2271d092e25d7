import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { runCli, spawnCli } from '../helpers/cli.js';

let daemon: ChildProcessWithoutNullStreams | undefined;
const dirs: string[] = [];

afterEach(async () => {
  if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
    const gone = new Promise((r) => daemon!.once('close', r));
    daemon.kill('SIGTERM');
    await gone;
  }
  daemon = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `massive proxy --demo` in its own config directory, resolved once it listens. */
async function demoDaemon(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'massive-e2e-wires-')), 'config');
  dirs.push(dir);
  daemon = spawnCli(['proxy', '--demo'], { MASSIVE_CONFIG_DIR: dir });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    daemon!.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => reject(new Error(`demo proxy not ready: ${out}${err}`)), 15_000);
    daemon!.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return dir;
}

describe('crossed wires (built binary)', () => {
  it('`watch` without --demo and without a key next to a demo proxy says so and how to use it', {
    timeout: 40_000,
  }, async () => {
    const dir = await demoDaemon();
    const r = await runCli(['watch', 'SPY', '--json'], { MASSIVE_CONFIG_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a demo proxy is running');
    expect(r.stderr).toContain('massive watch --demo');
    const doctor = await runCli(['doctor'], { MASSIVE_CONFIG_DIR: dir });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/PROBLEM +proxy .*a demo proxy is running/);
  });
});
