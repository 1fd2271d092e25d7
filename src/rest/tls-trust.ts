import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';

/**
 * Certificates a client trusts for one proxy origin (`host:port`), beside the system roots: the
 * self-signed certificate a `massive proxy --tls-cert` daemon records in its discovery file, or
 * `MASSIVE_PROXY_CA`. Scoped to that origin so nothing else this process talks to (Massive
 * itself, from an in-process proxy) trusts more than the system roots.
 */
const trusted = new Map<string, { readonly ca: readonly string[]; agent?: Agent }>();

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'wss:') return undefined;
    return `${u.hostname}:${u.port || '443'}`;
  } catch {
    return undefined;
  }
}

/** Trusts `pem` (one or more certificates) for `url`'s origin, for REST and WebSocket alike. */
export function trustCertificate(url: string, pem: string): void {
  const origin = originOf(url);
  if (!origin) return;
  const old = trusted.get(origin);
  if (old?.ca.includes(pem)) return;
  void old?.agent?.close();
  trusted.set(origin, { ca: [...(old?.ca ?? rootCertificates), pem] });
}

/** `ca` for a `ws` or `tls` client connecting to `url`; undefined: the system roots. */
export function tlsTrustFor(url: string): { readonly ca: string[] } | undefined {
  const t = trusted.get(originOf(url) ?? '');
  return t ? { ca: [...t.ca] } : undefined;
}

/** An undici dispatcher trusting what `url`'s origin was given; undefined: the default one. */
export function dispatcherFor(url: string): Dispatcher | undefined {
  const t = trusted.get(originOf(url) ?? '');
  if (!t) return undefined;
  t.agent ??= new Agent({ connect: { ca: [...t.ca] } });
  return t.agent;
}
