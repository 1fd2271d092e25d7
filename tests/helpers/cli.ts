import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
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
