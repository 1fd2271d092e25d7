// The soak itself, run by bench/soak.mjs as `node --expose-gc bench/soak-child.mjs` so heap can be
// read after a full GC. Simulator in its own process (load + drops), proxy and client in here.
import { startProxy } from '../dist/proxy/index.js';
import { createRestClient } from '../dist/rest/index.js';
import { createMarketStore } from '../dist/store/store.js';
import { createMarketClient } from '../dist/stream/market-client.js';
import { startSimProcess } from './sim-process.mjs';
import { sleep } from './lib.mjs';

const KEY = 'bench-soak-key';
const SYMBOLS = ['SPY', 'QQQ', 'AAPL', 'NVDA', 'MSFT', 'TSLA', 'AMZN', 'META'];
const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const minutes = arg('minutes', 30);
const dropEveryS = arg('drop-every', 300);
const reconnectEveryS = arg('reconnect-every', 10);
const rate = arg('rate', 5000);

const warnings = [];
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));

function heap() {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external + m.arrayBuffers };
}

/** Listener and handle counts that grow when something is registered per reconnect and never removed. */
function listeners(proxy) {
  const proc = ['warning', 'exit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'].reduce(
    (n, e) => n + process.listenerCount(e),
    0,
  );
  const st = proxy.status();
  return {
    processListeners: proc,
    activeResources: process.getActiveResourcesInfo().length,
    proxySessions: st.clients.length,
    upstreamClients: Object.values(st.upstreams).reduce((n, u) => n + u.clients, 0),
  };
}

const sim = await startSimProcess({ key: KEY });
await sim.control('/_sim/load', {
  action: 'start',
  profile: 'flat',
  eventsPerSec: rate,
  symbols: SYMBOLS,
  frameEvents: 50,
});
const proxy = await startProxy({ apiKey: KEY, apiBase: sim.httpUrl, wsBase: sim.wsUrl });
const store = createMarketStore({ symbols: SYMBOLS, demo: true, frameMs: 100 });
const rest = createRestClient({ baseUrl: proxy.httpUrl, auth: () => proxy.issueToken('soak') });
let events = 0;
const counted = {
  ...store,
  apply: (e, s) => {
    events++;
    store.apply(e, s);
  },
};
const newClient = () =>
  createMarketClient({
    wsBase: proxy.wsUrl,
    rest,
    getToken: () => proxy.issueToken('soak'),
    store: counted,
    symbols: SYMBOLS,
  });
let client = newClient();
await client.start();
await sleep(5000);
const start = { ...heap(), ...listeners(proxy), at: Date.now() };
const samples = [];
const endAt = Date.now() + minutes * 60_000;
let nextDrop = Date.now() + dropEveryS * 1000;
let nextReconnect = Date.now() + reconnectEveryS * 1000;
let nextSample = Date.now() + 30_000;
let drops = 0;
let reconnects = 0;
const e0 = events;
while (Date.now() < endAt) {
  await sleep(250);
  const now = Date.now();
  if (now >= nextDrop) {
    await sim.control('/_sim/fault', { fault: 'drop' });
    drops++;
    nextDrop += dropEveryS * 1000;
  }
  if (now >= nextReconnect) {
    client.close();
    client = newClient();
    void client.start().catch(() => {});
    reconnects++;
    nextReconnect += reconnectEveryS * 1000;
  }
  if (now >= nextSample) {
    const s = { ...heap(), ...listeners(proxy), minute: (now - start.at) / 60_000 };
    samples.push(s);
    process.stderr.write(
      `  soak ${s.minute.toFixed(1)} min: heap ${(s.heapUsed / 2 ** 20).toFixed(1)} MiB, rss ${(s.rss / 2 ** 20).toFixed(0)} MiB, sessions ${s.proxySessions}, resources ${s.activeResources}\n`,
    );
    nextSample += 30_000;
  }
}
await sleep(3000); // let the last reconnect settle before the final reading
const end = { ...heap(), ...listeners(proxy), at: Date.now() };
const eventsPerSec = ((events - e0) * 1000) / (end.at - start.at);
client.close();
store.close();
await rest.close();
await proxy.close();
await sim.close();
process.stdout.write(
  JSON.stringify({
    minutes,
    dropEveryS,
    reconnectEveryS,
    rate,
    start,
    end,
    samples,
    drops,
    reconnects,
    warnings,
    eventsPerSec,
  }),
);
