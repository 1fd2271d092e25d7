import { join } from 'node:path';
import { createFileTracer, noTracer, type Tracer } from '../lib/trace.js';
import { createMarketStore, type WritableMarketStore } from '../store/store.js';
import type { OptionsDesk } from '../store/options-desk.js';
import { createMarketClient } from '../stream/market-client.js';
import { BarSeeder } from '../stream/bar-seeder.js';
import { loadConditionTables } from '../stream/conditions-loader.js';
import { loadContractInfo } from '../stream/contract-info.js';
import { classifySymbol } from '../massive/symbology.js';
import type { Cluster } from '../massive/events.js';
import type { Entitlement } from '../massive/entitlements.js';
import type { Logger } from '../lib/logger.js';
import { createRestClient, type RestClient } from '../rest/index.js';
import { startNdjsonWriter } from '../headless/writer.js';
import { errorLine } from '../headless/events.js';
import { configDir, resolveSettings } from '../config/index.js';
import { startBackend } from './backend.js';
import { createWatchDesk } from './watch-desk.js';
import { createWatchlistRuntime, watchlistSaving } from './watch-edit.js';
import { feedsSettled, pricesSettled } from './watch-settle.js';
import { parseWatchSymbols } from './symbols.js';
import { flowOption, intOption } from './option-parsers.js';
import { onShutdownSignal } from './signals.js';
import { alertRules, watchLogger, type WatchOptions } from './watch-options.js';

export type { WatchOptions } from './watch-options.js';

// I:NDX for its trend beside the SPX/VIX bias (when the key has indices).
const INDICES = ['I:SPX', 'I:VIX', 'I:NDX'];

const withFlow = <T extends object>(settings: T, flowMode: string): T => ({ ...settings, flowMode });

/**
 * The client's REST calls, recorded for `--trace` (URL redacted by the tracer), with the proxy's
 * quota headers copied to the status line and `status` events.
 */
function instrumentedRest(rest: RestClient, tracer: Tracer, store: WritableMarketStore): RestClient {
  const quota = (headers: Readonly<Record<string, string>>) => {
    const q = quotaFromHeaders(headers);
    if (q) store.setStatus({ quota: q });
  };
  return {
    ...rest,
    async get(path, opts) {
      const t0 = Date.now();
      try {
        const res = await rest.get(path, opts);
        tracer.record({ kind: 'rest', method: 'GET', url: path, status: res.status, ms: Date.now() - t0 });
        quota(res.headers);
        return res;
      } catch (error) {
        tracer.record({ kind: 'rest', method: 'GET', url: path, ms: Date.now() - t0, error: (error as Error).message });
        throw error;
      }
    },
  } as RestClient;
}

/**
 * The quota window as the proxy's headers describe it at its last answer: requests spent in the
 * window are the limit less what is left (`x-quota-used` counts since the proxy started, so it
 * would read "exhausted" long after the window refilled).
 */
export function quotaFromHeaders(
  headers: Readonly<Record<string, string>>,
): { used: number; limit: number; windowMs: number } | undefined {
  const limit = Number(headers['x-quota-limit']);
  const left = Number(headers['x-quota-left']);
  const windowMs = Number(headers['x-quota-window-ms'] ?? 1000);
  if (!Number.isFinite(limit) || limit <= 0 || headers['x-quota-left'] === undefined || !Number.isFinite(left))
    return undefined;
  return {
    used: Math.max(0, Math.min(limit, limit - left)),
    limit,
    windowMs: Number.isFinite(windowMs) && windowMs > 0 ? windowMs : 1000,
  };
}

/** `massive watch`: wires backend, client, store and one of the two faces; resolves to an exit code. */
export async function runWatch(rawSymbols: readonly string[], options: WatchOptions): Promise<number> {
  const { settings, origin } = resolveSettings();
  // No symbols on the command line: the configured watchlist (default SPY QQQ).
  const symbols = parseWatchSymbols(rawSymbols.length > 0 ? rawSymbols : settings.watchlist).filter(
    (s) => !INDICES.includes(s),
  );
  const frameMs = intOption('frame-ms', options.frameMs, settings.frameMs);
  const seed = intOption('seed', options.seed, 7);
  const rules = alertRules(settings, options.alert);
  const flow = flowOption(options.flow, settings.flowMode);
  // Without a terminal there is no screen to draw: stream NDJSON instead (documented in the README).
  const json = options.json === true || !process.stdout.isTTY;
  const logger = watchLogger(options, json);
  const tracer = options.trace ? createFileTracer(options.trace) : noTracer;

  const backend = await startBackend({ demo: options.demo === true, seed, settings: withFlow(settings, flow), logger });
  if (!options.json && json)
    process.stderr.write('massive: stdout is not a terminal; writing NDJSON (use --json to say so explicitly)\n');
  const store = createMarketStore({
    symbols,
    indices: INDICES,
    demo: backend.demo,
    frameMs,
    analytics: {
      alertRules: rules,
      flowThresholds: { windowMs: settings.flowSweepWindowMs, blockSize: settings.flowBlockSize },
    },
  });
  const token = () => backend.proxy.issueToken('watch');
  const rest = instrumentedRest(
    createRestClient({ baseUrl: backend.proxy.httpUrl, auth: token, logger }),
    tracer,
    store,
  );
  const client = createMarketClient({
    wsBase: backend.proxy.wsUrl,
    rest,
    getToken: token,
    store,
    // The watchlist's symbols are followed by the watchlist runtime below, which can let go of them.
    symbols: INDICES,
    logger,
    // An embedded proxy hands data over as objects (lib/local-link.ts); a daemon sends text.
    connection: { trace: tracer, inProcess: !backend.shared },
    onBars: (symbol, bars) => store.seedBars(symbol, bars),
  });
  // Minute bars feed the indicators, the bias and the sparklines.
  const barSymbols = [...symbols, ...INDICES];
  for (const symbol of INDICES) client.subscribe({ kind: 'bars', symbol });
  // Every option print on each watched stock, through the proxy's FLOW.<underlying> extension.
  const flowSymbols = flow === 'off' ? [] : symbols.filter((s) => classifySymbol(s) === 'stocks');
  // Indicator history goes through the client's REST budget like every other call.
  const budgeted: RestClient = {
    ...rest,
    async get(path, opts) {
      await client.restSlot(opts?.signal);
      return rest.get(path, opts);
    },
  } as RestClient;
  const seeder = new BarSeeder({ rest: budgeted, sink: store, cacheDir: join(configDir(), 'cache'), logger });
  const lifetime = new AbortController();
  // Each watchlist symbol's quotes, minute bars and option flow, edited from the screen (a d J K).
  const watchlist = createWatchlistRuntime({
    client,
    store,
    flow: flow !== 'off',
    // Indicator history, then open interest for the tape's vol/OI, as the starting symbols get.
    seed: (added) =>
      void seeder
        .seed(added, lifetime.signal)
        .then(() =>
          loadOpenInterest(
            flow === 'off' || client.stats().entitlements.options?.snapshots === false
              ? []
              : added.filter((s) => classifySymbol(s) === 'stocks'),
            budgeted,
            store,
            lifetime.signal,
            logger,
          ),
        ),
    logger,
    ...watchlistSaving(rawSymbols.length > 0, origin.watchlist),
  });
  watchlist.start(symbols);
  // Key levels, the chain view and plans; options whose plan is still unknown once the feeds
  // settled (not in use without flow) are tried, and a refusal says so.
  let settled = false;
  const watchDesk = createWatchDesk({
    rest: budgeted,
    settings,
    store,
    snapshots: () => {
      const e = client.stats().entitlements.options;
      return e !== undefined && e.source !== 'assumed' ? e.snapshots : settled ? true : undefined;
    },
    spotSnapshots: (cluster) => {
      const e = client.stats().entitlements[cluster];
      return e !== undefined && e.source !== 'assumed' ? e.snapshots : undefined;
    },
    signal: lifetime.signal,
    logger,
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      lifetime.abort();
      client.close();
      store.flush();
      seeder.save([...watchlist.symbols(), ...INDICES]);
      store.close();
      await rest.close();
      await backend.close();
      tracer.close();
    })());

  try {
    void client.start();
    const used: Cluster[] = [
      'indices',
      ...(symbols.some((s) => classifySymbol(s) === 'stocks') ? ['stocks' as const] : []),
      ...(flowSymbols.length > 0 ? ['options' as const] : []),
    ];
    // History and reference data wait until the plan is known: on a free key (5 requests a
    // minute) the first calls must go to the prices, and what the plan lacks is not asked for.
    void feedsSettled(store, used, 5_000, lifetime.signal).then(async (feeds) => {
      if (lifetime.signal.aborted) return;
      // A key that streams nothing lives on a few REST calls a minute (Basic: 5): the watchlist's
      // prices come before any history, or the screen stays empty for minutes.
      const streams = Object.values(feeds).some((f) => f === 'realtime' || f === 'delayed');
      if (!streams) await pricesSettled(store, symbols, 60_000, lifetime.signal);
      if (lifetime.signal.aborted) return;
      settled = true;
      void watchDesk.start();
      const known = client.stats().entitlements;
      for (const [asset, e] of Object.entries(known) as [Cluster, Entitlement][])
        if (e.source !== 'assumed') seeder.setEntitlement(asset, e);
      void seeder
        .seed(
          barSymbols.filter((s) => feeds[classifySymbol(s) ?? 'stocks'] !== 'none'),
          lifetime.signal,
        )
        .then(() =>
          loadOpenInterest(
            known.options?.snapshots === false ? [] : flowSymbols,
            budgeted,
            store,
            lifetime.signal,
            logger,
          ),
        );
      // Which prints may move Last (odd lots, average-price prints… may not): only a key that
      // streams trades needs the table; built-in rules until it loads.
      if (!Object.values(feeds).some((f) => f === 'realtime' || f === 'delayed')) return;
      const restSlot = (signal?: AbortSignal) => client.restSlot(signal);
      void loadConditionTables({
        rest,
        restSlot,
        cacheDir: join(configDir(), 'cache'),
        logger,
        signal: lifetime.signal,
      }).then((tables) => store.setConditions(tables));
    });
    if (json) await runJson(store, stop, watchDesk.desk);
    else
      await runScreen(
        store,
        settings.theme,
        settings.flowMinPremium > 0 ? `>=${settings.flowMinPremium}` : '',
        watchDesk.desk,
        (next) => watchlist.change(next),
        settings.renderer,
      );
  } catch (error) {
    if (json)
      process.stdout.write(
        JSON.stringify(errorLine('INTERNAL', (error as Error).message, Date.now(), backend.demo)) + '\n',
      );
    throw error;
  } finally {
    await stop();
  }
  return 0;
}

/** Open interest for vol/OI on the tape, after the indicator history (both share the budget). */
async function loadOpenInterest(
  symbols: readonly string[],
  rest: RestClient,
  store: WritableMarketStore,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  for (const symbol of symbols) {
    if (signal.aborted) return;
    try {
      // Expiries are dated by the market data's own day (a replayed or delayed session runs behind).
      const row = store.getSnapshot().quotes[symbol];
      const dataTime = Math.min(Date.now(), row?.asOf ?? Infinity);
      // With the spot known the chain read is narrowed around it (real chains run to thousands of rows).
      await loadContractInfo(rest, symbol, store, dataTime, {
        signal,
        ...(row?.price !== undefined ? { spot: row.price } : {}),
      });
    } catch (error) {
      if (!signal.aborted) logger.warn('could not load open interest', { symbol, message: (error as Error).message });
      return;
    }
  }
}

/** The Ink screen until q/Ctrl+C, or SIGTERM/SIGINT from outside (signals.ts: later ones are ignored). */
async function runScreen(
  store: WritableMarketStore,
  theme: 'dark' | 'light' | 'mono',
  filter: string,
  desk: OptionsDesk,
  onWatchlist: (symbols: readonly string[]) => string,
  renderer: 'cached' | 'ink',
): Promise<void> {
  const signals = new AbortController();
  onShutdownSignal(() => signals.abort());
  // Loaded lazily so that --json never loads React or Ink.
  const { runTui } = await import('../ui/run.js');
  await runTui(store, { signal: signals.signal, theme, filter, desk, onWatchlist, renderer });
}

function runJson(store: WritableMarketStore, stop: () => Promise<void>, desk: OptionsDesk): Promise<void> {
  return new Promise((resolve) => {
    let stopped = false;
    const done = () => {
      if (stopped) return;
      stopped = true;
      writer.close();
      void stop().then(resolve);
    };
    onShutdownSignal(done);
    const writer = startNdjsonWriter({ store, desk, out: process.stdout, onClosed: done });
  });
}
