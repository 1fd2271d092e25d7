/** `massive config get|set|unset|list|path|reset`: the settings file, shown with where each value comes from. */
import { join } from 'node:path';
import {
  configDir,
  DEFAULTS,
  formatSetting,
  isSettingName,
  openConfigFile,
  resetConfigFile,
  resolveSettings,
  SETTINGS,
  type SettingName,
  type SettingOrigin,
} from '../config/index.js';
import { MassiveError } from '../lib/errors.js';
import { parseAlertRules } from '../market/alerts.js';
import { readSecret, type SecretIo } from './config-secret.js';
import { usageError } from './exit.js';

export interface ConfigIo extends SecretIo {
  readonly stdout: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

const names = Object.keys(DEFAULTS) as SettingName[];

/** Names are matched case-insensitively: `apikey` is as clear as `apiKey`. */
function settingName(name: string): SettingName {
  if (isSettingName(name)) return name;
  const match = names.find((n) => n.toLowerCase() === name.toLowerCase());
  if (match) return match;
  throw usageError(`unknown setting ${JSON.stringify(name)}; settings are ${names.join(', ')}`);
}

/** The key is never printed, not even in part: only whether one is set. */
export function maskSecret(value: unknown): string {
  return typeof value === 'string' && value !== '' ? '******** (set)' : '(not set)';
}

/** A value as `config set` would take it back. */
export function displayValue(name: SettingName, value: unknown): string {
  if (SETTINGS[name].secret) return maskSecret(value);
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : formatSetting(name, value);
  return value === undefined ? '(not set)' : formatSetting(name, value);
}

function jsonValue(name: SettingName, value: unknown): unknown {
  if (SETTINGS[name].secret) return typeof value === 'string' && value !== '' ? '********' : null;
  return value ?? null;
}

/** Works whatever state the file is in (unreadable, broken, too open): it is the way to find it. */
export function configPath(io: ConfigIo): number {
  io.stdout.write(`${join(configDir(io.env), 'config.json')}\n`);
  return 0;
}

/**
 * Moves the file aside rather than deleting it: it may hold the API key and hand-written alerts
 * the user wants back, so nothing is lost and no confirmation is needed.
 */
export function configReset(io: ConfigIo, now: Date = new Date()): number {
  const backup = resetConfigFile(io.env, now);
  if (backup === undefined) {
    io.stderr.write(
      `massive: no config file at ${join(configDir(io.env), 'config.json')}; settings are the defaults\n`,
    );
    return 0;
  }
  io.stderr.write(
    `massive: moved the config file to ${backup}; settings are back to their defaults (copy what you need from the backup, or delete it)\n`,
  );
  return 0;
}

export function configList(io: ConfigIo, opts: { readonly json?: boolean }): number {
  const { settings, origin } = resolveSettings({}, io.env);
  if (opts.json) {
    const rows = names.map((n) => ({
      name: n,
      value: jsonValue(n, settings[n]),
      origin: origin[n],
      env: SETTINGS[n].env,
    }));
    io.stdout.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  const width = Math.max(...names.map((n) => n.length));
  const values = names.map((n) => displayValue(n, settings[n]));
  const valueWidth = Math.min(40, Math.max(...values.map((v) => v.length)));
  for (const [i, n] of names.entries()) {
    const o: SettingOrigin = origin[n];
    const from = o === 'env' ? `env ${SETTINGS[n].env}` : o;
    io.stdout.write(`${n.padEnd(width)}  ${values[i]!.padEnd(valueWidth)}  ${from}\n`);
  }
  return 0;
}

export function configGet(io: ConfigIo, name: string): number {
  const n = settingName(name);
  const { settings } = resolveSettings({}, io.env);
  io.stdout.write(`${displayValue(n, settings[n])}\n`);
  return 0;
}

/** Parses and checks a value the way the setting (and, for alerts, the rule parser) wants it. */
function parseValue(n: SettingName, text: string): unknown {
  const value = SETTINGS[n].parse(text);
  if (n === 'alerts') {
    const { errors } = parseAlertRules(value as string[]);
    if (errors.length > 0) throw new MassiveError('CONFIG', `alerts: ${errors.join('; ')}`);
  }
  if (n === 'watchlist' && (value as string[]).length === 0)
    throw new MassiveError('CONFIG', 'watchlist: give at least one ticker, or `massive config unset watchlist`');
  return value;
}

export async function configSet(io: ConfigIo, name: string, words: readonly string[]): Promise<number> {
  const n = settingName(name);
  const file = openConfigFile(io.env);
  // Before any prompt: a key pasted into a file we then refuse to write would be asked for twice.
  file.assertWritable();
  let text: string;
  if (words.length > 0) {
    text = words.join(' ');
    if (SETTINGS[n].secret) {
      io.stderr.write(
        `massive: warning: a key typed on the command line can end up in your shell history and in the process list; next time run \`massive config set ${n}\` and paste it at the prompt\n`,
      );
    }
  } else if (SETTINGS[n].secret) {
    text = await readSecret(io, 'Massive API key (input hidden): ');
  } else {
    throw usageError(`config set ${n} needs a value, e.g. \`massive config set ${n} ${displayValue(n, DEFAULTS[n])}\``);
  }
  file.set(n, parseValue(n, text));
  io.stderr.write(`massive: saved ${n} in ${file.path}\n`);
  // Only the variable is looked at: another setting in the file may still be wrong, and this
  // one was saved all the same.
  if ((io.env[SETTINGS[n].env] ?? '').trim() !== '')
    io.stderr.write(`massive: note: ${SETTINGS[n].env} is set in the environment and takes precedence over the file\n`);
  return 0;
}

/** Retired keys (`plan`, `feed`) can be unset too: the warning about them says to. */
const RETIRED = new Set(['plan', 'feed']);

export function configUnset(io: ConfigIo, name: string): number {
  openConfigFile(io.env).unset(RETIRED.has(name) ? name : settingName(name));
  return 0;
}
