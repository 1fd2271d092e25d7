import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { ROOT, runCli, spawnCli } from '../helpers/cli.js';

interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  readonly label: string;
  out: string;
  err: string;
  cmdline: string;
}

const runs: Run[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const r of runs.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      const gone = new Promise((res) => r.child.once('close', res));
      r.child.kill('SIGKILL');
      await gone;
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The process arguments as the kernel shows them to every user on the machine. */
function cmdlineOf(pid: number | undefined): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function start(label: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawnCli(args, env);
  const run: Run = { child, label, out: '', err: '', cmdline: '' };
  child.stdout.on('data', (d: Buffer) => (run.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (run.err += d.toString()));
  runs.push(run);
  return run;
}

async function until(run: Run, test: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end || run.child.exitCode !== null)
      throw new Error(`${run.label} not ready\nstdout: ${run.out.slice(-500)}\nstderr: ${run.err.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Read while it runs: a dead process has no /proc entry.
  run.cmdline = cmdlineOf(run.child.pid);
}

async function stop(run: Run, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  const gone = new Promise((r) => run.child.once('close', r));
  run.child.kill(signal);
  await gone;
}

/** Every file under `dir`, recursively, as text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .map((p) => ({ path: p, text: readFileSync(p, 'utf8') }));
}

describe('the API key never leaks (built binary against `massive sim`)', () => {
  it('appears in no output, log, trace, daemon file or process argument of watch, proxy, status and token', {
    timeout: 120_000,
  }, async () => {
    const key = `leakcheck-${randomBytes(16).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), 'massive-leak-'));
    dirs.push(dir);
    const sim = start('sim', ['sim', '--port', '0', '--key', key, '--speed', '10'], {});
    await until(sim, () => /WebSocket ws:\/\/127\.0\.0\.1:\d+/.test(sim.out));
    const httpUrl = /REST\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(sim.out)![1]!;
    const wsUrl = httpUrl.replace('http', 'ws');
    // The harness can see a key in process arguments: the simulator's own --key is one.
    expect(sim.cmdline).toContain(key);

    const logFile = join(dir, 'trace.log');
    const env = {
      MASSIVE_API_KEY: key,
      MASSIVE_API_BASE: httpUrl,
      MASSIVE_WS_BASE: wsUrl,
      MASSIVE_CONFIG_DIR: join(dir, 'config'),
      MASSIVE_DEBUG: '1',
    };
    const quoted = (r: Run) => () => (r.out.match(/"type":"quote"[^\n]*"source":"ws"/g) ?? []).length >= 3;

    // 1. No daemon: watch runs the proxy in its own process, with the key, logging everything
    // (stderr in --json mode; --log-file is given too in case that ever changes).
    const solo = start(
      'watch (in-process proxy)',
      ['watch', 'SPY', 'QQQ', '--json', '--verbose', '--log-file', logFile],
      env,
    );
    await until(solo, quoted(solo));
    await new Promise((r) => setTimeout(r, 2_000));
    await stop(solo);

    // 2. A daemon holds the key; watch, status and token only ever see tokens.
    const daemon = start('proxy daemon', ['proxy', '--verbose'], env);
    await until(daemon, () => /massive token/.test(daemon.out));
    const shared = start('watch (via daemon)', ['watch', 'SPY', '--json', '--verbose'], env);
    await until(shared, quoted(shared));
    await new Promise((r) => setTimeout(r, 2_000));
    const extras: { label: string; text: string }[] = [];
    for (const args of [['status', '--json'], ['status'], ['token'], ['token', '--json']]) {
      const r = await runCli(args, env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      extras.push({ label: args.join(' '), text: r.stdout + r.stderr });
    }
    expect(JSON.parse(extras[0]!.text).clients.some((c: { clientId?: string }) => c.clientId === 'watch')).toBe(true);
    // A failing command's message and trace (MASSIVE_DEBUG=1) are searched too.
    const failing = await runCli(['watch', 'SPY', '--json', '--frame-ms', 'x'], env);
    extras.push({ label: 'failing watch', text: failing.stdout + failing.stderr });
    await stop(shared);
    await stop(daemon, 'SIGTERM');

    const haystacks = [
      ...[solo, daemon, shared].flatMap((r) => [
        { label: `${r.label} stdout`, text: r.out },
        { label: `${r.label} stderr`, text: r.err },
        { label: `${r.label} argv`, text: r.cmdline },
      ]),
      ...extras,
      ...filesUnder(dir).map((f) => ({ label: f.path, text: f.text })),
      ...readdirSync(ROOT)
        .filter((f) => f.endsWith('.log'))
        .map((f) => ({ label: f, text: readFileSync(join(ROOT, f), 'utf8') })),
    ];
    // The searches had something to search: verbose logs and a daemon argv exist.
    expect(solo.err).toMatch(/debug/);
    expect(daemon.err + shared.err).toMatch(/debug/);
    expect(daemon.cmdline).toContain('proxy');
    for (const h of haystacks) expect(h.text.includes(key), `the key leaked into ${h.label}`).toBe(false);
    // Nor a recognisable part of it.
    for (const h of haystacks)
      expect(h.text.includes(key.slice(10, 30)), `part of the key leaked into ${h.label}`).toBe(false);
  });
});
