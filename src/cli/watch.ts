import { join } from 'node:path';
import { configDir, resolveSettings } from '../config/index.js';
import { errorLine } from '../headless/events.js';
import { startNdjsonWriter } from '../headless/writer.js';
import { createFileTracer, noTracer } from '../lib/trace.js';
import type { Entitlement } from '../massive/entitlements.js';
import type { Cluster } from '../massive/events.js';
import { classifySymbol } from '../massive/symbology.js';
import { createRestClient } from '../rest/index.js';
import type { OptionsDesk } from '../store/options-desk.js';
import { createMarketStore, type WritableMarketStore } from '../store/store.js';
import { BarSeeder } from '../stream/bar-seeder.js';
import { createMarketClient } from '../stream/market-client.js';
import { type Backend, startBackend } from './backend.js';
import { flowOption, intOption } from './option-parsers.js';
import { onShutdownSignal } from './signals.js';
import { parseWatchSymbols } from './symbols.js';
import { createWatchDesk } from './watch-desk.js';
import { createWatchlistRuntime, watchlistSaving } from './watch-edit.js';
import { alertRules, watchLogger, type WatchOptions } from './watch-options.js';
import {
  budgetedRest,
  flowStocks,
  instrumentedRest,
  loadWhenSettled,
  seedHistory,
  type WatchLoaders,
} from './watch-session.js';

export { quotaFromHeaders } from './watch-session.js';
export type { WatchOptions } from './watch-options.js';

// I:NDX for its trend beside the SPX/VIX bias (when the key has indices).
const INDICES = ['I:SPX', 'I:VIX', 'I:NDX'];

const withFlow = <T extends object>(settings: T, flowMode: string): T => ({ ...settings, flowMode });

/** The command line and the settings, checked: everything `watch` needs before it connects. */
function watchConfig(rawSymbols: readonly string[], options: WatchOptions) {
  const { settings, origin } = resolveSettings();
  // No symbols on the command line: the configured watchlist (default SPY QQQ).
  const symbols = parseWatchSymbols(rawSymbols.length > 0 ? rawSymbols : settings.watchlist).filter(
    (s) => !INDICES.includes(s),
  );
  // Without a terminal there is no screen to draw: stream NDJSON instead (documented in the README).
  const json = options.json === true || !process.stdout.isTTY;
  return {
    settings,
    origin,
    symbols,
    frameMs: intOption('frame-ms', options.frameMs, settings.frameMs),
    seed: intOption('seed', options.seed, 7),
    rules: alertRules(settings, options.alert),
    flow: flowOption(options.flow, settings.flowMode),
    json,
    logger: watchLogger(options, json),
    tracer: options.trace ? createFileTracer(options.trace) : noTracer,
  };
}

type WatchConfig = ReturnType<typeof watchConfig>;

function watchStore(c: WatchConfig, demo: boolean): WritableMarketStore {
  return createMarketStore({
    symbols: c.symbols,
    indices: INDICES,
    demo,
    frameMs: c.frameMs,
    analytics: {
      alertRules: c.rules,
      flowThresholds: { windowMs: c.settings.flowSweepWindowMs, blockSize: c.settings.flowBlockSize },
    },
  });
}

/** The market client on the backend's proxy, with its REST client and the budgeted one. */
function connect(c: WatchConfig, backend: Backend, store: WritableMarketStore, signal: AbortSignal): WatchLoaders {
  const token = () => backend.proxy.issueToken('watch');
  const rest = instrumentedRest(
    createRestClient({ baseUrl: backend.proxy.httpUrl, auth: token, logger: c.logger }),
    c.tracer,
    store,
  );
  const client = createMarketClient({
    wsBase: backend.proxy.wsUrl,
    rest,
    getToken: token,
    store,
    // The watchlist's symbols are followed by the watchlist runtime, which can let go of them.
    symbols: INDICES,
    logger: c.logger,
    // An embedded proxy hands data over as objects (lib/local-link.ts); a daemon sends text.
    connection: { trace: c.tracer, inProcess: !backend.shared },
    onBars: (symbol, bars) => store.seedBars(symbol, bars),
  });
  // Minute bars feed the indicators, the bias and the sparklines.
  for (const symbol of INDICES) client.subscribe({ kind: 'bars', symbol });
  // Indicator history goes through the client's REST budget like every other call.
  const budgeted = budgetedRest(rest, client);
  const seeder = new BarSeeder({ rest: budgeted, sink: store, cacheDir: join(configDir(), 'cache'), logger: c.logger });
  return { store, client, rest, budgeted, seeder, signal, logger: c.logger };
}

/** Whether a class's plan has snapshots, once the proxy has said (undefined while assumed). */
const knownSnapshots = (e: Entitlement | undefined): boolean | undefined =>
  e !== undefined && e.source !== 'assumed' ? e.snapshots : undefined;

/** Key levels, the chain view and plans. */
function watchDesk(c: WatchConfig, l: WatchLoaders, settled: () => boolean) {
  const entitlements = () => l.client.stats().entitlements;
  return createWatchDesk({
    rest: l.budgeted,
    settings: c.settings,
    store: l.store,
    // Options whose plan is still unknown once the feeds settled (not in use without flow) are
    // tried, and a refusal says so.
    snapshots: () => knownSnapshots(entitlements().options) ?? (settled() ? true : undefined),
    spotSnapshots: (cluster) => knownSnapshots(entitlements()[cluster]),
    signal: l.signal,
    logger: c.logger,
  });
}

/** `massive watch`: wires backend, client, store and one of the two faces; resolves to an exit code. */
export async function runWatch(rawSymbols: readonly string[], options: WatchOptions): Promise<number> {
  const c = watchConfig(rawSymbols, options);
  const { settings, symbols, flow, json } = c;
  const backend = await startBackend({
    demo: options.demo === true,
    seed: c.seed,
    settings: withFlow(settings, flow),
    logger: c.logger,
  });
  if (!options.json && json)
    process.stderr.write('massive: stdout is not a terminal; writing NDJSON (use --json to say so explicitly)\n');
  const store = watchStore(c, backend.demo);
  const lifetime = new AbortController();
  const l = connect(c, backend, store, lifetime.signal);
  // Each watchlist symbol's quotes, minute bars and option flow, edited from the screen (a d J K),
  // with the history the starting symbols get.
  const watchlist = createWatchlistRuntime({
    client: l.client,
    store,
    flow: flow !== 'off',
    seed: (added) =>
      void seedHistory(l, added, () =>
        flowStocks(added, flow !== 'off', l.client.stats().entitlements.options?.snapshots),
      ),
    logger: c.logger,
    ...watchlistSaving(rawSymbols.length > 0, c.origin.watchlist),
  });
  watchlist.start(symbols);
  let settled = false;
  const desk = watchDesk(c, l, () => settled);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      lifetime.abort();
      l.client.close();
      store.flush();
      l.seeder.save([...watchlist.symbols(), ...INDICES]);
      store.close();
      await l.rest.close();
      await backend.close();
      c.tracer.close();
    })());

  try {
    void l.client.start();
    // Every option print on each watched stock, through the proxy's FLOW.<underlying> extension.
    const flowSymbols = flowStocks(symbols, flow !== 'off', undefined);
    const used: Cluster[] = [
      'indices',
      ...(symbols.some((s) => classifySymbol(s) === 'stocks') ? ['stocks' as const] : []),
      ...(flowSymbols.length > 0 ? ['options' as const] : []),
    ];
    const bars = [...symbols, ...INDICES];
    void loadWhenSettled(l, used, { prices: symbols, bars, flow: flowSymbols }, () => {
      settled = true;
      void desk.start();
    });
    if (json) await runJson(store, stop, desk.desk);
    else
      await runScreen(
        store,
        settings.theme,
        settings.flowMinPremium > 0 ? `>=${settings.flowMinPremium}` : '',
        desk.desk,
        (next) => watchlist.change(next),
        settings.renderer,
      );
  } catch (error) {
    if (json)
      process.stdout.write(
        `${JSON.stringify(errorLine('INTERNAL', (error as Error).message, Date.now(), backend.demo))}\n`,
      );
    throw error;
  } finally {
    await stop();
  }
  return 0;
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
