import type { Cluster } from '../massive/events.js';
import type { DownstreamStats } from './downstream.js';
import type { FlowStatus } from './flow-manager.js';
import type { LimitBook } from './limits.js';
import type { ProxyStatus } from './proxy-types.js';
import type { RestGateway } from './rest-gateway.js';
import type { HubStatus } from './ws-hub.js';

/** Everything `massive status` reports on, read at the moment it asks. */
export interface StatusSources {
  readonly httpUrl: string;
  readonly tls: boolean;
  readonly gateway: Pick<RestGateway, 'stats'>;
  readonly hubs: ReadonlyMap<Cluster, { status(): HubStatus }>;
  readonly feeds: { readonly keyRejected: boolean };
  readonly clients: { stats(): DownstreamStats[] };
  readonly flow: { status(): FlowStatus } | undefined;
  readonly book: Pick<LimitBook, 'limits' | 'refused'>;
}

/** The proxy's status (`/_proxy/status`, `massive status`): one snapshot of every part. */
export function buildStatus(s: StatusSources): ProxyStatus {
  const rest = s.gateway.stats();
  const upstreams = {} as Record<Cluster, HubStatus>;
  const entitlements = {} as ProxyStatus['entitlements'];
  for (const [c, hub] of s.hubs) {
    const st = hub.status();
    upstreams[c] = st;
    entitlements[c] = {
      ...(st.entitlement ? { entitlement: st.entitlement } : {}),
      ...(st.host ? { host: st.host } : {}),
      authAttempts: st.authAttempts,
    };
  }
  return {
    httpUrl: s.httpUrl,
    wsUrl: s.httpUrl.replace(/^http/, 'ws'),
    upstreams,
    entitlements,
    keyRejected: s.feeds.keyRejected,
    clients: s.clients.stats(),
    rest,
    flow: s.flow?.status() ?? { mode: 'off', underlyings: {} },
    quota: {
      used: rest.quota.used,
      left: rest.quota.left,
      limit: rest.quota.limit,
      intervalMs: rest.quota.intervalMs,
    },
    tls: s.tls,
    limits: s.book.limits,
    refused: s.book.refused(),
  };
}
