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
  /** `cached`: the screen's own output stage (ui/output-stage.ts); `ink`: Ink's, as a way out. */
  readonly renderer: 'cached' | 'ink';
  /** At most one screen update per this many ms. */
  readonly frameMs: number;
  /** Paid plans: REST requests per second the proxy allows itself (Massive asks < 100/s). */
  readonly restRatePerSec: number;
  readonly alerts: readonly string[];
  /** `massive plan`: dollars risked to the stop when --risk is not given. */
  readonly planRiskPerTrade: number;
  /** `massive plan`: daily-ATR multiples of target 1, target 2 and the stop, per style. */
  readonly planAtrScalp: readonly number[];
  readonly planAtrDay: readonly number[];
  readonly planAtrSwing: readonly number[];
  readonly planAtrPosition: readonly number[];
  /** `massive plan`: calendar days held (theta charged) for scalp, day, swing, position. */
  readonly planHoldDays: readonly number[];
  /** `massive plan` liquidity grade A/B/C cut-offs: spread % of mid at most. */
  readonly planGradeSpreadPct: readonly number[];
  /** Grade A/B/C cut-offs: day volume at least. */
  readonly planGradeVolume: readonly number[];
  /** Grade A/B/C cut-offs: open interest at least. */
  readonly planGradeOi: readonly number[];
  /** Proxy limits, the daemon's and the embedded proxy's (src/proxy/limits.ts: what each refusal looks like). */
  readonly proxyMaxConnections: number;
  readonly proxyMaxConnectionsPerClient: number;
  readonly proxyMaxUnauthenticated: number;
  readonly proxyMaxSubscriptionsPerClient: number;
  readonly proxyMaxFrameBytes: number;
  readonly proxyMaxMessagesPerSecond: number;
  readonly proxyHeadersTimeoutMs: number;
  readonly proxyRequestTimeoutMs: number;
  readonly proxyMaxHeaderBytes: number;
  readonly proxyMaxBodyBytes: number;
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

const oneOf =
  <T extends string>(name: string, values: readonly T[]) =>
  (text: string): T => {
    const v = text.trim().toLowerCase() as T;
    if (!values.includes(v)) throw bad(name, text, values.join(', '));
    return v;
  };

const positive =
  (name: string, integer = false) =>
  (text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)))
      throw bad(name, text, integer ? 'a whole number ≥ 0' : 'a number ≥ 0');
    // "-0" passes the check; + 0 makes it the 0 the file and `config list` will show.
    return n + 0;
  };

/** A limit: a whole number ≥ 1 (0 would refuse everything, which no one means). */
const atLeastOne =
  (name: string) =>
  (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw bad(name, text, 'a whole number ≥ 1');
    return n;
  };

const PLAN_SETTINGS: readonly PlanSetting[] = ['auto', 'none', ...PLAN_LEVELS];

const planSetting =
  (name: string) =>
  (text: string): PlanSetting => {
    const v = text.trim().toLowerCase();
    return oneOf(name, PLAN_SETTINGS)(v === 'free' ? 'basic' : v);
  };

const list = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * `count` numbers ≥ 0 separated by spaces or commas, each in `order` with the one before when an
 * order is given, e.g. "3 8 15".
 */
const numbers =
  (name: string, count: number, want: string, order?: (a: number, b: number) => boolean) =>
  (text: string): number[] => {
    const v = list(text).map((x) => Number(x) + 0);
    const fits =
      v.length === count &&
      v.every((x) => Number.isFinite(x) && x >= 0) &&
      (!order || v.every((x, i) => i === 0 || order(v[i - 1]!, x)));
    if (!fits) throw bad(name, text, want);
    return v;
  };

/** Daily-ATR multiples of one plan style: "target1 target2 stop", target 1 nearer than target 2. */
const atrMultiples =
  (name: string) =>
  (text: string): number[] => {
    const want = 'three ATR multiples "target1 target2 stop", 0 < target1 < target2 and stop > 0, e.g. "0.4 0.8 0.25"';
    const v = numbers(name, 3, want)(text);
    if (!(v[0]! > 0 && v[0]! < v[1]! && v[2]! > 0)) throw bad(name, text, want);
    return v;
  };

export const SETTINGS: Readonly<Record<SettingName, SettingSpec>> = {
  apiKey: {
    env: 'MASSIVE_API_KEY',
    describe: 'Massive.com API key (stored with mode 0600)',
    secret: true,
    parse: (t) => t.trim(),
  },
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
  'plans.stocks': {
    env: 'MASSIVE_PLAN_STOCKS',
    describe: 'your Stocks plan: auto (detect), none, basic (free), starter, developer, advanced',
    parse: planSetting('plans.stocks'),
  },
  'plans.options': {
    env: 'MASSIVE_PLAN_OPTIONS',
    describe: 'your Options plan: auto (detect), none, basic (free), starter, developer, advanced',
    parse: planSetting('plans.options'),
  },
  'plans.indices': {
    env: 'MASSIVE_PLAN_INDICES',
    describe: 'your Indices plan: auto (detect), none, basic (free), starter, advanced',
    parse: planSetting('plans.indices'),
  },
  flowMode: {
    env: 'MASSIVE_FLOW_MODE',
    describe: 'options flow source: window, firehose or off',
    parse: oneOf('flowMode', ['window', 'firehose', 'off'] as const),
  },
  flowMinPremium: {
    env: 'MASSIVE_FLOW_MIN_PREMIUM',
    describe: 'hide flow prints below this premium ($)',
    parse: positive('flowMinPremium'),
  },
  flowSweepWindowMs: {
    env: 'MASSIVE_FLOW_SWEEP_WINDOW_MS',
    describe: 'sweep detection window (ms)',
    parse: positive('flowSweepWindowMs', true),
  },
  flowBlockSize: {
    env: 'MASSIVE_FLOW_BLOCK_SIZE',
    describe: 'contracts in one print that make a block',
    parse: positive('flowBlockSize', true),
  },
  theme: {
    env: 'MASSIVE_THEME',
    describe: 'dark, light or mono',
    parse: oneOf('theme', ['dark', 'light', 'mono'] as const),
  },
  renderer: {
    env: 'MASSIVE_RENDERER',
    describe: "cached (fast, default) or ink (Ink's own output stage)",
    parse: oneOf('renderer', ['cached', 'ink'] as const),
  },
  frameMs: { env: 'MASSIVE_FRAME_MS', describe: 'screen refresh period (ms)', parse: positive('frameMs', true) },
  restRatePerSec: {
    env: 'MASSIVE_REST_RATE',
    describe: 'paid plans: REST requests per second the proxy allows',
    parse: positive('restRatePerSec'),
  },
  alerts: {
    env: 'MASSIVE_ALERTS',
    describe: 'alert rules, e.g. "SPY>600;flow.premium>1000000"',
    parse: (t) =>
      t
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean),
  },
  planRiskPerTrade: {
    env: 'MASSIVE_PLAN_RISK_PER_TRADE',
    describe: '`massive plan`: dollars risked to the stop when --risk is not given',
    parse: positive('planRiskPerTrade'),
  },
  planAtrScalp: {
    env: 'MASSIVE_PLAN_ATR_SCALP',
    describe: 'scalp (≤ 2 DTE) daily-ATR multiples: target1 target2 stop',
    parse: atrMultiples('planAtrScalp'),
  },
  planAtrDay: {
    env: 'MASSIVE_PLAN_ATR_DAY',
    describe: 'day (≤ 14 DTE) daily-ATR multiples: target1 target2 stop',
    parse: atrMultiples('planAtrDay'),
  },
  planAtrSwing: {
    env: 'MASSIVE_PLAN_ATR_SWING',
    describe: 'swing (≤ 60 DTE) daily-ATR multiples: target1 target2 stop',
    parse: atrMultiples('planAtrSwing'),
  },
  planAtrPosition: {
    env: 'MASSIVE_PLAN_ATR_POSITION',
    describe: 'position (> 60 DTE) daily-ATR multiples: target1 target2 stop',
    parse: atrMultiples('planAtrPosition'),
  },
  planHoldDays: {
    env: 'MASSIVE_PLAN_HOLD_DAYS',
    describe: 'days held (theta charged) for scalp day swing position',
    parse: numbers('planHoldDays', 4, 'four day counts "scalp day swing position", e.g. "0.05 0.25 3 10"'),
  },
  planGradeSpreadPct: {
    env: 'MASSIVE_PLAN_GRADE_SPREAD_PCT',
    describe: 'grade A B C: spread % of mid at most (beyond the last: D)',
    parse: numbers('planGradeSpreadPct', 3, 'three rising percentages, e.g. "3 8 15"', (a, b) => a <= b),
  },
  planGradeVolume: {
    env: 'MASSIVE_PLAN_GRADE_VOLUME',
    describe: 'grade A B C: day volume at least (below the last: D)',
    parse: numbers('planGradeVolume', 3, 'three falling counts, e.g. "1000 100 10"', (a, b) => a >= b),
  },
  planGradeOi: {
    env: 'MASSIVE_PLAN_GRADE_OI',
    describe: 'grade A B C: open interest at least (below the last: D)',
    parse: numbers('planGradeOi', 3, 'three falling counts, e.g. "5000 1000 100"', (a, b) => a >= b),
  },
  proxyMaxConnections: {
    env: 'MASSIVE_PROXY_MAX_CONNECTIONS',
    describe: 'proxy: WebSocket sessions in total (beyond: HTTP 503 on the upgrade)',
    parse: atLeastOne('proxyMaxConnections'),
  },
  proxyMaxConnectionsPerClient: {
    env: 'MASSIVE_PROXY_MAX_CONNECTIONS_PER_CLIENT',
    describe: 'proxy: WebSocket sessions per client (beyond: max_connections, close 1008)',
    parse: atLeastOne('proxyMaxConnectionsPerClient'),
  },
  proxyMaxUnauthenticated: {
    env: 'MASSIVE_PROXY_MAX_UNAUTHENTICATED',
    describe: 'proxy: sessions waiting for auth (beyond: the oldest is closed, 1008)',
    parse: atLeastOne('proxyMaxUnauthenticated'),
  },
  proxyMaxSubscriptionsPerClient: {
    env: 'MASSIVE_PROXY_MAX_SUBSCRIPTIONS_PER_CLIENT',
    describe: 'proxy: topics and flows per client (beyond: max_subscriptions)',
    parse: atLeastOne('proxyMaxSubscriptionsPerClient'),
  },
  proxyMaxFrameBytes: {
    env: 'MASSIVE_PROXY_MAX_FRAME_BYTES',
    describe: 'proxy: largest frame a client may send (beyond: close 1009)',
    parse: atLeastOne('proxyMaxFrameBytes'),
  },
  proxyMaxMessagesPerSecond: {
    env: 'MASSIVE_PROXY_MAX_MESSAGES_PER_SEC',
    describe: 'proxy: messages per second per WebSocket (beyond: max_messages, close 1008)',
    parse: atLeastOne('proxyMaxMessagesPerSecond'),
  },
  proxyHeadersTimeoutMs: {
    env: 'MASSIVE_PROXY_HEADERS_TIMEOUT_MS',
    describe: 'proxy: time to send the request headers (beyond: HTTP 408)',
    parse: atLeastOne('proxyHeadersTimeoutMs'),
  },
  proxyRequestTimeoutMs: {
    env: 'MASSIVE_PROXY_REQUEST_TIMEOUT_MS',
    describe: 'proxy: time to send the whole request (beyond: HTTP 408)',
    parse: atLeastOne('proxyRequestTimeoutMs'),
  },
  proxyMaxHeaderBytes: {
    env: 'MASSIVE_PROXY_MAX_HEADER_BYTES',
    describe: 'proxy: request header size (beyond: HTTP 431)',
    parse: atLeastOne('proxyMaxHeaderBytes'),
  },
  proxyMaxBodyBytes: {
    env: 'MASSIVE_PROXY_MAX_BODY_BYTES',
    describe: 'proxy: request body size (beyond: HTTP 413)',
    parse: atLeastOne('proxyMaxBodyBytes'),
  },
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
  renderer: 'cached',
  frameMs: 100,
  restRatePerSec: 20,
  alerts: [],
  planRiskPerTrade: 500,
  planAtrScalp: [0.25, 0.5, 0.2],
  planAtrDay: [0.4, 0.8, 0.25],
  planAtrSwing: [0.8, 1.5, 0.4],
  planAtrPosition: [1, 2, 0.5],
  planHoldDays: [0.05, 0.25, 3, 10],
  planGradeSpreadPct: [3, 8, 15],
  planGradeVolume: [1000, 100, 10],
  planGradeOi: [5000, 1000, 100],
  proxyMaxConnections: 2_048,
  proxyMaxConnectionsPerClient: 64,
  proxyMaxUnauthenticated: 1_024,
  proxyMaxSubscriptionsPerClient: 5_000,
  proxyMaxFrameBytes: 262_144,
  proxyMaxMessagesPerSecond: 100,
  proxyHeadersTimeoutMs: 10_000,
  proxyRequestTimeoutMs: 30_000,
  proxyMaxHeaderBytes: 16_384,
  proxyMaxBodyBytes: 65_536,
};

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}
