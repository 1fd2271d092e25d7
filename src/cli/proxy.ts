import { randomBytes } from 'node:crypto';
import { createLogger } from '../lib/logger.js';
import { registerSecret } from '../lib/redact.js';
import { configDir, resolveSettings } from '../config/index.js';
import { findDaemon, isLoopbackHost, removeDaemonInfo, writeDaemonInfo } from '../proxy/index.js';
import { openUpstream, startProxyFor } from './backend.js';
import { usageError } from './exit.js';
import { flowOption, intOption } from './option-parsers.js';
import { untilSignal } from './signals.js';
import { certificateFingerprint } from '../proxy/tls.js';
import { tlsFromFlags } from './proxy-tls.js';

export interface ProxyCliOptions {
  readonly port: string;
  readonly host: string;
  readonly allowRemote?: boolean;
  readonly demo?: boolean;
  readonly seed: string;
  readonly flow?: string;
  readonly verbose?: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly insecure?: boolean;
}

/**
 * `massive proxy`: the shared local proxy as a daemon. Advertises itself in the config directory
 * (proxy.json, 0600: URLs and the token secret, never the key) so `watch`, `status` and `token`
 * find it, and removes the file on SIGINT/SIGTERM.
 */
export async function runProxy(options: ProxyCliOptions): Promise<number> {
  const port = intOption('port', options.port, 0, { max: 65535 });
  const seed = intOption('seed', options.seed, 7);
  const host = options.host;
  const loopback = isLoopbackHost(host) || host === '::1';
  if (!loopback && options.allowRemote !== true) {
    throw usageError(
      `--host ${host} would expose the proxy (and your quota) beyond this machine; add --allow-remote if you mean it`,
    );
  }
  const tls = tlsFromFlags(options);
  const { settings } = resolveSettings();
  const flow = flowOption(options.flow, settings.flowMode);
  const env = process.env;
  const dir = configDir(env);
  const running = await findDaemon(dir);
  if (running) {
    process.stderr.write(
      `massive: a proxy is already running at ${running.info.httpUrl} (pid ${running.info.pid}); stop it first\n`,
    );
    return 1;
  }
  const logger = createLogger({ level: options.verbose ? 'debug' : 'warn', sink: 'stderr' });
  const demo = options.demo === true;
  const target = await openUpstream(demo, env, seed, logger);
  const secret = randomBytes(32);
  registerSecret(secret.toString('base64url'));
  const proxy = await startProxyFor(
    target,
    demo,
    settings,
    logger,
    { port, host, allowRemote: !loopback, secret, flow, ...(tls ? { tls } : {}) },
    env,
  );
  if (!loopback) {
    const wire = tls ? 'traffic is encrypted (TLS)' : 'traffic is plain HTTP (--insecure): tokens travel in clear text';
    process.stderr.write(
      `massive: WARNING: listening on ${host}, beyond this machine. Anyone who can reach port ${new URL(proxy.httpUrl).port} ` +
        `and obtains a token can spend your quota; ${wire}. Prefer the default 127.0.0.1.\n`,
    );
  }
  const fingerprint = tls ? certificateFingerprint(tls.cert) : undefined;
  writeDaemonInfo(dir, {
    httpUrl: proxy.httpUrl,
    wsUrl: proxy.wsUrl,
    pid: process.pid,
    startedAt: Date.now(),
    secret: secret.toString('base64url'),
    demo,
    // Not secret; for a demo daemon these name its embedded simulator.
    apiBase: target.apiBase,
    wsBase: target.wsBase,
    ...(loopback ? {} : { remote: true }),
    ...(tls && fingerprint ? { tls: { cert: tls.cert, fingerprint256: fingerprint } } : {}),
  });
  process.stdout.write(
    `massive proxy listening${demo ? ' (demo: simulated data)' : ''}\n` +
      `  REST       ${proxy.httpUrl}\n  WebSocket  ${proxy.wsUrl}/stocks  /options  /indices\n` +
      `  upstream   ${demo ? 'embedded simulator' : target.apiBase}\n  flow       ${flow}\n` +
      (fingerprint ? `  TLS        certificate SHA-256 ${fingerprint}\n` : '') +
      '`massive watch` uses it automatically; `massive token` prints a token for other clients.\n',
  );
  await untilSignal();
  removeDaemonInfo(dir);
  await proxy.close();
  await target.sim?.close();
  return 0;
}
