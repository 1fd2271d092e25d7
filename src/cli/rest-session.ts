/**
 * How the one-shot commands (`chain`, `levels`, `plan`) reach Massive: the settings, a backend
 * (a running daemon, an embedded proxy, or the simulator with --demo), a REST client holding
 * short-lived tokens, and one close for all of it; and how they print what they read.
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

/** The flags every one-shot command takes. */
export interface ReportOptions {
  readonly json?: boolean;
  readonly demo?: boolean;
  readonly seed?: string;
}

/** What a one-shot command prints: one JSON document with --json, else a text report under a header. */
export interface Report {
  json(): unknown;
  /** The header's parts, in order; blank ones are dropped and `DEMO DATA` ends it with --demo. */
  readonly header: readonly string[];
  text(header: string): string;
}

/**
 * Opens a session for `clientId`, prints the report `work` makes of it and closes the session,
 * whatever happens; resolves to the exit code.
 */
export async function runReport(
  clientId: string,
  options: ReportOptions,
  work: (session: RestSession) => Promise<Report>,
): Promise<number> {
  const session = await openRestSession(clientId, options);
  try {
    const report = await work(session);
    if (options.json) process.stdout.write(`${JSON.stringify(report.json())}\n`);
    else {
      const header = [...report.header, session.demo ? 'DEMO DATA' : ''].filter(Boolean).join(' · ');
      process.stdout.write(report.text(header));
    }
    return 0;
  } finally {
    await session.close();
  }
}

/** Contracts of the chain that could not be read are counted, never silently lost. */
export function warnSkipped(skipped: number): void {
  if (skipped > 0) process.stderr.write(`massive: skipped ${skipped} malformed contract(s) in the response\n`);
}
