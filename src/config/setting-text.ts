/**
 * A setting's value as text and back. `formatSetting` writes what `config set` (and the
 * environment) would take back; `settingFromJson` reads a value stored in config.json through the
 * same parser, so the file, the environment and the command line obey one set of rules.
 */
import { MassiveError } from '../lib/errors.js';
import { SETTINGS, type SettingName } from './settings.js';

/** Alerts may contain spaces, so they are joined with `;` (their own separator); lists with spaces. */
function separator(name: SettingName): string {
  return name === 'alerts' ? ';' : ' ';
}

/** The text form of a value, as `massive config set NAME …` takes it. */
export function formatSetting(name: SettingName, value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(separator(name));
  return value === undefined || value === null ? '' : String(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list of other things than text and numbers';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A value read from config.json → the setting's value, or undefined for `null` (not set).
 * Throws a CONFIG error naming the setting; a secret's value is never quoted in it.
 */
export function settingFromJson(name: SettingName, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const spec = SETTINGS[name];
  const scalar = (v: unknown): v is string | number =>
    typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (spec.secret) {
    if (typeof value !== 'string') throw new MassiveError('CONFIG', `${name}: expected the key as text`);
    return spec.parse(value);
  }
  if (scalar(value)) return spec.parse(String(value));
  if (Array.isArray(value) && value.every(scalar)) return spec.parse(formatSetting(name, value));
  throw new MassiveError(
    'CONFIG',
    `${name}: ${describeJson(value)} is not valid here; expected text, a number or a list`,
  );
}
