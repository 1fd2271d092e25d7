import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { runCli, spawnCli } from '../helpers/cli.js';
import { openWs, type WsProbe } from '../helpers/ws-client.js';

const children: ChildProcessWithoutNullStreams[] = [];
const probes: WsProbe[] = [];

afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => p.close()));
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((r) => c.once('close', r));
      c.kill('SIGKILL');
      await gone;
    }
  }
});

/** Starts `massive sim` and resolves with its stdout once it prints its URLs. */
async function startSim(args: string[]): Promise<{ out: string; httpUrl: string; wsUrl: string }> {
  const child = spawnCli(['sim', '--port', '0', ...args]);
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const end = Date.now() + 20_000;
  while (!/control/.test(out)) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`sim not ready\nstdout: ${out}\nstderr: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { out, httpUrl: /REST\s+(\S+)/.exec(out)![1]!, wsUrl: /WebSocket (\S+)\/stocks/.exec(out)![1]! };
}

describe('massive sim (built binary)', () => {
  it('pins the market clock with --at and streams the --load rate to a T.* subscriber', async () => {
    const sim = await startSim(['--at', '2026-01-10T15:00:00Z', '--speed', '5', '--load', 'flat:5000', '--seed', '3']);
    expect(sim.out).toContain('market    2026-01-10T15:00:00.000Z at 5x, load flat 5000 events/s');
    const health = (await (await fetch(`${sim.httpUrl}/_sim/health`)).json()) as { session: string };
    expect(health.session).toBe('closed'); // a Saturday: only the load generator prints
    const c = await openWs(`${sim.wsUrl}/stocks`);
    probes.push(c);
    c.auth('demo-key', 'T.*');
    await c.waitFor((e) => e.ev === 'T', 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(c.frames.flat().filter((e) => e.ev === 'T').length).toBeGreaterThan(1000);
    const load = (await (await fetch(`${sim.httpUrl}/_sim/load`)).json()) as { running: boolean; profile: string };
    expect(load).toMatchObject({ running: true, profile: 'flat' });
  });

  it('rejects a malformed --load with exit code 2', async () => {
    const res = await runCli(['sim', '--port', '0', '--load', 'sine:100']);
    expect(res.stderr).toContain('--load');
    expect(res.code).toBe(2);
  });
});
