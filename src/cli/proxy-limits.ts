import type { Settings } from '../config/index.js';
import type { ProxyLimits } from '../proxy/limits.js';

/** Which setting holds each proxy limit (README "Proxy limits"). */
const LIMIT_SETTINGS = {
  maxConnections: 'proxyMaxConnections',
  maxConnectionsPerClient: 'proxyMaxConnectionsPerClient',
  maxUnauthenticated: 'proxyMaxUnauthenticated',
  maxSubscriptionsPerClient: 'proxyMaxSubscriptionsPerClient',
  maxFrameBytes: 'proxyMaxFrameBytes',
  maxMessagesPerSecond: 'proxyMaxMessagesPerSecond',
  headersTimeoutMs: 'proxyHeadersTimeoutMs',
  requestTimeoutMs: 'proxyRequestTimeoutMs',
  maxHeaderBytes: 'proxyMaxHeaderBytes',
  maxBodyBytes: 'proxyMaxBodyBytes',
} as const satisfies Record<keyof ProxyLimits, keyof Settings>;

/** The `proxy*` settings; one that is absent keeps the proxy's default. */
export type ProxyLimitSettings = Partial<Pick<Settings, (typeof LIMIT_SETTINGS)[keyof ProxyLimits]>>;

/**
 * The proxy limits from the `proxy*` settings: the one mapping, for the daemon (`massive proxy`)
 * and for the proxy `watch`, `chain`, `levels` and `plan` start inside themselves alike.
 */
export function limitsFromSettings(s: ProxyLimitSettings): Partial<ProxyLimits> {
  const limits: Partial<Record<keyof ProxyLimits, number>> = {};
  for (const [limit, setting] of Object.entries(LIMIT_SETTINGS) as [keyof ProxyLimits, keyof ProxyLimitSettings][]) {
    const value = s[setting];
    if (value !== undefined) limits[limit] = value;
  }
  return limits;
}
