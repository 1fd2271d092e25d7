import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, spawnCli, type RunResult } from '../helpers/cli.js';
import { SETTINGS } from '../../src/config/settings.js';

const roots: string[] = [];
function tempConfig(): NodeJS.ProcessEnv {
  const root = mkdtempSync(join(tmpdir(), 'massive-config-e2e-'));
  roots.push(root);
  return { MASSIVE_CONFIG_DIR: join(root, 'massive') };
}
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** Runs the binary with `input` piped to stdin (not a TTY), as `echo KEY | massive …` would. */
function runWithStdin(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

const KEY = 'k_e2e_0123456789abcdefSECRET';

describe('massive config (built binary)', () => {
  it('prints the config file path inside MASSIVE_CONFIG_DIR', async () => {
    const env = tempConfig();
    const { code, stdout } = await runCli(['config', 'path'], env);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(join(env.MASSIVE_CONFIG_DIR!, 'config.json'));
  }, 90_000);

  it('lists every setting with its value and origin: default, file, env', async () => {
    const env = tempConfig();
    expect((await runCli(['config', 'set', 'plans.stocks', 'free'], env)).code).toBe(0);
    expect((await runCli(['config', 'set', 'watchlist', 'spy', 'qqq', 'nvda'], env)).code).toBe(0);
    const { code, stdout } = await runCli(['config', 'list'], { ...env, MASSIVE_PLAN_INDICES: 'starter' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^plans\.stocks\s+basic\s+file$/m);
    expect(stdout).toMatch(/^watchlist\s+SPY QQQ NVDA\s+file$/m);
    expect(stdout).toMatch(/^plans\.indices\s+starter\s+env MASSIVE_PLAN_INDICES$/m);
    expect(stdout).toMatch(/^plans\.options\s+auto\s+default$/m);
    expect(stdout).toMatch(/^theme\s+dark\s+default$/m);
    expect(stdout).toMatch(/^apiKey\s+\(not set\)\s+default$/m);
    // One line per setting (apiKey is one of them).
    expect(stdout.trim().split('\n')).toHaveLength(Object.keys(SETTINGS).length);
    const json = JSON.parse((await runCli(['config', 'list', '--json'], env)).stdout) as {
      name: string;
      value: unknown;
      origin: string;
    }[];
    expect(json.find((r) => r.name === 'watchlist')).toMatchObject({ value: ['SPY', 'QQQ', 'NVDA'], origin: 'file' });
  }, 90_000);

  it('gets, sets and unsets a value', async () => {
    const env = tempConfig();
    expect((await runCli(['config', 'get', 'frameMs'], env)).stdout.trim()).toBe('100');
    await runCli(['config', 'set', 'frameMs', '250'], env);
    expect((await runCli(['config', 'get', 'frameMs'], env)).stdout.trim()).toBe('250');
    expect((await runCli(['config', 'get', 'framems'], env)).stdout.trim()).toBe('250');
    await runCli(['config', 'unset', 'frameMs'], env);
    expect((await runCli(['config', 'get', 'frameMs'], env)).stdout.trim()).toBe('100');
  }, 90_000);

  it('reads the API key from stdin, stores it 0600 and never prints it', async () => {
    const env = tempConfig();
    const set = await runWithStdin(['config', 'set', 'apiKey'], env, `${KEY}\n`);
    expect(set.code).toBe(0);
    expect(set.stderr).not.toContain('warning');
    const file = join(env.MASSIVE_CONFIG_DIR!, 'config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ apiKey: KEY });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(env.MASSIVE_CONFIG_DIR!).mode & 0o777).toBe(0o700);
    const list = await runCli(['config', 'list'], env);
    const get = await runCli(['config', 'get', 'apiKey'], env);
    const json = await runCli(['config', 'list', '--json'], env);
    for (const r of [set, list, get, json]) {
      expect(r.stdout + r.stderr).not.toContain(KEY);
      expect(r.stdout + r.stderr).not.toContain('SECRET');
    }
    expect(list.stdout).toMatch(/^apiKey\s+\*+ \(set\)\s+file$/m);
    expect(get.stdout.trim()).toBe('******** (set)');
  }, 90_000);

  it('accepts the key as an argument too, with a warning about shell history', async () => {
    const env = tempConfig();
    const { code, stderr } = await runCli(['config', 'set', 'apiKey', KEY], env);
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: .*shell history/);
    expect(stderr).not.toContain(KEY);
    expect(JSON.parse(readFileSync(join(env.MASSIVE_CONFIG_DIR!, 'config.json'), 'utf8'))).toMatchObject({
      apiKey: KEY,
    });
  }, 90_000);

  it.each([
    [['config', 'get', 'colour'], /unknown setting "colour"/],
    [['config', 'set', 'plans.stocks', 'platinum'], /plans\.stocks: "platinum" is not valid/],
    [['config', 'set', 'plans.options'], /needs a value/],
    [['config', 'set', 'alerts', 'SPY>600;oops'], /alert "oops"/],
    [['config', 'unset', 'nope'], /unknown setting/],
  ])(
    'exits 2 on %j and stores nothing',
    async (args, message) => {
      const env = tempConfig();
      const { code, stderr } = await runCli(args, env);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(() => statSync(join(env.MASSIVE_CONFIG_DIR!, 'config.json'))).toThrow();
    },
    90_000,
  );

  it('exits 2 when stdin gives no key', async () => {
    const env = tempConfig();
    const { code, stderr } = await runWithStdin(['config', 'set', 'apiKey'], env, '\n');
    expect(code).toBe(2);
    expect(stderr).toMatch(/no key given/);
  }, 90_000);
});
