import { configDir } from '../config/index.js';
import { findDaemon } from '../proxy/index.js';
import { usageError } from './exit.js';
import { intOption } from './option-parsers.js';

export interface TokenCliOptions {
  readonly ttl: string;
  readonly client: string;
  readonly json?: boolean;
}

/** Longest token `massive token` mints: long-lived tokens are what the short expiry exists to avoid. */
const MAX_TTL_SEC = 86_400;

export const NO_PROXY_MESSAGE =
  'massive: no massive proxy is running; start one with `massive proxy` (or `massive proxy --demo`)\n';

/**
 * `massive token`: a fresh signed token from the running proxy, for third-party clients (any
 * Massive library pointed at the proxy, with the token where it takes the key).
 */
export async function runToken(options: TokenCliOptions): Promise<number> {
  const ttl = intOption('ttl', options.ttl, 300, { min: 1, max: MAX_TTL_SEC });
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(options.client))
    throw usageError('--client takes 1–40 letters, digits, dots, dashes or underscores');
  const found = await findDaemon(configDir(process.env));
  if (!found) {
    process.stderr.write(NO_PROXY_MESSAGE);
    return 1;
  }
  const expiresAt = Date.now() + ttl * 1000;
  const token = found.tokens.issue(options.client, ttl * 1000);
  const out = options.json
    ? JSON.stringify({
        token,
        httpUrl: found.info.httpUrl,
        wsUrl: found.info.wsUrl,
        expiresAt: new Date(expiresAt).toISOString(),
        demo: found.info.demo,
      })
    : token;
  process.stdout.write(`${out}\n`);
  return 0;
}
