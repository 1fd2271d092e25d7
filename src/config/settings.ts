import { MassiveError } from '../lib/errors.js';
import { normalizeUserSymbol } from '../massive/symbology.js';
import { PLAN_LEVELS, type PlanSetting } from '../massive/entitlements.js';

export type { PlanSetting };
export type FlowMode = 'window' | 'firehose' | 'off';
export type ThemeName = 'dark' | 'light' | 'mono';

/** Every setting the product reads, resolved (defaults < file < environment < flags). */
export interface Settings {
  readonly apiKey: string | undefined;
  readonly watchlist: readonly string[];
  /** Massive sells plans per asset class; each is detected unless set. */
  readonly 'plans.stocks': PlanSetting;
  readonly 'plans.options': PlanSetting;
  readonly 'plans.indices': PlanSetting;
  readonly flowMode: FlowMode;
  /** Flow tape: hide prints below this premium ($). */
  readonly flowMinPremium: number;
  /** Prints within this many ms on 2+ exchanges form a sweep. */
  readonly flowSweepWindowMs: number;
  /** A single print of at least this many contracts is a block. */
  readonly flowBlockSize: number;
  readonly theme: ThemeName;
  /** At most one screen update per this many ms. */
  readonly frameMs: number;
  /** Paid plans: REST requests per second the proxy allows itself (Massive asks < 100/s). */
  readonly restRatePerSec: number;
  readonly alerts: readonly string[];
}

export type SettingName = keyof Settings;

interface SettingSpec {
  readonly env: string;
  readonly describe: string;
  readonly secret?: boolean;
  /** Parses user text (CLI `config set`, environment) into the stored value; throws CONFIG errors. */
  readonly parse: (text: string) => unknown;
}

const bad = (name: string, text: string, want: string) =>
  new MassiveError('CONFIG', `${name}: ${JSON.stringify(text)} is not valid; expected ${want}`);

const oneOf = <T extends string>(name: string, values: readonly T[]) => (text: string): T => {
  const v = text.trim().toLowerCase() as T;
  if (!values.includes(v)) throw bad(name, text, values.join(', '));
  return v;
};

const positive = (name: string, integer = false) => (text: string): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) throw bad(name, text, integer ? 'a whole number ≥ 0' : 'a number ≥ 0');
  return n;
};

const PLAN_SETTINGS: readonly PlanSetting[] = ['auto', 'none', ...PLAN_LEVELS];

const planSetting = (name: string) => (text: string): PlanSetting => {
  const v = text.trim().toLowerCase();
  return oneOf(name, PLAN_SETTINGS)(v === 'free' ? 'basic' : v);
};

const list = (text: string): string[] => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

export const SETTINGS: Readonly<Record<SettingName, SettingSpec>> = {
  apiKey: { env: 'MASSIVE_API_KEY', describe: 'Massive.com API key (stored with mode 0600)', secret: true, parse: (t) => t.trim() },
  watchlist: {
    env: 'MASSIVE_WATCHLIST',
    describe: 'symbols `massive watch` shows when none are given',
    parse: (t) =>
      list(t).map((s) => {
        const n = normalizeUserSymbol(s);
        if (!n) throw bad('watchlist', s, 'tickers like SPY, BRK.B or I:SPX');
        return n;
      }),
  },
  'plans.stocks': { env: 'MASSIVE_PLAN_STOCKS', describe: 'your Stocks plan: auto (detect), none, basic (free), starter, developer, advanced', parse: planSetting('plans.stocks') },
  'plans.options': { env: 'MASSIVE_PLAN_OPTIONS', describe: 'your Options plan: auto (detect), none, basic (free), starter, developer, advanced', parse: planSetting('plans.options') },
  'plans.indices': { env: 'MASSIVE_PLAN_INDICES', describe: 'your Indices plan: auto (detect), none, basic (free), starter, advanced', parse: planSetting('plans.indices') },
  flowMode: { env: 'MASSIVE_FLOW_MODE', describe: 'options flow source: window, firehose or off', parse: oneOf('flowMode', ['window', 'firehose', 'off'] as const) },
  flowMinPremium: { env: 'MASSIVE_FLOW_MIN_PREMIUM', describe: 'hide flow prints below this premium ($)', parse: positive('flowMinPremium') },
  flowSweepWindowMs: { env: 'MASSIVE_FLOW_SWEEP_WINDOW_MS', describe: 'sweep detection window (ms)', parse: positive('flowSweepWindowMs', true) },
  flowBlockSize: { env: 'MASSIVE_FLOW_BLOCK_SIZE', describe: 'contracts in one print that make a block', parse: positive('flowBlockSize', true) },
  theme: { env: 'MASSIVE_THEME', describe: 'dark, light or mono', parse: oneOf('theme', ['dark', 'light', 'mono'] as const) },
  frameMs: { env: 'MASSIVE_FRAME_MS', describe: 'screen refresh period (ms)', parse: positive('frameMs', true) },
  restRatePerSec: { env: 'MASSIVE_REST_RATE', describe: 'paid plans: REST requests per second the proxy allows', parse: positive('restRatePerSec') },
  alerts: { env: 'MASSIVE_ALERTS', describe: 'alert rules, e.g. "SPY>600;flow.premium>1000000"', parse: (t) => t.split(';').map((s) => s.trim()).filter(Boolean) },
};

export const DEFAULTS: Settings = {
  apiKey: undefined,
  watchlist: ['SPY', 'QQQ'],
  'plans.stocks': 'auto',
  'plans.options': 'auto',
  'plans.indices': 'auto',
  flowMode: 'window',
  flowMinPremium: 25_000,
  flowSweepWindowMs: 1_000,
  flowBlockSize: 500,
  theme: 'dark',
  frameMs: 100,
  restRatePerSec: 20,
  alerts: [],
};

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}
