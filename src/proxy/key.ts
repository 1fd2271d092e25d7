import { MassiveError } from '../lib/errors.js';
import { registerSecret } from '../lib/redact.js';
import { openConfigFile } from '../config/file.js';
import { settingsFromEnv } from '../config/file.js';

/**
 * The only reader of the API key: `MASSIVE_API_KEY`, else the config file (whose 0600/0700
 * permissions are checked on open). Registered as a secret at once so no log, trace, error or
 * NDJSON line can carry it.
 */
export function readApiKey(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = settingsFromEnv({ MASSIVE_API_KEY: env.MASSIVE_API_KEY }).apiKey as string | undefined;
  const key = fromEnv || (openConfigFile(env).read().apiKey as string | undefined)?.trim();
  if (!key) {
    throw new MassiveError(
      'NO_API_KEY',
      'no API key: set MASSIVE_API_KEY (or `massive config set apiKey`), or try the simulator with --demo',
    );
  }
  registerSecret(key);
  return key;
}
