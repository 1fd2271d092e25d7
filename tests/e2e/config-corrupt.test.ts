import { afterEach, describe, expect, it } from 'vitest';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const KEY = 'k_corrupt_0123456789SECRET';
/** A hand-edit gone wrong on line 3: the key lost its quotes. */
const BROKEN = `{\n  "watchlist": ["SPY", "QQQ"],\n  "apiKey": ${KEY}\n}\n`;

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A private config directory holding `text` as config.json (0600), as a user's would be. */
function configWith(text: string): { env: NodeJS.ProcessEnv; dir: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'massive-corrupt-e2e-'));
  roots.push(root);
  const dir = join(root, 'massive');
  mkdirSync(dir, { mode: 0o700 });
  const file = join(dir, 'config.json');
  writeFileSync(file, text, { mode: 0o600 });
  return { env: { MASSIVE_CONFIG_DIR: dir }, dir, file };
}

describe('a corrupt config file (built binary)', () => {
  it.each([
    [['config', 'list']],
    [['config', 'list', '--json']],
    [['config', 'get', 'watchlist']],
    [['config', 'set', 'theme', 'light']],
    [['config', 'set', 'apiKey', 'k_new_key_typed']],
    // No prompt first: stdin stays open here, so a prompt would hang until the timeout.
    [['config', 'set', 'apiKey']],
    [['config', 'unset', 'watchlist']],
    [['watch', '--demo', '--json']],
    [['chain', 'SPY', '--demo', '--json']],
    [['proxy', '--port', '0']],
  ])(
    '`massive %j` exits 2 naming the file, line and column and the way out, and leaves its bytes alone',
    async (args) => {
      const { env, file } = configWith(BROKEN);
      const before = readFileSync(file);
      const { code, stdout, stderr } = await runCli(args, { ...env, MASSIVE_API_KEY: 'k_env_key_123456' });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`config file ${file}: not valid JSON (line 3, column 13: expected a value)`);
      expect(stderr).toContain('massive config reset');
      expect(stderr).toContain('massive config path');
      expect(stderr).not.toContain('SECRET');
      expect(stderr).not.toMatch(/at position|SyntaxError|\n\s+at /);
      expect(readFileSync(file).equals(before)).toBe(true);
    },
    90_000,
  );

  it.each([
    ['null', 'expected a JSON object of settings'],
    ['["SPY"]', 'expected a JSON object of settings'],
    ['', 'not valid JSON (line 1, column 1: expected a value)'],
    ['{"theme": "dark",}', 'not valid JSON (line 1, column 18: expected a property name in double quotes)'],
    ['\n\n  {"theme" "dark"}', "not valid JSON (line 3, column 12: expected ':')"],
  ])(
    '%j is refused with %s and never replaced by `config set`',
    async (text, message) => {
      const { env, file } = configWith(text);
      const { code, stderr } = await runCli(['config', 'set', 'theme', 'mono'], env);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(readFileSync(file, 'utf8')).toBe(text);
    },
    90_000,
  );

  it('a file that cannot be read (a directory in its place) is a config error too', async () => {
    const { env, file } = configWith('');
    rmSync(file);
    mkdirSync(file, { mode: 0o700 });
    const { code, stderr } = await runCli(['config', 'list'], env);
    expect(code).toBe(2);
    expect(stderr).toContain(`config file ${file}: cannot be read (EISDIR)`);
  }, 90_000);

  it('a wrong value names the setting and its line, and `config set` of that setting repairs it', async () => {
    const { env, file } = configWith('{\n  "theme": "dark",\n  "frameMs": "fast"\n}\n');
    const list = await runCli(['config', 'list'], env);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain(
      `config file ${file}: line 3: frameMs: "fast" is not valid; expected a whole number ≥ 0`,
    );
    expect(list.stderr).toContain('massive config unset frameMs');
    expect((await runCli(['config', 'set', 'frameMs', '250'], env)).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ theme: 'dark', frameMs: 250 });
    expect((await runCli(['config', 'get', 'frameMs'], env)).stdout.trim()).toBe('250');
  }, 90_000);

  it('`config path` still prints where the file is', async () => {
    const { env, file } = configWith(BROKEN);
    const { code, stdout } = await runCli(['config', 'path'], env);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(file);
  }, 90_000);

  it('`config reset` moves the file aside to a private timestamped .bak, byte for byte, and the defaults apply', async () => {
    const { env, dir, file } = configWith(BROKEN);
    const reset = await runCli(['config', 'reset'], env);
    expect(reset.code).toBe(0);
    expect(existsSync(file)).toBe(false);
    const backups = readdirSync(dir).filter((f) =>
      /^config\.json\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?\.bak$/.test(f),
    );
    expect(backups).toHaveLength(1);
    const backup = join(dir, backups[0]!);
    expect(readFileSync(backup, 'utf8')).toBe(BROKEN);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(reset.stderr).toContain(backup);
    expect(reset.stderr).not.toContain('SECRET');
    const list = await runCli(['config', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^watchlist\s+SPY QQQ\s+default$/m);
    const again = await runCli(['config', 'reset'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('no config file');
  }, 90_000);

  it('a second reset in the same second keeps both backups', async () => {
    const { env, dir, file } = configWith(BROKEN);
    await runCli(['config', 'reset'], env);
    writeFileSync(file, '{', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect((await runCli(['config', 'reset'], env)).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak')).length).toBe(2);
  }, 90_000);

  it('retired keys plan and feed get a one-line warning each, and can be unset', async () => {
    const { env, file } = configWith(JSON.stringify({ plan: 'starter', feed: 'delayed', theme: 'mono' }));
    const get = await runCli(['config', 'get', 'theme'], env);
    expect(get.code).toBe(0);
    expect(get.stdout.trim()).toBe('mono');
    const warnings = get.stderr.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^massive: warning: .*"plan" is no longer read; .*plans\.stocks.*massive config unset plan`$/,
    );
    expect(warnings[1]).toMatch(/^massive: warning: .*"feed" is no longer read; .*massive config unset feed`$/);
    expect((await runCli(['config', 'unset', 'plan'], env)).code).toBe(0);
    expect((await runCli(['config', 'unset', 'feed'], env)).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ theme: 'mono' });
    expect((await runCli(['config', 'get', 'theme'], env)).stderr).toBe('');
  }, 90_000);
});
