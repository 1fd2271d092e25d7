import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileTracer } from '../../../src/lib/trace.js';
import { registerSecret } from '../../../src/lib/redact.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('file tracer', () => {
  it('writes one timestamped JSON line per record, with keys and tokens redacted, in a 0600 file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'massive-trace-'));
    dirs.push(dir);
    const path = join(dir, 'trace.jsonl');
    registerSecret('registered-key-9876');
    const tracer = createFileTracer(path, () => Date.UTC(2026, 10, 26, 15));
    tracer.record({
      kind: 'ws',
      dir: 'out',
      cluster: 'stocks',
      data: '{"action":"auth","params":"tok.unregistered.abc"}',
    });
    tracer.record({
      kind: 'rest',
      method: 'GET',
      url: 'http://127.0.0.1:1/v2/x?apiKey=some-unknown-key&tickers=SPY',
      status: 200,
      ms: 3,
    });
    tracer.record({ kind: 'ws', dir: 'in', cluster: 'stocks', data: 'echo registered-key-9876' });
    tracer.close();
    tracer.record({ kind: 'ws-state', cluster: 'stocks', state: 'after close' });
    const text = readFileSync(path, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]!.t).toBe('2026-11-26T15:00:00.000Z');
    expect(text).not.toContain('tok.unregistered.abc');
    expect(text).not.toContain('some-unknown-key');
    expect(text).not.toContain('registered-key-9876');
    expect(lines[1]!.url).toContain('tickers=SPY');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
