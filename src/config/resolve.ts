import { DEFAULTS, type SettingName, type Settings } from './settings.js';
import { openConfigFile, settingsFromEnv, type StoredSettings } from './file.js';

export type SettingOrigin = 'default' | 'file' | 'env' | 'flag';

export interface ResolvedSettings {
  readonly settings: Settings;
  readonly origin: Readonly<Record<SettingName, SettingOrigin>>;
}

/**
 * The one place precedence is written down: defaults < config file < MASSIVE_* environment <
 * flags given on the command line (only flags the user typed, never commander defaults).
 */
export function mergeSettings(file: StoredSettings, env: StoredSettings, flags: StoredSettings): ResolvedSettings {
  const settings: Record<string, unknown> = { ...DEFAULTS };
  const origin = Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, 'default'])) as Record<
    SettingName,
    SettingOrigin
  >;
  const layers: [SettingOrigin, StoredSettings][] = [
    ['file', file],
    ['env', env],
    ['flag', flags],
  ];
  for (const [name, layer] of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      settings[k] = v;
      origin[k as SettingName] = name;
    }
  }
  return { settings: settings as unknown as Settings, origin };
}

export function resolveSettings(flags: StoredSettings = {}, env: NodeJS.ProcessEnv = process.env): ResolvedSettings {
  return mergeSettings(openConfigFile(env).read(), settingsFromEnv(env), flags);
}
