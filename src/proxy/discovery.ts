import { readFileSync, rmSync } from 'node:fs';
import { writePrivateFile } from '../lib/private-file.js';
import { join } from 'node:path';
import { request } from 'undici';
import { systemClock, type Clock } from '../lib/clock.js';
import { registerSecret } from '../lib/redact.js';
import { createTokenIssuer, type TokenIssuer } from './tokens.js';
import type { ProxyStatus } from './server.js';

/**
 * How `watch`, `status` and `token` find a running `massive proxy` daemon: a `proxy.json` in the
 * (0700) config directory, written 0600, naming the daemon's URLs and its token HMAC secret.
 * Anyone who can read the file could read the API key next to it anyway, so holding the secret
 * lets a same-user process mint its own short-lived tokens without a token endpoint.
 */
export const DAEMON_FILE = 'proxy.json';

export interface DaemonInfo {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly pid: number;
  readonly startedAt: number;
  /** base64url HMAC key the daemon verifies tokens with. */
  readonly secret: string;
  /** In front of the embedded simulator (`massive proxy --demo`): synthetic data, no key. */
  readonly demo: boolean;
  /** Upstream REST and WS bases (not secret); a client only reuses a daemon with its own. */
  readonly apiBase: string;
  readonly wsBase: string;
  /** Listening beyond loopback (`--allow-remote`); its advertised URL may then be an IP address. */
  readonly remote?: boolean;
}

export function writeDaemonInfo(dir: string, info: DaemonInfo): string {
  const file = join(dir, DAEMON_FILE);
  writePrivateFile(file, JSON.stringify(info) + '\n');
  return file;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: someone else's process reusing the pid, so not our daemon either.
    return false;
  }
}

/** The advertised daemon, or undefined when there is none or its process is gone. */
export function readDaemonInfo(dir: string): DaemonInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(dir, DAEMON_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Partial<DaemonInfo>;
  if (typeof v.httpUrl !== 'string' || typeof v.wsUrl !== 'string' || typeof v.secret !== 'string') return undefined;
  if (typeof v.pid !== 'number' || typeof v.startedAt !== 'number') return undefined;
  if (typeof v.demo !== 'boolean' || typeof v.apiBase !== 'string' || typeof v.wsBase !== 'string') return undefined;
  // Tokens go wherever this file points, so only to loopback, or to an address the daemon bound.
  const loopback = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/.test(v.httpUrl);
  const address = v.remote === true && /^http:\/\/(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):\d+$/.test(v.httpUrl);
  if (!loopback && !address) return undefined;
  if (!isAlive(v.pid)) return undefined;
  registerSecret(v.secret);
  return v as DaemonInfo;
}

/** Removes the file if it still names `pid` (a newer daemon may have replaced it). */
export function removeDaemonInfo(dir: string, pid: number = process.pid): void {
  const file = join(dir, DAEMON_FILE);
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown };
    if (v.pid === pid) rmSync(file, { force: true });
  } catch {
    // Absent or unreadable: nothing of ours to remove.
  }
}

export function daemonTokenIssuer(info: DaemonInfo, clock: Clock = systemClock): TokenIssuer {
  return createTokenIssuer({ clock, secret: Buffer.from(info.secret, 'base64url') });
}

/** Same upstream bases, ignoring trailing slashes. */
export function sameUpstream(info: Pick<DaemonInfo, 'apiBase' | 'wsBase'>, apiBase: string, wsBase: string): boolean {
  const norm = (u: string) => u.trim().replace(/\/+$/, '');
  return norm(info.apiBase) === norm(apiBase) && norm(info.wsBase) === norm(wsBase);
}

export interface FoundDaemon {
  readonly info: DaemonInfo;
  readonly tokens: TokenIssuer;
}

/** Reads the file and proves the daemon answers with our secret; stale files yield undefined. */
export async function findDaemon(
  dir: string,
  options: { timeoutMs?: number; clock?: Clock } = {},
): Promise<FoundDaemon | undefined> {
  const info = readDaemonInfo(dir);
  if (!info) return undefined;
  const tokens = daemonTokenIssuer(info, options.clock);
  try {
    const res = await request(`${info.httpUrl}/_proxy/status`, {
      headers: { authorization: `Bearer ${tokens.issue('discovery', 30_000)}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 1_000),
    });
    await res.body.dump();
    return res.statusCode === 200 ? { info, tokens } : undefined;
  } catch {
    return undefined;
  }
}

/** The daemon's `/_proxy/status`: upstreams, refcounts, clients, flow and quota. */
export async function fetchDaemonStatus(found: FoundDaemon, timeoutMs = 5_000): Promise<ProxyStatus> {
  const res = await request(`${found.info.httpUrl}/_proxy/status`, {
    headers: { authorization: `Bearer ${found.tokens.issue('status', 30_000)}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`the proxy answered its status request with HTTP ${res.statusCode}`);
  }
  return (await res.body.json()) as ProxyStatus;
}
