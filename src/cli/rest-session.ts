/**
 * How the one-shot commands (`chain`, `levels`, `plan`) reach Massive: the settings, a backend
 * (a running daemon, an embedded proxy, or the simulator with --demo), a REST client holding
 * short-lived tokens, and one close for all of it.
 */
import { resolveSettings, type Settings } from '../config/index.js';
import { createLogger } from '../lib/logger.js';
import { createRestClient, type RestClient } from '../rest/index.js';
import { startBackend } from './backend.js';
import { intOption } from './option-parsers.js';

export interface RestSession {
  readonly rest: RestClient;
  readonly settings: Settings;
  /** The data is simulated (--demo). */
  readonly demo: boolean;
  close(): Promise<void>;
}

/** Opens a session for `clientId` (the token's client id); flags are checked before any network. */
export async function openRestSession(
  clientId: string,
  options: { readonly demo?: boolean; readonly seed?: string },
): Promise<RestSession> {
  const seed = intOption('seed', options.seed, 7);
  const { settings } = resolveSettings();
  const logger = createLogger({ level: 'warn', sink: 'stderr' });
  const backend = await startBackend({ demo: options.demo === true, seed, settings, logger });
  const rest = createRestClient({
    baseUrl: backend.proxy.httpUrl,
    auth: () => backend.proxy.issueToken(clientId),
    logger,
  });
  return {
    rest,
    settings,
    demo: backend.demo,
    async close() {
      await rest.close();
      await backend.close();
    },
  };
}
