import type { IncomingMessage } from 'node:http';

/**
 * Request screening shared by the HTTP gateway and WebSocket upgrades. The proxy holds the
 * account's key, so anything a browser could reach is refused: a non-loopback Host header means
 * DNS rebinding, and any Origin header means a web page is talking to us.
 */
export type Rejection = { readonly status: 403; readonly reason: string };

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** `127.0.0.1:8080` → true; `evil.com` → false; a missing Host is refused (HTTP/1.1 requires it). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  let name: string;
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0) return false;
    name = h.slice(0, end + 1);
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return false;
  } else {
    const parts = h.split(':');
    if (parts.length > 2) return false;
    name = parts[0] ?? '';
    if (parts.length === 2 && !/^\d{1,5}$/.test(parts[1] ?? '')) return false;
  }
  return LOOPBACK_HOSTS.has(name);
}

/**
 * `10.0.0.5:8080` or `[fe80::1]:80` → true: an address, not a name. DNS rebinding needs a name the
 * attacker controls, so a proxy opened to the network (`--allow-remote`) still refuses names.
 */
export function isIpLiteralHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return /^\[[0-9a-f:.]+\](:\d{1,5})?$/.test(h);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(:\d{1,5})?$/.exec(h);
  return m?.slice(1, 5).every((o) => Number(o) <= 255) === true;
}

export interface ScreenOptions {
  /** Also accept Host headers that are IP addresses (the proxy listens beyond loopback). */
  readonly allowRemote?: boolean;
}

export function screenRequest(
  req: Pick<IncomingMessage, 'headers'>,
  options: ScreenOptions = {},
): Rejection | undefined {
  if (req.headers.origin !== undefined) return { status: 403, reason: 'browser origins are not allowed' };
  const host = req.headers.host;
  if (isLoopbackHost(host) || (options.allowRemote === true && isIpLiteralHost(host))) return undefined;
  return { status: 403, reason: 'host is not loopback' };
}

/** The token from `Authorization: Bearer …` or `?apiKey=…`, where Massive takes the key. */
export function requestToken(req: Pick<IncomingMessage, 'headers'>, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const q = url.searchParams.get('apiKey');
  return q ?? undefined;
}
