import type { Dispatcher } from 'undici';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Cluster } from '../massive/events.js';
import type { ReconnectSchedule } from './backoff.js';
import type { DownstreamStats } from './downstream.js';
import type { BackpressureLimits } from './slow-reader.js';
import type { QuotaOptions, RestGatewayStats } from './rest-gateway.js';
import type { HubStatus } from './ws-hub.js';
import type { FlowStatus } from './flow-manager.js';
import type { FlowMode } from '../massive/client-messages.js';
import type { Entitlement } from '../massive/entitlements.js';
import type { PlanSetting, WsHost } from './feed-detector.js';
import type { ProxyLimits, RefusedCounts } from './limits.js';
import type { ProxyTls } from './tls.js';

/** The proxy's options, status and handle; `startProxy` (server.ts) is the implementation. */
export interface ProxyOptions {
  /** The account's key; held here only, never sent downstream. */
  readonly apiKey: string;
  /** Upstream REST origin, e.g. `https://api.massive.com`. */
  readonly apiBase: string;
  /** Upstream real-time WS base, e.g. `wss://socket.massive.com` (`/stocks` etc. are appended). */
  readonly wsBase: string;
  /**
   * Upstream 15-minute delayed WS base, e.g. `wss://delayed.massive.com`.
   * @default `${wsBase}/delayed` (the simulator's layout)
   */
  readonly wsDelayedBase?: string;
  /** What the key has per asset class; `auto` detects it (feed-detector.ts). @default auto for each */
  readonly plans?: Readonly<Partial<Record<Cluster, PlanSetting>>>;
  /** Where detected entitlements are cached for this key (entitlement-cache.ts); none when absent. */
  readonly entitlementCachePath?: string;
  /** A class found without a stream is probed again after this long. @default 3_600_000 */
  readonly reprobeMs?: number;
  /** @default 0 (ephemeral) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Permits a non-loopback `host` (e.g. `0.0.0.0`) and Host headers that are IP addresses.
   * Tokens then are the only protection, over plain HTTP. @default false
   */
  readonly allowRemote?: boolean;
  /** Options flow by underlying (`FLOW.<u>` on /options, see flow.ts). @default 'window' */
  readonly flow?: FlowMode;
  /** Tuning of the window mode; `quoteCap` also bounds it. */
  readonly flowWindow?: {
    readonly refreshMs?: number;
    readonly bandPct?: number;
    readonly expiries?: number;
    readonly windowSize?: number;
    readonly quoteCap?: number;
  };
  /** A session is told this long before its token expires to re-send auth. @default 60_000 */
  readonly expiryNoticeMs?: number;
  /** @default 300_000 */
  readonly tokenTtlMs?: number;
  /** HMAC key for tokens. @default 32 random bytes */
  readonly secret?: Buffer;
  /** Close an upstream with no subscriptions after this. @default 30_000 */
  readonly idleGraceMs?: number;
  /** Upstream and downstream ping interval. @default 25_000 */
  readonly pingIntervalMs?: number;
  /** Downstream ping round (a client missing a whole round is dropped). @default pingIntervalMs */
  readonly clientPingIntervalMs?: number;
  /** Upstream declared dead without pong/data for this long. @default 30_000 */
  readonly deadAfterMs?: number;
  readonly reconnect?: ReconnectSchedule;
  /** Shared REST quota. @default 50 per second */
  readonly quota?: QuotaOptions;
  /** @default 1_000 */
  readonly cacheTtlMs?: number;
  /** @default 2 */
  readonly restRetries?: number;
  /** @default 10_000 */
  readonly restTimeoutMs?: number;
  /** Slow-client limits for downstream sockets. */
  readonly backpressure?: BackpressureLimits;
  /** @default 10_000 */
  readonly authTimeoutMs?: number;
  /** What one client may take (limits.ts); each missing one keeps its default. */
  readonly limits?: Partial<ProxyLimits>;
  /** Serve HTTPS and WSS with this certificate (tls.ts). @default plain HTTP and WS */
  readonly tls?: ProxyTls;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly dispatcher?: Dispatcher;
}

export interface ProxyStatus {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly upstreams: Record<Cluster, HubStatus>;
  /** Per asset class: what the key has (absent while unknown), the host and auth attempts. */
  readonly entitlements: Record<
    Cluster,
    {
      readonly entitlement?: Entitlement;
      readonly host?: WsHost;
      readonly authAttempts: Readonly<Record<WsHost, number>>;
    }
  >;
  /** True once Massive rejected the key itself (REST 401 after the WebSocket refusals). */
  readonly keyRejected: boolean;
  readonly clients: readonly DownstreamStats[];
  readonly rest: RestGatewayStats;
  readonly flow: FlowStatus;
  readonly quota: { readonly used: number; readonly left: number; readonly limit: number; readonly intervalMs: number };
  /** Serving HTTPS/WSS. Absent from a daemon older than the limits, like the next two. */
  readonly tls?: boolean;
  readonly limits?: ProxyLimits;
  /** How many times each limit refused something since the start. */
  readonly refused?: RefusedCounts;
}

export interface Proxy {
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** A signed token for a client; valid where Massive takes the key. */
  issueToken(clientId?: string, ttlMs?: number): string;
  status(): ProxyStatus;
  close(): Promise<void>;
}
