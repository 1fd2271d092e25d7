import { createLogger, silentLogger, type Logger } from '../lib/logger.js';
import { createMarketStore } from '../store/store.js';
import { createMarketClient } from '../stream/market-client.js';
import { createRestClient } from '../rest/index.js';
import { startNdjsonWriter } from '../headless/writer.js';
import { errorLine } from '../headless/events.js';
import { startBackend } from './backend.js';
import { parseWatchSymbols } from './symbols.js';
import { usageError } from './exit.js';
import { resolveSettings } from '../config/index.js';

export interface WatchOptions {
  readonly demo?: boolean;
  readonly json?: boolean;
  readonly frameMs?: string;
  readonly seed?: string;
  readonly verbose?: boolean;
  readonly logFile?: string;
}

const INDICES = ['I:SPX', 'I:VIX'];

function intOption(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw usageError(`--${name} takes a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}

function makeLogger(options: WatchOptions): Logger {
  if (!options.verbose) return options.json ? createLogger({ level: 'warn', sink: 'stderr' }) : silentLogger;
  // Never onto the TUI's screen: stderr in --json mode, a file otherwise.
  return options.json
    ? createLogger({ level: 'debug', sink: 'stderr' })
    : createLogger({ level: 'debug', sink: { file: options.logFile ?? 'massive.log' } });
}

/** `massive watch`: wires backend, client, store and one of the two faces; resolves to an exit code. */
export async function runWatch(rawSymbols: readonly string[], options: WatchOptions): Promise<number> {
  const { settings } = resolveSettings();
  // No symbols on the command line: the configured watchlist (default SPY QQQ).
  const symbols = parseWatchSymbols(rawSymbols.length > 0 ? rawSymbols : settings.watchlist).filter((s) => !INDICES.includes(s));
  const frameMs = intOption('frame-ms', options.frameMs, settings.frameMs);
  const seed = intOption('seed', options.seed, 7);
  const logger = makeLogger(options);
  const backend = await startBackend({ demo: options.demo === true, seed, settings, logger });
  const store = createMarketStore({ symbols, demo: backend.demo, frameMs });
  const rest = createRestClient({ baseUrl: backend.proxy.httpUrl, auth: () => backend.proxy.issueToken('watch'), logger });
  const client = createMarketClient({
    wsBase: backend.proxy.wsUrl,
    rest,
    getToken: () => backend.proxy.issueToken('watch'),
    store,
    symbols: [...symbols, ...INDICES],
    logger,
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      client.close();
      store.flush();
      store.close();
      await rest.close();
      await backend.close();
    })());

  try {
    void client.start();
    if (options.json) await runJson(store, stop);
    else {
      // Loaded lazily so that --json never loads React or Ink.
      const { runTui } = await import('../ui/run.js');
      await runTui(store);
    }
  } catch (error) {
    if (options.json) process.stdout.write(JSON.stringify(errorLine('INTERNAL', (error as Error).message, Date.now(), backend.demo)) + '\n');
    throw error;
  } finally {
    await stop();
  }
  return 0;
}

function runJson(store: ReturnType<typeof createMarketStore>, stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      writer.close();
      void stop().then(resolve);
    };
    const writer = startNdjsonWriter({ store, out: process.stdout, onClosed: done });
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
