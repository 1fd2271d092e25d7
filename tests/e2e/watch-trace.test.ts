import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli } from '../helpers/cli.js';

describe('massive watch --trace (built binary)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('records frames in both directions and REST calls with timestamps, with tokens redacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'massive-trace-'));
    dirs.push(dir);
    const file = join(dir, 'trace.jsonl');
    const child = spawnCli(['watch', 'SPY', '--demo', '--json', '--trace', file]);
    let out = '';
    let stopped = false;
    const stop = () => {
      if (!stopped) child.kill('SIGINT');
      stopped = true;
    };
    // Quotes stream in before the REST seed answers: stop once the trace also holds that answer.
    const seeded = () =>
      existsSync(file) && /"url":"\/v2\/snapshot[^"]*","status":200/.test(readFileSync(file, 'utf8'));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').filter((l) => l.includes('"type":"quote"')).length >= 3 && seeded()) stop();
    });
    const timer = setTimeout(stop, 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect(code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const l of lines) expect(Number.isNaN(Date.parse(l.t!))).toBe(false);
    const auth = lines.find((l) => l.kind === 'ws' && l.dir === 'out' && l.data!.includes('"auth"'));
    expect(auth?.data).toContain('[REDACTED]');
    expect(lines.some((l) => l.kind === 'ws' && l.dir === 'in' && l.data!.includes('auth_success'))).toBe(true);
    expect(lines.some((l) => l.kind === 'ws' && l.dir === 'out' && l.data!.includes('"subscribe"'))).toBe(true);
    expect(lines.some((l) => l.kind === 'rest' && l.url!.startsWith('/v2/snapshot') && Number(l.status) === 200)).toBe(
      true,
    );
    // Proxy tokens are HMAC-signed strings with a dot; none may appear in the file.
    expect(readFileSync(file, 'utf8')).not.toMatch(/"params":"[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}"/);
  });
});
