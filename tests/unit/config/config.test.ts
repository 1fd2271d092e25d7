import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  mergeSettings,
  openConfigFile,
  resolveSettings,
  settingsFromEnv,
  SETTINGS,
} from '../../../src/config/index.js';
import { isMassiveError } from '../../../src/lib/errors.js';

const dirs: string[] = [];
function tempEnv(): NodeJS.ProcessEnv {
  const root = mkdtempSync(join(tmpdir(), 'massive-config-'));
  dirs.push(root);
  return { MASSIVE_CONFIG_DIR: join(root, 'massive') };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('settings precedence', () => {
  it('applies defaults < file < environment < flags, and records where each came from', () => {
    const { settings, origin } = mergeSettings(
      { 'plans.stocks': 'basic', theme: 'light', frameMs: 50 },
      { 'plans.stocks': 'starter', theme: 'mono' },
      { 'plans.stocks': 'advanced' },
    );
    expect(settings['plans.stocks']).toBe('advanced');
    expect(settings.theme).toBe('mono');
    expect(settings.frameMs).toBe(50);
    expect(settings['plans.indices']).toBe('auto');
    expect(origin).toMatchObject({ 'plans.stocks': 'flag', theme: 'env', frameMs: 'file', 'plans.indices': 'default' });
  });

  it('reads MASSIVE_* variables through each setting’s parser', () => {
    expect(
      settingsFromEnv({
        MASSIVE_WATCHLIST: 'spy, qqq nvda',
        MASSIVE_PLAN_STOCKS: 'FREE',
        MASSIVE_PLAN_OPTIONS: 'Advanced',
        MASSIVE_FRAME_MS: '250',
      }),
    ).toEqual({
      watchlist: ['SPY', 'QQQ', 'NVDA'],
      'plans.stocks': 'basic',
      'plans.options': 'advanced',
      frameMs: 250,
    });
  });

  it.each([
    ['plans.stocks', 'platinum'],
    ['frameMs', '-3'],
    ['watchlist', 'SP Y,$$'],
    ['plans.indices', 'realtime'],
  ] as const)('rejects %s=%s with a CONFIG error naming the setting', (name, value) => {
    try {
      SETTINGS[name].parse(value);
      expect.unreachable();
    } catch (error) {
      expect(isMassiveError(error, 'CONFIG')).toBe(true);
      expect((error as Error).message).toContain(name);
    }
  });
});

describe('config file', () => {
  it('stores the dotted plan settings flat, as they are named', () => {
    const env = tempEnv();
    const file = openConfigFile(env);
    file.set('plans.stocks', 'starter');
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({ 'plans.stocks': 'starter' });
    expect(resolveSettings({}, env)).toMatchObject({
      settings: { 'plans.stocks': 'starter', 'plans.options': 'auto' },
      origin: { 'plans.stocks': 'file' },
    });
  });

  it('stores settings in a 0600 file inside a 0700 directory', () => {
    const env = tempEnv();
    const file = openConfigFile(env);
    file.set('apiKey', 'k-123456');
    file.set('watchlist', ['SPY']);
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(statSync(file.dir).mode & 0o777).toBe(0o700);
    expect(resolveSettings({}, env).settings).toMatchObject({ apiKey: 'k-123456', watchlist: ['SPY'] });
    file.unset('apiKey');
    expect(resolveSettings({}, env).settings.apiKey).toBeUndefined();
  });

  it('refuses a config file others can read, saying how to fix it', () => {
    const env = tempEnv();
    mkdirSync(env.MASSIVE_CONFIG_DIR!, { mode: 0o700 });
    const path = join(env.MASSIVE_CONFIG_DIR!, 'config.json');
    writeFileSync(path, '{"apiKey":"k-123456"}');
    chmodSync(path, 0o644);
    expect(() => openConfigFile(env)).toThrow(/chmod 600/);
    chmodSync(path, 0o600);
    expect(openConfigFile(env).read()).toEqual({ apiKey: 'k-123456' });
  });

  it('refuses a config directory others can read', () => {
    const env = tempEnv();
    mkdirSync(env.MASSIVE_CONFIG_DIR!, { mode: 0o755 });
    chmodSync(env.MASSIVE_CONFIG_DIR!, 0o755);
    expect(() => openConfigFile(env)).toThrow(/chmod 700/);
  });

  it('reads nothing and creates nothing when there is no file', () => {
    const env = tempEnv();
    expect(openConfigFile(env).read()).toEqual({});
    expect(() => statSync(env.MASSIVE_CONFIG_DIR!)).toThrow();
  });
});
