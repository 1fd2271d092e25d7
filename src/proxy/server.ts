import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { MassiveError } from '../lib/errors.js';
import { registerSecret } from '../lib/redact.js';
import { createRequestHandler } from './http-handler.js';
import { guardHttp, httpServerOptions } from './limits-http.js';
import { ClientTable, startPingRounds } from './proxy-clients.js';
import { createProxyParts, type ProxyParts } from './proxy-parts.js';
import { buildStatus } from './proxy-status.js';
import type { Proxy as ProxyHandle, ProxyOptions, ProxyStatus } from './proxy-types.js';
import { createUpgradeHandler } from './ws-upgrade.js';

export type { Proxy, ProxyOptions, ProxyStatus } from './proxy-types.js';

/** The key is only safe behind loopback; Host/Origin checks alone do not stop a remote peer. */
function checkHost(host: string, allowRemote: boolean): void {
  if (!allowRemote && !['127.0.0.1', '::1', 'localhost'].includes(host)) {
    throw new MassiveError(
      'CONFIG',
      `the proxy only listens on loopback, not ${host} (add --allow-remote to open it to the network)`,
    );
  }
}

/** Starts the proxy on loopback; resolves once it is listening. */
export async function startProxy(o: ProxyOptions): Promise<ProxyHandle> {
  registerSecret(o.apiKey);
  const host = o.host ?? '127.0.0.1';
  const allowRemote = o.allowRemote === true;
  checkHost(host, allowRemote);
  let httpUrl = '';
  const parts = createProxyParts(o, () => httpUrl);
  const { book, tokens, gateway, hubs, flow, clock, random, logger } = parts;
  const clients = new ClientTable();
  const status = (): ProxyStatus => buildStatus({ ...parts, httpUrl, tls: o.tls !== undefined, clients });

  const handler = createRequestHandler({ book, allowRemote, tokens, gateway, status, logger });
  const serverOptions = httpServerOptions(book.limits);
  const server = o.tls
    ? createHttpsServer({ ...serverOptions, cert: o.tls.cert, key: o.tls.key }, handler)
    : createServer(serverOptions, handler);
  guardHttp(server, book);
  const wss = new WebSocketServer({ noServer: true, maxPayload: book.limits.maxFrameBytes });
  const session = {
    tokens,
    clock,
    random,
    logger,
    ...(flow ? { flow } : {}),
    ...(o.authTimeoutMs !== undefined ? { authTimeoutMs: o.authTimeoutMs } : {}),
    ...(o.expiryNoticeMs !== undefined ? { expiryNoticeMs: o.expiryNoticeMs } : {}),
    ...(o.backpressure ? { backpressure: o.backpressure } : {}),
  };
  server.on('upgrade', createUpgradeHandler({ allowRemote, book, wss, hubs, clients, session }));
  // Downstream liveness: a client that misses a whole ping round is gone (laptop lid closed).
  const stopPings = startPingRounds(clients, clock, o.clientPingIntervalMs ?? o.pingIntervalMs ?? 25_000);

  const urls = await listen(server, o.port ?? 0, host, o.tls !== undefined);
  httpUrl = urls.httpUrl;
  logger.info('proxy listening', { httpUrl });
  let closing: Promise<void> | undefined;
  return {
    ...urls,
    issueToken: (clientId, ttlMs) => tokens.issue(clientId, ttlMs),
    status,
    close() {
      closing ??= closeProxy(parts, { stopPings, clients, wss, server });
      return closing;
    },
  };
}

/** Listens and says where: a wildcard address is reached over loopback by local clients. */
async function listen(
  server: Server,
  port: number,
  host: string,
  secure: boolean,
): Promise<{ readonly httpUrl: string; readonly wsUrl: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const local = addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address === '::' ? '::1' : addr.address;
  const hostPart = addr.family === 'IPv6' ? `[${local}]` : local;
  const s = secure ? 's' : '';
  return { httpUrl: `http${s}://${hostPart}:${addr.port}`, wsUrl: `ws${s}://${hostPart}:${addr.port}` };
}

interface Front {
  readonly stopPings: () => void;
  readonly clients: ClientTable;
  readonly wss: WebSocketServer;
  readonly server: Server;
}

/** Stops everything the proxy started: timers and upstreams first, then clients, then the server. */
async function closeProxy(parts: ProxyParts, f: Front): Promise<void> {
  f.stopPings();
  parts.flow?.close();
  for (const hub of parts.hubs.values()) hub.close();
  f.clients.terminateAll();
  f.wss.close();
  await parts.gateway.close();
  await new Promise<void>((resolve) => {
    f.server.closeAllConnections();
    f.server.close(() => resolve());
  });
}
