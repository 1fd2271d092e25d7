import { createLogger } from '../lib/logger.js';
import { parsePlans, type KeyPlans } from '../massive/entitlements.js';
import { usageError } from './exit.js';
import { intOption } from './option-parsers.js';
import { untilSignal } from './signals.js';

export interface SimCliOptions {
  readonly port: string;
  readonly host: string;
  /**
   * `K` (every asset class on Advanced) or `K=stocks:starter,options:advanced` (a class left out is
   * not in the plan); repeatable, so commander may hand over one value or a list.
   */
  readonly key?: string | readonly string[];
  readonly seed: string;
  readonly speed: string;
  readonly at?: string;
  /** `profile:eventsPerSec`, e.g. `flat:100000`, `burst:20000`, `lull:5000`. */
  readonly load?: string;
  /** Forced reconnect of every socket after this many market minutes. */
  readonly reconnectEvery?: string;
}

const LOAD_PROFILES = ['flat', 'burst', 'lull'] as const;

/** Parses `--load flat:100000` (profile optional: `--load 100000` is flat). */
export function parseLoad(value: string): { profile: (typeof LOAD_PROFILES)[number]; eventsPerSec: number } {
  const m = /^(?:(flat|burst|lull):)?(\d+(?:\.\d+)?)$/.exec(value.trim());
  const rate = m ? Number(m[2]) : Number.NaN;
  if (!m || !(rate > 0 && rate <= 10_000_000)) {
    throw usageError(`--load: expected <flat|burst|lull>:<events per second>, got ${JSON.stringify(value)}`);
  }
  return { profile: (m[1] as (typeof LOAD_PROFILES)[number] | undefined) ?? 'flat', eventsPerSec: rate };
}

export const DEFAULT_SIM_KEY = 'demo-key';

/**
 * The keys `--key` gives: `K` alone is Advanced on every class (as before plans were per class),
 * `K=<plans>` takes parsePlans' syntax (`stocks:starter,options:advanced`, `all:developer`, `free`).
 * No `--key` at all: the demo key on Advanced. Throws a usage error for a bad spec.
 */
export function parseSimKeys(values: string | readonly string[] | undefined): Record<string, KeyPlans> {
  const list = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  if (list.length === 0) return { [DEFAULT_SIM_KEY]: { stocks: 'advanced', options: 'advanced', indices: 'advanced' } };
  const out: Record<string, KeyPlans> = {};
  for (const value of list) {
    const eq = value.indexOf('=');
    const key = (eq < 0 ? value : value.slice(0, eq)).trim();
    // The key is not echoed back: even a simulator's keys never reach output.
    if (key === '') throw usageError('--key: expected KEY or KEY=<class>:<level>,…, got an empty key');
    const parsed = parsePlans(eq < 0 ? 'all:advanced' : value.slice(eq + 1));
    if (!parsed.ok)
      throw usageError(
        `--key: ${parsed.reason}; expected KEY=<stocks|options|indices|all>:<basic|starter|developer|advanced>,…`,
      );
    if (Object.hasOwn(out, key)) throw usageError('--key: the same key is given twice');
    out[key] = parsed.plans;
  }
  return out;
}

function num(name: string, value: string, check: (n: number) => boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw usageError(`--${name}: invalid value ${JSON.stringify(value)}`);
  return n;
}

/** `massive sim`: serves the simulator until SIGINT/SIGTERM. */
export async function runSim(options: SimCliOptions): Promise<number> {
  const port = intOption('port', options.port, 9000, { max: 65535 });
  const seed = intOption('seed', options.seed, 7);
  const speed = num('speed', options.speed, (n) => n > 0 && n <= 10_000);
  if (options.at !== undefined && options.at !== 'now' && Number.isNaN(Date.parse(options.at)))
    throw usageError(`--at: not an ISO time: ${JSON.stringify(options.at)}`);
  const load = options.load !== undefined ? parseLoad(options.load) : undefined;
  const reconnectMinutes =
    options.reconnectEvery !== undefined ? num('reconnect-every', options.reconnectEvery, (n) => n > 0) : undefined;
  const keys = parseSimKeys(options.key);
  const keyCount = Object.keys(keys).length;
  const { startSimulator } = await import('../sim/index.js');
  const sim = await startSimulator({
    port,
    host: options.host,
    keys,
    seed,
    speed,
    ...(options.at ? { at: options.at } : {}),
    ...(load ? { load } : {}),
    logger: createLogger({ level: 'info', sink: 'stderr', scope: 'sim' }),
  });
  if (reconnectMinutes !== undefined) sim.faults.reconnectEvery(reconnectMinutes * 60_000);
  // The simulator's key is a test key, so printing whether it is the default is harmless; the
  // key itself is not echoed, to keep the habit that keys never reach output.
  process.stdout.write(
    `massive sim listening\n  REST      ${sim.httpUrl}\n  WebSocket ${sim.wsUrl}/stocks  /options  /indices\n` +
      `  key       ${options.key === undefined ? DEFAULT_SIM_KEY : keyCount === 1 ? '(the one given with --key)' : `(the ${keyCount} given with --key)`}\n` +
      `  market    ${new Date(sim.market.now()).toISOString()} at ${speed}x${load ? `, load ${load.profile} ${load.eventsPerSec} events/s on T.*` : ''}\n` +
      `  control   POST ${sim.httpUrl}/_sim/fault | /_sim/script | /_sim/load; GET /_sim/stats\n` +
      `Use it as upstream: MASSIVE_API_BASE=${sim.httpUrl} MASSIVE_WS_BASE=${sim.wsUrl} MASSIVE_API_KEY=... massive watch SPY\n`,
  );
  await untilSignal();
  await sim.close();
  return 0;
}
