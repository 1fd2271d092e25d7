/**
 * `massive doctor`, the pure half: facts gathered by doctor-facts.ts in, one check per concern
 * out, each with what to do when it is a problem. Nothing here touches the disk, the network or
 * the terminal, so every problem is a table row in the tests.
 */
import { ASSET_CLASSES, feedLabel, type AssetClass, type Entitlement } from '../massive/entitlements.js';
import type { ProxyStatus } from '../proxy/index.js';
import { daemonMismatch } from './doctor-daemon.js';

/** `problem` makes `doctor` exit 1; `info` is worth knowing but nothing to fix. */
export type CheckStatus = 'ok' | 'info' | 'problem';

export interface Check {
  readonly id: 'node' | 'config' | 'key' | 'upstream' | 'proxy' | 'feeds' | 'quota' | 'terminal';
  readonly status: CheckStatus;
  /** One line: what was found. */
  readonly detail: string;
  /** What to do, for a problem (and for some infos). */
  readonly fix?: string;
  /** Further lines, e.g. one per upstream connection or asset class. */
  readonly lines?: readonly string[];
}

export interface DoctorFacts {
  /** Node's version (`process.version`), injectable so tests can play an old runtime. */
  readonly node: string;
  /** The lowest major Node version package.json's `engines` accepts. */
  readonly nodeMajorRequired: number;
  /** Whether doctor judges the setup for `--demo` (no key needed, a demo daemon is right). */
  readonly demo: boolean;
  readonly config: {
    readonly dir: string;
    readonly file: string;
    /** Permission bits, when the path exists (and the platform has them). */
    readonly dirMode?: number;
    readonly fileMode?: number;
    /** Why the file could not be read as settings (not JSON, unreadable). */
    readonly fileError?: string;
  };
  /** Where a key is set, never the key; `unreadable` when the config file could not be read. */
  readonly key: 'env' | 'file' | 'none' | 'unreadable';
  readonly upstream: { readonly apiBase: string; readonly wsBase: string; readonly custom: boolean };
  readonly daemon?: {
    readonly pid: number;
    readonly httpUrl: string;
    readonly startedAt: number;
    readonly demo: boolean;
    readonly apiBase: string;
    readonly wsBase: string;
    readonly status?: ProxyStatus;
    readonly statusError?: string;
  };
  readonly plans: Readonly<Record<AssetClass, string>>;
  readonly terminal: {
    readonly isTTY: boolean;
    readonly columns?: number;
    readonly rows?: number;
    /** 0 none, 1 16 colours, 2 256, 3 truecolor (chalk's reading of stdout). */
    readonly colorLevel: number;
    readonly noColor: boolean;
    readonly theme: string;
  };
  readonly now: number;
}

/** Below this the dashboard drops columns and stacks its panels (it still works). */
export const COMFORTABLE = { columns: 100, rows: 24 } as const;

type Extra = Partial<Pick<Check, 'fix' | 'lines'>>;
const ok = (id: Check['id'], detail: string, extra: Extra = {}): Check => ({ id, status: 'ok', detail, ...extra });
const info = (id: Check['id'], detail: string, extra: Extra = {}): Check => ({ id, status: 'info', detail, ...extra });
const problem = (id: Check['id'], detail: string, fix: string, extra: Extra = {}): Check => ({
  id,
  status: 'problem',
  detail,
  fix,
  ...extra,
});

const mode = (m: number | undefined) => (m === undefined ? '?' : (m & 0o777).toString(8));
const othersCanRead = (m: number | undefined) => m !== undefined && (m & 0o077) !== 0;

export function checkNode(f: Pick<DoctorFacts, 'node' | 'nodeMajorRequired'>): Check {
  const need = f.nodeMajorRequired;
  const major = Number(/^v?(\d+)/.exec(f.node)?.[1] ?? NaN);
  if (Number.isFinite(major) && major >= need) return ok('node', `${f.node} (needs ${need} or newer)`);
  return problem(
    'node',
    `${f.node} is too old: massive needs Node.js ${need} or newer`,
    `install Node.js ${need} or newer (https://nodejs.org, or \`nvm install ${need}\`), then reinstall massive`,
  );
}

export function checkConfig(f: Pick<DoctorFacts, 'config'>): Check {
  const c = f.config;
  // The same rule openConfigFile enforces: a file that may hold the key must be the user's alone.
  if (othersCanRead(c.dirMode)) {
    return problem(
      'config',
      `${c.dir} is readable by other users (mode ${mode(c.dirMode)}); massive refuses it`,
      `chmod 700 '${c.dir}'`,
    );
  }
  if (othersCanRead(c.fileMode)) {
    return problem(
      'config',
      `${c.file} is readable by other users (mode ${mode(c.fileMode)}); massive refuses it`,
      `chmod 600 '${c.file}'`,
    );
  }
  if (c.fileError) {
    return problem(
      'config',
      `${c.file} cannot be read: ${c.fileError}`,
      'fix the file, or move it away and set your settings again with `massive config set`',
    );
  }
  if (c.fileMode === undefined) return ok('config', `no config file yet (${c.file}); defaults and MASSIVE_* apply`);
  return ok('config', `${c.file} (mode ${mode(c.fileMode)}, directory ${mode(c.dirMode)})`);
}

/** A daemon that would serve this client holds its own key: none is needed here then. */
function usableDaemon(f: Pick<DoctorFacts, 'daemon' | 'demo' | 'upstream'>): boolean {
  return f.daemon !== undefined && daemonMismatch(f.daemon, { demo: f.demo, ...f.upstream }) === undefined;
}

export function checkKey(f: Pick<DoctorFacts, 'key' | 'daemon' | 'demo' | 'upstream'>): Check {
  switch (f.key) {
    case 'env':
      return ok('key', 'set (MASSIVE_API_KEY)');
    case 'file':
      return ok('key', 'set (config file)');
    case 'unreadable':
      return problem('key', 'unknown: the config file cannot be read', 'fix the config file first (see config)');
    case 'none':
      if (f.demo) return ok('key', 'not set (not needed with --demo)');
      if (usableDaemon(f)) return ok('key', 'not set here; the running proxy holds one');
      return problem(
        'key',
        'not set: `massive watch` needs a key (or --demo)',
        'set MASSIVE_API_KEY or run `massive config set apiKey`; or try the simulator with `massive watch --demo`',
      );
  }
}

export function checkUpstream(f: Pick<DoctorFacts, 'upstream' | 'demo'>): Check {
  if (f.demo) return ok('upstream', 'the embedded simulator (--demo)');
  const where = `${f.upstream.apiBase} and ${f.upstream.wsBase}`;
  return ok('upstream', f.upstream.custom ? `${where} (from MASSIVE_API_BASE / MASSIVE_WS_BASE)` : `Massive: ${where}`);
}

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  return s < 3600 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** One line per upstream connection of the daemon: state, last error, clients, topics. */
function upstreamLines(st: ProxyStatus): string[] {
  return Object.values(st.upstreams).map((h) => {
    const u = h.upstream;
    const error = u.lastError ? ` (${u.lastError})` : '';
    return `${h.cluster.padEnd(8)} ${u.state}${error}, ${h.clients} clients, ${Object.keys(h.subscriptions).length} topics`;
  });
}

export function checkProxy(f: Pick<DoctorFacts, 'daemon' | 'demo' | 'upstream' | 'now'>): Check {
  const d = f.daemon;
  if (!d) {
    return info('proxy', 'no massive proxy daemon running: each `massive watch` runs its own proxy', {
      fix: 'to share one connection between terminals, start `massive proxy` (or `massive proxy --demo`)',
    });
  }
  const restart = `kill ${d.pid}, then \`massive proxy\``;
  const head = `pid ${d.pid} at ${d.httpUrl}, up ${duration(f.now - d.startedAt)}${d.demo ? ', demo (simulated data)' : `, upstream ${d.apiBase}`}`;
  const mismatch = daemonMismatch(d, { demo: f.demo, ...f.upstream });
  // A real daemon next to --demo is fine (demo starts its own simulator); the others are crossed wires.
  if (mismatch && mismatch.kind !== 'real-daemon-for-demo') {
    const fix = mismatch.kind === 'demo-daemon' ? `${mismatch.fix}; or stop it (kill ${d.pid})` : mismatch.fix;
    return problem('proxy', `${head}; ${mismatch.found}`, fix);
  }
  if (d.statusError || !d.status) {
    return problem(
      'proxy',
      `${head}; its status could not be read: ${d.statusError ?? 'no answer'}`,
      `restart it: ${restart}`,
    );
  }
  const lines = upstreamLines(d.status);
  const failed = Object.values(d.status.upstreams).filter((h) => h.upstream.state === 'auth_failed');
  if (failed.length > 0) {
    const fix = `see the reason above; \`massive status\` has details, and restarting the proxy (${restart}) retries`;
    return problem('proxy', `${head}; upstream ${failed.map((h) => h.cluster).join(', ')} failed`, fix, { lines });
  }
  return ok('proxy', head, { ...(mismatch ? { fix: mismatch.message } : {}), lines });
}

/** What a feed lets the screen show, in a trader's words. */
export function allows(e: Entitlement): string {
  const stream = e.channels.length > 0 ? `stream ${e.channels.join(',')}` : 'no stream';
  const rest =
    e.recency === 'eod' ? 'REST end of day' : `REST ${e.recency === 'realtime' ? 'real-time' : 'delayed 15m'}`;
  return `${stream}; ${rest}${e.snapshots ? ', snapshots' : ''}${e.restQuotes ? ', bid/ask' : ''}`;
}

export function checkFeeds(f: Pick<DoctorFacts, 'daemon' | 'plans'>): Check {
  const st = f.daemon?.status;
  if (!st) {
    const plans = ASSET_CLASSES.map((a) => `${a} ${f.plans[a]}`).join(' · ');
    return info('feeds', `detected by a running proxy only; plans.* settings: ${plans}`);
  }
  if (st.keyRejected) {
    return problem(
      'feeds',
      'Massive rejected the API key',
      'fix MASSIVE_API_KEY or run `massive config set apiKey`, then restart the proxy',
    );
  }
  const lines = ASSET_CLASSES.map((a) => {
    const e = st.entitlements?.[a]?.entitlement;
    return `${a.padEnd(8)} ${e ? `${feedLabel(e.feed)}: ${allows(e)} (${e.source})` : '? (not used yet)'}`;
  });
  const known = ASSET_CLASSES.filter((a) => st.entitlements?.[a]?.entitlement);
  return ok('feeds', `${known.length} of ${ASSET_CLASSES.length} asset classes known`, { lines });
}

export function checkQuota(f: Pick<DoctorFacts, 'daemon'>): Check {
  const q = f.daemon?.status?.quota;
  if (!q) return info('quota', 'shown by a running proxy only');
  const per = q.intervalMs === 1000 ? 's' : q.intervalMs === 60_000 ? 'min' : `${q.intervalMs} ms`;
  const detail = `${q.left} of ${q.limit} left per ${per}`;
  // A spent window refills by itself: worth a word, not a failing exit status.
  if (q.left > 0) return ok('quota', detail);
  return info('quota', `${detail}: spent for this window`, {
    fix: 'it refills by itself; a free key gets 5 requests a minute',
  });
}

const COLOUR_LEVELS = ['no colour', '16 colours', '256 colours', 'truecolor'];

export function checkTerminal(f: Pick<DoctorFacts, 'terminal'>): Check {
  const t = f.terminal;
  const colour = t.noColor
    ? 'no colour (NO_COLOR)'
    : t.theme === 'mono'
      ? 'no colour (theme mono)'
      : (COLOUR_LEVELS[t.colorLevel] ?? 'colour');
  if (!t.isTTY) return info('terminal', `not a terminal (output is piped): \`watch\` writes NDJSON here; ${colour}`);
  const small = (t.columns ?? 0) < COMFORTABLE.columns || (t.rows ?? 0) < COMFORTABLE.rows;
  const fix = `below ${COMFORTABLE.columns}×${COMFORTABLE.rows} the dashboard drops columns; enlarge the window for all of them`;
  return ok('terminal', `${t.columns ?? '?'}×${t.rows ?? '?'}, ${colour}, theme ${t.theme}`, small ? { fix } : {});
}

/** Every check, in the order the screen shows them. */
export function diagnose(f: DoctorFacts): Check[] {
  const checks = [checkNode, checkConfig, checkKey, checkUpstream, checkProxy, checkFeeds, checkQuota, checkTerminal];
  return checks.map((check) => check(f));
}
