import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, TEST_CONFIG_DIR } from '../helpers/cli.js';

/** `massive ARGS | head -1` in a real shell pipeline; the binary's own exit status and stderr. */
function pipedToHead(args: string): Promise<{ first: string; status: number; stderr: string }> {
  return new Promise((resolve) => {
    const script = `"${process.execPath}" "${BIN}" ${args} | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
    const child = spawn('bash', ['-c', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', MASSIVE_CONFIG_DIR: TEST_CONFIG_DIR },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', () => {
      const status = Number(/status=(\d+)/.exec(err)?.[1] ?? -1);
      resolve({ first: out, status, stderr: err.replace(/status=\d+\n?/, '') });
    });
  });
}

describe('a reader that goes away (built binary)', () => {
  it.each(['--help', 'plan --help', 'config list'])(
    'massive %s | head -1: exits 0 without a stack trace',
    async (args) => {
      const r = await pipedToHead(args);
      expect(r.first.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
      expect(r.status).toBe(0);
    },
  );
});
