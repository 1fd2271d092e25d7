/**
 * `massive doctor`, the shell half: reads what the checks need from the disk, the environment,
 * the running daemon and the terminal. Every source is a dependency with a default, so tests give
 * it a temporary config directory, a made-up Node version or terminal, and a real daemon.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { supportsColor } from 'chalk';
import { configDir, openConfigFile, resolveSettings, settingsFromEnv } from '../config/index.js';
import { ASSET_CLASSES, type AssetClass } from '../massive/entitlements.js';
import { fetchDaemonStatus, findDaemon, readDaemonInfo } from '../proxy/index.js';
import { upstreamBases, DEFAULT_API_BASE, DEFAULT_WS_BASE } from './backend.js';
import type { DoctorFacts } from './doctor.js';

export interface DoctorDeps {
  readonly env: NodeJS.ProcessEnv;
  /** @default process.version */
  readonly nodeVersion?: string;
  /** The terminal doctor reports on. @default process.stdout */
  readonly stdout?: Pick<NodeJS.WriteStream, 'isTTY' | 'columns' | 'rows'>;
  /** @default chalk's reading of stdout (0–3) */
  readonly colorLevel?: number;
  readonly now?: () => number;
}

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** The major version `engines.node` asks for (`>=20` → 20), read from the shipped package.json. */
export function requiredNodeMajor(): number {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      engines?: { node?: string };
    };
    return Number(/(\d+)/.exec(pkg.engines?.node ?? '')?.[1] ?? 20);
  } catch {
    return 20;
  }
}

/** Whether a key is set and where, without keeping it; `unreadable` when the file is refused. */
function keySource(env: NodeJS.ProcessEnv): DoctorFacts['key'] {
  if (settingsFromEnv({ MASSIVE_API_KEY: env.MASSIVE_API_KEY }).apiKey) return 'env';
  try {
    const stored = openConfigFile(env).read().apiKey;
    return typeof stored === 'string' && stored.trim() !== '' ? 'file' : 'none';
  } catch {
    return 'unreadable';
  }
}

function configFacts(env: NodeJS.ProcessEnv): DoctorFacts['config'] {
  const dir = configDir(env);
  const file = join(dir, 'config.json');
  const dirMode = modeOf(dir);
  const fileMode = modeOf(file);
  let fileError: string | undefined;
  if (fileMode !== undefined) {
    try {
      JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      fileError = error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message;
    }
  }
  return {
    dir,
    file,
    ...(dirMode !== undefined ? { dirMode } : {}),
    ...(fileMode !== undefined ? { fileMode } : {}),
    ...(fileError ? { fileError } : {}),
  };
}

function settingsQuietly(env: NodeJS.ProcessEnv): { plans: Record<AssetClass, string>; theme: string } {
  try {
    const { settings } = resolveSettings({}, env);
    return {
      plans: {
        stocks: settings['plans.stocks'],
        options: settings['plans.options'],
        indices: settings['plans.indices'],
      },
      theme: settings.theme,
    };
  } catch {
    // A refused or broken config file is reported by the config check; show the defaults here.
    return {
      plans: Object.fromEntries(ASSET_CLASSES.map((a) => [a, 'auto'])) as Record<AssetClass, string>,
      theme: 'dark',
    };
  }
}

async function daemonFacts(env: NodeJS.ProcessEnv): Promise<DoctorFacts['daemon']> {
  const dir = configDir(env);
  let found: Awaited<ReturnType<typeof findDaemon>>;
  try {
    found = await findDaemon(dir);
  } catch (error) {
    // A daemon whose certificate this machine does not trust is a finding, not the end of doctor.
    const info = readDaemonInfo(dir);
    if (!info) throw error;
    const { pid, httpUrl, startedAt, demo, apiBase, wsBase } = info;
    return { pid, httpUrl, startedAt, demo, apiBase, wsBase, statusError: (error as Error).message };
  }
  if (!found) return undefined;
  const { pid, httpUrl, startedAt, demo, apiBase, wsBase } = found.info;
  const base = { pid, httpUrl, startedAt, demo, apiBase, wsBase };
  try {
    return { ...base, status: await fetchDaemonStatus(found) };
  } catch (error) {
    return { ...base, statusError: (error as Error).message };
  }
}

export async function gatherFacts(deps: DoctorDeps, demo: boolean): Promise<DoctorFacts> {
  const env = deps.env;
  const bases = upstreamBases(env);
  const out = deps.stdout ?? process.stdout;
  const { plans, theme } = settingsQuietly(env);
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    node: deps.nodeVersion ?? process.version,
    nodeMajorRequired: requiredNodeMajor(),
    demo,
    config: configFacts(env),
    key: keySource(env),
    upstream: {
      apiBase: bases.apiBase,
      wsBase: bases.wsBase,
      custom: bases.apiBase !== DEFAULT_API_BASE || bases.wsBase !== DEFAULT_WS_BASE,
    },
    daemon: await daemonFacts(env),
    plans,
    terminal: {
      isTTY: out.isTTY === true,
      ...(out.columns ? { columns: out.columns } : {}),
      ...(out.rows ? { rows: out.rows } : {}),
      colorLevel: deps.colorLevel ?? (supportsColor ? supportsColor.level : 0),
      noColor,
      theme,
    },
    now: (deps.now ?? Date.now)(),
  };
}
