/**
 * `massive doctor` against real things: a temporary config directory per test, and a real proxy
 * daemon (in front of the simulator) advertised in it the way `massive proxy` does.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/commands/doctor.js';
import type { Check } from '../../src/cli/doctor.js';
import { startProxy, writeDaemonInfo } from '../../src/proxy/index.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import type { ProxyUnderTest } from '../helpers/proxy-rig.js';
import { at } from '../helpers/json.js';

const KEY = 'doctor-test-key-7f3a91';
const TERMINAL = { isTTY: true, columns: 120, rows: 40 };
let sim: Simulator | undefined;
let proxy: ProxyUnderTest | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await proxy?.close();
  await sim?.close();
  proxy = undefined;
  sim = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A private (0700) config directory, with a 0600 config.json holding `settings` if given. */
function configDir(settings?: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'massive-doctor-'));
  dirs.push(root);
  const dir = join(root, 'config');
  mkdirSync(dir, { mode: 0o700 });
  if (settings) writeFileSync(join(dir, 'config.json'), JSON.stringify(settings), { mode: 0o600 });
  return dir;
}

/** A proxy in front of the simulator, advertised in `dir` as `massive proxy` would. */
async function daemon(dir: string, opts: { demo?: boolean } = {}): Promise<ProxyUnderTest> {
  sim = await startSimulator({ keys: { [KEY]: 'advanced' }, seed: 5 });
  const secret = randomBytes(32);
  proxy = await startProxy({
    apiKey: KEY,
    apiBase: sim.httpUrl,
    wsBase: sim.wsUrl,
    wsDelayedBase: `${sim.wsUrl}/delayed`,
    plans: { stocks: 'advanced', options: 'starter', indices: 'none' },
    secret,
  });
  writeDaemonInfo(dir, {
    httpUrl: proxy.httpUrl,
    wsUrl: proxy.wsUrl,
    pid: process.pid,
    startedAt: Date.now() - 65_000,
    secret: secret.toString('base64url'),
    demo: opts.demo === true,
    apiBase: sim.httpUrl,
    wsBase: sim.wsUrl,
  });
  return proxy;
}

interface Outcome {
  readonly code: number;
  readonly text: string;
  readonly checks: Record<string, Check>;
  /** The --json report, read with `at()`. */
  readonly json: unknown;
}

/** Runs doctor twice, as text and as --json, in the given environment; collects both. */
async function doctor(env: NodeJS.ProcessEnv, extra: { nodeVersion?: string; demo?: boolean } = {}): Promise<Outcome> {
  let text = '';
  let raw = '';
  const deps = {
    env: { NO_COLOR: '1', ...env },
    stdout: TERMINAL,
    colorLevel: 2,
    ...(extra.nodeVersion ? { nodeVersion: extra.nodeVersion } : {}),
  };
  const code = await runDoctor({ demo: extra.demo }, { ...deps, write: (s) => (text += s) });
  const jsonCode = await runDoctor({ json: true, demo: extra.demo }, { ...deps, write: (s) => (raw += s) });
  expect(jsonCode).toBe(code);
  const json: unknown = JSON.parse(raw);
  const checks = Object.fromEntries((at(json, 'checks') as Check[]).map((c) => [c.id, c]));
  for (const out of [text, raw]) expect(out).not.toContain(KEY);
  return { code, text, checks, json };
}

describe('massive doctor', () => {
  it('passes a healthy setup: key in a private config file, a running proxy with its upstreams, feeds and quota', async () => {
    const dir = configDir({ apiKey: KEY });
    const p = await daemon(dir);
    const r = await doctor({ MASSIVE_CONFIG_DIR: dir, MASSIVE_API_BASE: sim!.httpUrl, MASSIVE_WS_BASE: sim!.wsUrl });
    expect(r.code).toBe(0);
    expect(at(r.json, 'ok')).toBe(true);
    expect(Object.values(r.checks).filter((c) => c.status === 'problem')).toEqual([]);
    expect(r.checks.key!.detail).toBe('set (config file)');
    expect(r.checks.config!.detail).toContain('mode 600, directory 700');
    expect(r.checks.proxy).toMatchObject({ status: 'ok' });
    expect(r.checks.proxy!.detail).toContain(`at ${p.httpUrl}, up 1m`);
    expect(r.checks.proxy!.lines?.join('\n')).toMatch(/stocks +idle/);
    // Plans set on the proxy are known at once, with what each allows.
    expect(at(r.json, 'proxy', 'feeds', 'stocks')).toMatchObject({ feed: 'realtime', source: 'configured' });
    expect(r.text).toMatch(/stocks +real-time: stream T,Q,A,AM,LULD,NOI; REST real-time, snapshots, bid\/ask/);
    expect(r.text).toMatch(/options +delayed 15m: stream A,AM; REST delayed 15m/);
    expect(r.text).toMatch(/indices +—: no stream; REST end of day/);
    expect(r.checks.quota!.detail).toMatch(/^\d+ of \d+ left per s$/);
    expect(r.checks.terminal).toMatchObject({ status: 'ok', detail: '120×40, no colour (NO_COLOR), theme dark' });
    expect(r.text).toMatch(/no problems found\n$/);
    expect(at(r.json, 'proxy')).not.toHaveProperty('secret');
  });

  it('reports a config file other users can read, with the chmod that fixes it', async () => {
    const dir = configDir({ apiKey: KEY });
    chmodSync(join(dir, 'config.json'), 0o644);
    const r = await doctor({ MASSIVE_CONFIG_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.checks.config).toMatchObject({ status: 'problem', fix: `chmod 600 '${join(dir, 'config.json')}'` });
    expect(r.checks.key!.status).toBe('problem');
    expect(r.text).toMatch(/PROBLEM +config +.*mode 644/);
  });

  it('reports a config directory other users can read', async () => {
    const dir = configDir({ apiKey: KEY });
    chmodSync(dir, 0o755);
    const r = await doctor({ MASSIVE_CONFIG_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.checks.config).toMatchObject({ status: 'problem', fix: `chmod 700 '${dir}'` });
  });

  it('reports a config file that is not JSON', async () => {
    const dir = configDir();
    writeFileSync(join(dir, 'config.json'), '{"apiKey": ', { mode: 0o600 });
    const r = await doctor({ MASSIVE_CONFIG_DIR: dir, MASSIVE_API_KEY: KEY });
    expect(r.code).toBe(1);
    expect(r.checks.config).toMatchObject({ status: 'problem', detail: expect.stringContaining('not valid JSON') });
  });

  it('reports a missing key and says how to set one or use --demo', async () => {
    const r = await doctor({ MASSIVE_CONFIG_DIR: configDir() });
    expect(r.code).toBe(1);
    expect(at(r.json, 'key')).toBe('none');
    expect(r.checks.key!.fix).toContain('massive config set apiKey');
    expect(r.checks.key!.fix).toContain('massive watch --demo');
  });

  it('needs no key with --demo', async () => {
    const r = await doctor({ MASSIVE_CONFIG_DIR: configDir() }, { demo: true });
    expect(r.code).toBe(0);
    expect(r.checks.key!.detail).toBe('not set (not needed with --demo)');
  });

  it('reports an old Node.js with what to install', async () => {
    const r = await doctor({ MASSIVE_CONFIG_DIR: configDir(), MASSIVE_API_KEY: KEY }, { nodeVersion: 'v18.19.0' });
    expect(r.code).toBe(1);
    expect(r.checks.node).toMatchObject({ status: 'problem', detail: expect.stringContaining('v18.19.0 is too old') });
    expect(r.checks.node!.fix).toContain('Node.js 20 or newer');
  });

  it('says when no proxy runs, without calling it a problem', async () => {
    const r = await doctor({ MASSIVE_CONFIG_DIR: configDir(), MASSIVE_API_KEY: KEY });
    expect(r.code).toBe(0);
    expect(r.checks.proxy).toMatchObject({ status: 'info', fix: expect.stringContaining('massive proxy') });
    expect(at(r.json, 'proxy')).toBeNull();
    expect(r.checks.feeds!.detail).toContain('stocks auto · options auto · indices auto');
  });

  it('reports a demo proxy while not in demo, and how to use it', async () => {
    const dir = configDir();
    await daemon(dir, { demo: true });
    const r = await doctor({ MASSIVE_CONFIG_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.checks.proxy).toMatchObject({
      status: 'problem',
      detail: expect.stringContaining('a demo proxy is running'),
    });
    expect(r.checks.proxy!.fix).toContain('massive watch --demo');
    const demo = await doctor({ MASSIVE_CONFIG_DIR: dir }, { demo: true });
    expect(demo.code).toBe(0);
  });

  it('reports a proxy on another upstream, naming it and the setting that selects it', async () => {
    const dir = configDir({ apiKey: KEY });
    await daemon(dir);
    const r = await doctor({ MASSIVE_CONFIG_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.checks.proxy!.detail).toContain(`serves another upstream, ${sim!.httpUrl} and ${sim!.wsUrl}`);
    expect(r.checks.proxy!.fix).toBe(
      `to use it, set MASSIVE_API_BASE=${sim!.httpUrl} MASSIVE_WS_BASE=${sim!.wsUrl} (the settings that select the upstream)`,
    );
  });

  it('counts a key held by a matching proxy as a key', async () => {
    const dir = configDir();
    await daemon(dir);
    const r = await doctor({ MASSIVE_CONFIG_DIR: dir, MASSIVE_API_BASE: sim!.httpUrl, MASSIVE_WS_BASE: sim!.wsUrl });
    expect(r.code).toBe(0);
    expect(r.checks.key!.detail).toBe('not set here; the running proxy holds one');
  });
});
