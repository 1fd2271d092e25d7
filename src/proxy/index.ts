export { startProxy } from './server.js';
export type { Proxy, ProxyOptions, ProxyStatus } from './server.js';
export { createTokenIssuer } from './tokens.js';
export type { TokenIssuer, TokenCheck } from './tokens.js';
export { TokenBucket } from './token-bucket.js';
export type { BucketStats, TokenBucketOptions } from './token-bucket.js';
export { reconnectDelay } from './backoff.js';
export type { DisconnectReason, ReconnectSchedule } from './backoff.js';
export { isLoopbackHost, screenRequest, requestToken } from './security.js';
export { UPSTREAM_STATUS } from './ws-hub.js';
export type { HubStatus } from './ws-hub.js';
export { SLOW_CONSUMER_STATUS } from './slow-reader.js';
export type { UpstreamState, UpstreamStats } from './upstream.js';
export { quotaForPlan } from './rest-gateway.js';
export type { QuotaOptions, RestGatewayStats } from './rest-gateway.js';
export {
  writeDaemonInfo,
  readDaemonInfo,
  removeDaemonInfo,
  daemonTokenIssuer,
  findDaemon,
  fetchDaemonStatus,
} from './discovery.js';
export type { DaemonInfo, FoundDaemon } from './discovery.js';
export { SESSION_STATUS } from './downstream.js';
export type { DownstreamStats } from './downstream.js';
export { underlyingOfContract } from './flow.js';
export type { FlowMode } from '../massive/client-messages.js';
export type { FlowStatus, FlowWindowStatus } from './flow-manager.js';
