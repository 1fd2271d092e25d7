import { readFileSync, rmSync } from 'node:fs';
import { MassiveError } from '../lib/errors.js';
import { dispatcherFor, trustCertificate } from '../rest/tls-trust.js';
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
  /**
   * Served over TLS (`--tls-cert`): the certificate chain (public, PEM) clients trust for this
   * daemon's address only, and its SHA-256 fingerprint to compare by eye. Recording the PEM, not
   * a path, keeps the file whole when it is copied to another desk machine.
   */
  readonly tls?: { readonly cert: string; readonly fingerprint256: string };
}

export function writeDaemonInfo(dir: string, info: DaemonInfo): string {
  const file = join(dir, DAEMON_FILE);
  writePrivateFile(file, `${JSON.stringify(info)}\n`);
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
  const loopback = /^https?:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/.test(v.httpUrl);
  const address = v.remote === true && /^https?:\/\/(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):\d+$/.test(v.httpUrl);
  if (!loopback && !address) return undefined;
  if (v.tls !== undefined && (typeof v.tls.cert !== 'string' || typeof v.tls.fingerprint256 !== 'string'))
    return undefined;
  // A file copied from the desk's proxy machine names a pid over there: findDaemon's request is the proof.
  if (!address && !isAlive(v.pid)) return undefined;
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

/**
 * What a client trusts for a TLS daemon: the CA file `MASSIVE_PROXY_CA` names (a desk's own CA,
 * or the proxy's certificate itself), else the certificate the daemon recorded. Throws CONFIG
 * for an unreadable MASSIVE_PROXY_CA: a wrong path must not look like "no proxy running".
 */
function trustDaemon(info: DaemonInfo, caFile: string | undefined): void {
  if (!info.httpUrl.startsWith('https:')) return;
  let pem = info.tls?.cert;
  if (caFile) {
    try {
      pem = readFileSync(caFile, 'utf8');
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new MassiveError('CONFIG', `MASSIVE_PROXY_CA ${caFile}: cannot read it (${why})`);
    }
  }
  if (!pem) return;
  trustCertificate(info.httpUrl, pem);
  trustCertificate(info.wsUrl, pem);
}

/**
 * Reads the file and proves the daemon answers with our secret; stale files yield undefined.
 * A TLS daemon's certificate is trusted (for its address only) from here on, by this process's
 * REST and WebSocket clients too.
 */
export async function findDaemon(
  dir: string,
  options: { timeoutMs?: number; clock?: Clock; caFile?: string } = {},
): Promise<FoundDaemon | undefined> {
  const info = readDaemonInfo(dir);
  if (!info) return undefined;
  trustDaemon(info, options.caFile ?? (process.env.MASSIVE_PROXY_CA?.trim() || undefined));
  const tokens = daemonTokenIssuer(info, options.clock);
  try {
    const res = await request(`${info.httpUrl}/_proxy/status`, {
      headers: { authorization: `Bearer ${tokens.issue('discovery', 30_000)}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 1_000),
      dispatcher: dispatcherFor(info.httpUrl),
    });
    await res.body.dump();
    return res.statusCode === 200 ? { info, tokens } : undefined;
  } catch (err) {
    // A daemon that answers with a certificate we do not trust is there: say so, not "none running".
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (CERT_ERRORS.has(code))
      throw new MassiveError(
        'CONFIG',
        `the proxy at ${info.httpUrl} presented a certificate this machine does not trust (${code}); ` +
          'set MASSIVE_PROXY_CA to its certificate (or the CA that signed it)',
      );
    return undefined;
  }
}

const CERT_ERRORS: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

/** The daemon's `/_proxy/status`: upstreams, refcounts, clients, flow and quota. */
export async function fetchDaemonStatus(found: FoundDaemon, timeoutMs = 5_000): Promise<ProxyStatus> {
  const res = await request(`${found.info.httpUrl}/_proxy/status`, {
    headers: { authorization: `Bearer ${found.tokens.issue('status', 30_000)}` },
    signal: AbortSignal.timeout(timeoutMs),
    dispatcher: dispatcherFor(found.info.httpUrl),
  });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`the proxy answered its status request with HTTP ${res.statusCode}`);
  }
  return (await res.body.json()) as ProxyStatus;
}
