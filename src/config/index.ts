export { DEFAULTS, SETTINGS, isSettingName } from './settings.js';
export type { Settings, SettingName, PlanSetting, FlowMode, ThemeName } from './settings.js';
export {
  configDir,
  ensurePrivateDir,
  assertPrivate,
  openConfigFile,
  resetConfigFile,
  settingsFromEnv,
} from './file.js';
export { formatSetting, settingFromJson } from './setting-text.js';
export type { ConfigFile, StoredSettings } from './file.js';
export { mergeSettings, resolveSettings } from './resolve.js';
export type { ResolvedSettings, SettingOrigin } from './resolve.js';
