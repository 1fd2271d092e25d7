import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/massive.js', import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A config directory of this test process's own, so no test ever reads the user's settings. */
export const TEST_CONFIG_DIR = join(mkdtempSync(join(tmpdir(), 'massive-e2e-')), 'config');

/** Spawns the built binary (no shell), with a clean environment unless told otherwise. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    MASSIVE_CONFIG_DIR: TEST_CONFIG_DIR,
  };
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...base, ...env } });
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: massive ${args.join(' ')}\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Parses a child's stdout as NDJSON into `lines` as it arrives; `onLines` runs after each chunk.
 * Returns the array it fills.
 */
export function readNdjson<T>(child: ChildProcessWithoutNullStreams, onLines: (lines: T[]) => void): T[] {
  const lines: T[] = [];
  let buffer = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      lines.push(JSON.parse(buffer.slice(0, nl)) as T);
      buffer = buffer.slice(nl + 1);
    }
    onLines(lines);
  });
  return lines;
}

export interface Spawned {
  readonly child: ChildProcessWithoutNullStreams;
  readonly out: () => string;
  readonly err: () => string;
}

/**
 * Long-running CLI processes for a test file: `spawnUntil` resolves once stdout matches `ready`;
 * `configDir` is a fresh config directory. Both are cleaned up after each test (SIGTERM, then
 * waiting for the exit; directories removed).
 */
export function cliProcessRig(prefix: string): {
  configDir(): string;
  spawnUntil(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Spawned>;
} {
  const children: ChildProcessWithoutNullStreams[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.exitCode === null && c.signalCode === null) {
        const gone = new Promise((r) => c.once('close', r));
        c.kill('SIGTERM');
        await gone;
      }
    }
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    configDir() {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
    spawnUntil(args, env, ready) {
      const child = spawnCli(args, env);
      children.push(child);
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`not ready: ${args.join(' ')}\nstdout: ${out}\nstderr: ${err}`)),
          15_000,
        );
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (ready.test(out)) {
            clearTimeout(timer);
            resolve({ child, out: () => out, err: () => err });
          }
        });
        child.on('close', () => reject(new Error(`exited early: ${args.join(' ')}\nstdout: ${out}\nstderr: ${err}`)));
      });
    },
  };
}
