import { chmodSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { MassiveError } from '../lib/errors.js';
import { parseConfigText, readConfigObject, readStoredSettings, type StoredSettings } from './file-read.js';
import { SETTINGS, type SettingName, type Settings } from './settings.js';

/**
 * The config directory: `MASSIVE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/massive`, else
 * `~/.config/massive`. Tests always set MASSIVE_CONFIG_DIR so the user's file is never touched.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MASSIVE_CONFIG_DIR) return env.MASSIVE_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'massive');
}

/** Creates the directory with mode 0700 (and tightens an existing one we own). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/**
 * Refuses a file or directory others can read: it may hold the API key. The message says how
 * to fix it rather than silently changing a file the user may have set up on purpose.
 */
export function assertPrivate(path: string, kind: 'file' | 'directory'): void {
  if (!existsSync(path) || process.platform === 'win32') return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const want = kind === 'file' ? '600' : '700';
    throw new MassiveError(
      'CONFIG',
      `${path} is readable by other users (mode ${mode.toString(8)}); it may hold your API key. Fix it with: chmod ${want} '${path}'`,
    );
  }
}

export type { StoredSettings };

export interface ConfigFile {
  readonly path: string;
  readonly dir: string;
  /** Every setting in the file, parsed; throws CONFIG when the file is unreadable or wrong. */
  read(): StoredSettings;
  /** Throws the CONFIG error `set` would (a file that is not a JSON object), writing nothing. */
  assertWritable(): void;
  /** Writes one key; refuses (CONFIG) a file that is not a JSON object, leaving it untouched. */
  set(name: SettingName, value: unknown): void;
  /** Removes a key (a setting, or a retired one like `plan`), under the same rule as `set`. */
  unset(name: string): void;
}

/** The conf-backed settings file (config.json, mode 0600, in a 0700 directory). */
export function openConfigFile(env: NodeJS.ProcessEnv = process.env): ConfigFile {
  const dir = configDir(env);
  const file = join(dir, 'config.json');
  assertPrivate(dir, 'directory');
  assertPrivate(file, 'file');
  let conf: Conf<StoredSettings> | undefined;
  const open = () => {
    if (!conf) {
      ensurePrivateDir(dir);
      // Setting names are flat, some with dots (`plans.stocks`): no nesting by dot notation.
      conf = new Conf<StoredSettings>({
        cwd: dir,
        configName: 'config',
        configFileMode: 0o600,
        projectName: 'massive',
        accessPropertiesByDotNotation: false,
        // conf would read a non-object (`null`, `[]`) as {} and then overwrite it on `set`; our
        // parser refuses it, and every JSON error names the line, before anything is written.
        deserialize: (text: string) => parseConfigText(text, file) as StoredSettings,
      });
    }
    return conf;
  };
  return {
    path: file,
    dir,
    read() {
      return readStoredSettings(file);
    },
    assertWritable() {
      readConfigObject(file);
    },
    set(name, value) {
      open().set(name, value);
      chmodSync(file, 0o600);
    },
    unset(name) {
      if (existsSync(file)) open().delete(name as SettingName);
    },
  };
}

/** `2026-12-02T06-40-00Z`: a timestamp that is also a portable file name. */
function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

/**
 * Moves config.json aside to `config.json.<time>.bak` (kept 0600: it may hold the key) so the
 * settings fall back to their defaults. Works on a file too broken to read, which is its point.
 * Returns the backup's path, or undefined when there was no file.
 */
export function resetConfigFile(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string | undefined {
  const file = join(configDir(env), 'config.json');
  if (!existsSync(file)) return undefined;
  let backup = `${file}.${stamp(now)}.bak`;
  for (let n = 1; existsSync(backup); n++) backup = `${file}.${stamp(now)}-${n}.bak`;
  renameSync(file, backup);
  if (process.platform !== 'win32') chmodSync(backup, 0o600);
  return backup;
}

/** Reads settings from the environment (`MASSIVE_*`), parsing each with its setting's rules. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Partial<Record<SettingName, unknown>> {
  const out: Partial<Record<SettingName, unknown>> = {};
  for (const [name, spec] of Object.entries(SETTINGS) as [SettingName, (typeof SETTINGS)[SettingName]][]) {
    const raw = env[spec.env];
    if (raw !== undefined && raw.trim() !== '') out[name] = spec.parse(raw);
  }
  return out;
}

export type { Settings };
