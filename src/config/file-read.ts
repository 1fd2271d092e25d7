/**
 * Reading config.json strictly: a file we cannot read, that is not JSON, or whose values a
 * setting's parser refuses is a CONFIG error (exit 2) naming the file, the line and the way out.
 * Nothing here writes: a broken file is the user's data and is never replaced behind their back.
 */
import { readFileSync } from 'node:fs';
import { MassiveError } from '../lib/errors.js';
import { findJsonFault } from './json-fault.js';
import { isSettingName, type SettingName } from './settings.js';
import { settingFromJson } from './setting-text.js';

export type StoredSettings = Partial<Record<SettingName, unknown>>;

const WAY_OUT =
  'Fix it in an editor, or set it aside and start from the defaults with `massive config reset` ' +
  '(it keeps a .bak copy); `massive config path` prints where the file is. Nothing was changed.';

function configError(path: string, what: string, cause?: unknown): MassiveError {
  return new MassiveError('CONFIG', `config file ${path}: ${what}\n  ${WAY_OUT}`, { cause });
}

/** Settings that were replaced; a file still holding them gets a warning instead of silence. */
const RETIRED: Readonly<Record<string, string>> = {
  plan: 'plans are per asset class now: set plans.stocks, plans.options and plans.indices (default auto, detected)',
  feed: 'real-time or delayed is detected per asset class now (plans.stocks, plans.options, plans.indices)',
};

const warned = new Set<string>();

/** Once per process and message, so a file read several times warns once. */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`massive: warning: ${message}\n`);
}

/** JSON text → the top-level object, or a CONFIG error with the line and column of the fault. */
export function parseConfigText(text: string, path: string): Record<string, unknown> {
  // Editors on Windows may save a byte-order mark; it is not part of the JSON.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // V8's own message is not kept, not even as `cause`: it may quote the file, key included.
    const where = findJsonFault(body);
    const at = where ? `line ${where.line}, column ${where.column}: expected ${where.expected}` : 'not valid JSON';
    throw configError(path, `not valid JSON (${at})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError(path, 'expected a JSON object of settings, like {"watchlist": ["SPY", "QQQ"]}');
  }
  return value as Record<string, unknown>;
}

/** The file's top-level object; undefined when there is no file. */
export function readConfigObject(
  path: string,
): { readonly text: string; readonly raw: Record<string, unknown> } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw configError(path, `cannot be read (${code ?? String(error)})`, error);
  }
  return { text, raw: parseConfigText(text, path) };
}

/** 1-based line of the first `"name":` in the text, for pointing at a bad value. */
function lineOf(text: string, name: string): number | undefined {
  const at = text.indexOf(JSON.stringify(name));
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/**
 * The settings stored in the file, each parsed by its setting's rules (as the environment is).
 * Unknown keys are ignored; retired ones (`plan`, `feed`) get a one-line warning.
 */
export function readStoredSettings(path: string): StoredSettings {
  const file = readConfigObject(path);
  if (!file) return {};
  const out: StoredSettings = {};
  for (const [key, value] of Object.entries(file.raw)) {
    if (isSettingName(key)) {
      try {
        out[key] = settingFromJson(key, value);
      } catch (error) {
        const line = lineOf(file.text, key);
        const reason = error instanceof Error ? error.message : String(error);
        const fix = `massive config set ${key} …\` or \`massive config unset ${key}`;
        throw configError(path, `${line ? `line ${line}: ` : ''}${reason}\n  Change it with \`${fix}\`.`, error);
      }
    } else if (Object.hasOwn(RETIRED, key)) {
      warnOnce(`${path}: "${key}" is no longer read; ${RETIRED[key]}. Remove it with \`massive config unset ${key}\``);
    }
  }
  return out;
}
