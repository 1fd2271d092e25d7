/**
 * The crossed wires `watch` explains instead of a bare "no API key": a demo daemon while real
 * data is asked for, and a daemon serving another upstream than this environment selects.
 * Real daemons (a proxy in front of the simulator) advertised in a temporary config directory.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../src/cli/backend.js';
import { createLogger, silentLogger } from '../../src/lib/logger.js';
import { isMassiveError } from '../../src/lib/errors.js';
import { startProxy, writeDaemonInfo } from '../../src/proxy/index.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import type { ProxyUnderTest } from '../helpers/proxy-rig.js';

const KEY = 'crossed-wires-key-5521';
const settings = {
  'plans.stocks': 'advanced',
  'plans.options': 'advanced',
  'plans.indices': 'advanced',
  restRatePerSec: 20,
  flowMode: 'off',
} as const;
let sim: Simulator | undefined;
let daemon: ProxyUnderTest | undefined;
let backend: Backend | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await backend?.close();
  await daemon?.close();
  await sim?.close();
  backend = daemon = sim = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startDaemon(demo: boolean): Promise<string> {
  sim = await startSimulator({ keys: { [KEY]: 'advanced' }, seed: 3 });
  const dir = join(mkdtempSync(join(tmpdir(), 'massive-wires-')), 'config');
  dirs.push(dir);
  mkdirSync(dir, { mode: 0o700 });
  const secret = randomBytes(32);
  daemon = await startProxy({ apiKey: KEY, apiBase: sim.httpUrl, wsBase: sim.wsUrl, secret, flow: 'off' });
  writeDaemonInfo(dir, {
    httpUrl: daemon.httpUrl,
    wsUrl: daemon.wsUrl,
    pid: process.pid,
    startedAt: Date.now(),
    secret: secret.toString('base64url'),
    demo,
    apiBase: sim.httpUrl,
    wsBase: sim.wsUrl,
  });
  return dir;
}

async function refusal(env: NodeJS.ProcessEnv): Promise<{ code: string; message: string }> {
  const error = await startBackend({ demo: false, env, settings, logger: silentLogger }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isMassiveError(error)) throw new Error(`expected a MassiveError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('watch without --demo and without a key, next to a daemon it cannot use', () => {
  it('says a demo proxy is running and how to use it, instead of just "no API key"', async () => {
    const dir = await startDaemon(true);
    const r = await refusal({ MASSIVE_CONFIG_DIR: dir });
    expect(r.code).toBe('NO_API_KEY');
    expect(r.message).toBe(
      `no API key here, but a demo proxy is running (pid ${process.pid}, simulated data) and serves only --demo clients: ` +
        'use it with `massive watch --demo`, or for real data set MASSIVE_API_KEY (or `massive config set apiKey`)',
    );
  });

  it('names the upstream a daemon serves and the settings that select it', async () => {
    const dir = await startDaemon(false);
    const r = await refusal({ MASSIVE_CONFIG_DIR: dir });
    expect(r.code).toBe('NO_API_KEY');
    expect(r.message).toContain(
      `the running proxy (pid ${process.pid}) serves another upstream, ${sim!.httpUrl} and ${sim!.wsUrl}, not https://api.massive.com and wss://socket.massive.com`,
    );
    expect(r.message).toContain(`set MASSIVE_API_BASE=${sim!.httpUrl} MASSIVE_WS_BASE=${sim!.wsUrl}`);
  });

  it('names only the setting that differs', async () => {
    const dir = await startDaemon(false);
    const r = await refusal({ MASSIVE_CONFIG_DIR: dir, MASSIVE_API_BASE: sim!.httpUrl });
    expect(r.message).toContain(`to use it, set MASSIVE_WS_BASE=${sim!.wsUrl} (the setting that selects the upstream)`);
    expect(r.message).not.toContain('MASSIVE_API_BASE=');
  });

  it('still says plainly "no API key" when no daemon runs', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'massive-wires-')), 'config');
    dirs.push(dir);
    const r = await refusal({ MASSIVE_CONFIG_DIR: dir });
    expect(r.message).toMatch(/^no API key: set MASSIVE_API_KEY/);
  });

  it('with a key, starts a private proxy and logs why it did not use the demo daemon', async () => {
    const dir = await startDaemon(true);
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', sink: (l) => lines.push(l) });
    const env = {
      MASSIVE_CONFIG_DIR: dir,
      MASSIVE_API_KEY: KEY,
      MASSIVE_API_BASE: sim!.httpUrl,
      MASSIVE_WS_BASE: sim!.wsUrl,
    };
    backend = await startBackend({ demo: false, env, settings, logger });
    expect(backend.shared).toBe(false);
    expect(lines.join('\n')).toContain('a demo proxy is running');
    expect(lines.join('\n')).not.toContain(KEY);
  });
});
