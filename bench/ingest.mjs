// Benchmark 1, ingest: events per second consumed from the simulator through the proxy into the
// store, against (a) a bare `ws` client that only runs JSON.parse on the same stream and (b) the
// official @massive.com/client-js WebSocket client on the same stream.
import WebSocket from 'ws';
import { websocketClient } from '@massive.com/client-js';
import { startProxy } from '../dist/proxy/index.js';
import { StreamConnection } from '../dist/stream/connection.js';
import { createMarketStore } from '../dist/store/store.js';
import { startSimProcess } from './sim-process.mjs';
import { startProxyProcess } from './proxy-process.mjs';
import { header, line, sleep, fmt } from './lib.mjs';

const KEY = 'bench-ingest-key';
const SYMBOLS = ['SPY', 'QQQ', 'AAPL', 'NVDA', 'MSFT', 'TSLA', 'AMZN', 'META'];
const TOPICS = SYMBOLS.map((s) => `T.${s}`).join(',');

/**
 * Counts events over `ms`, using `counter()` to read the running total. The warm-up starts at the
 * first event, not at connect, for every contender alike: our path first starts a proxy and learns
 * the key's plan, and that set-up is not ingest (it is timed by the latency bench).
 */
async function measure(counter, { warmMs = 1000, ms = 4000, firstEventMs = 10_000 } = {}) {
  const t = performance.now();
  while (counter() === 0 && performance.now() - t < firstEventMs) await sleep(10);
  await sleep(warmMs);
  const c0 = counter();
  const t0 = performance.now();
  await sleep(ms);
  return ((counter() - c0) * 1000) / (performance.now() - t0);
}

async function bareWs(sim) {
  let n = 0;
  const ws = new WebSocket(`${sim.wsUrl}/stocks`, { perMessageDeflate: false });
  ws.on('message', (data) => {
    const arr = JSON.parse(data);
    if (arr[0]?.ev === 'status' && arr[0].status === 'connected')
      ws.send(JSON.stringify({ action: 'auth', params: KEY }));
    else if (arr[0]?.ev === 'status' && arr[0].status === 'auth_success')
      ws.send(JSON.stringify({ action: 'subscribe', params: TOPICS }));
    else n += arr.length;
  });
  const rate = await measure(() => n);
  ws.terminate();
  return rate;
}

async function clientJs(sim) {
  let n = 0;
  const ws = websocketClient(KEY, sim.wsUrl).stocks();
  ws.onmessage = ({ data }) => {
    const arr = JSON.parse(data);
    if (arr[0]?.ev === 'status' && arr[0].status === 'auth_success')
      ws.send(JSON.stringify({ action: 'subscribe', params: TOPICS }));
    else if (arr[0]?.ev !== 'status') n += arr.length;
  };
  const rate = await measure(() => n);
  ws.close();
  return rate;
}

/** Our client and store fed through a proxy: in this process (embedded) or a `massive proxy` daemon. */
async function ours(sim, { daemon = false } = {}) {
  const proxy = daemon
    ? await startProxyProcess({ key: KEY, sim }).then((p) => ({ ...p, issueToken: (id) => p.token(id) }))
    : await startProxy({ apiKey: KEY, apiBase: sim.httpUrl, wsBase: sim.wsUrl });
  const store = createMarketStore({ symbols: SYMBOLS, demo: true, frameMs: 100 });
  let n = 0;
  const conn = new StreamConnection({
    url: `${proxy.wsUrl}/stocks`,
    cluster: 'stocks',
    getToken: () => proxy.issueToken('bench'),
    onEvents: (events) => {
      n += events.length;
      for (const e of events) store.apply(e, 'ws');
    },
    onState: () => {},
    // As `massive watch` does: an embedded proxy hands its parsed elements over in-process.
    inProcess: !daemon,
  });
  conn.setTopics(SYMBOLS.map((s) => `T.${s}`));
  conn.start();
  const rate = await measure(() => n);
  conn.close();
  store.close();
  await proxy.close();
  return rate;
}

export async function runIngest({ rate = 400_000 } = {}) {
  header(
    `1. Ingest (simulator offering ${fmt(rate)} events/s of stock trades in 200-event frames, in its own process)`,
  );
  const sim = await startSimProcess({ key: KEY, load: `flat:${rate}` });
  try {
    const a = await bareWs(sim);
    await sleep(300);
    const b = await clientJs(sim);
    await sleep(300);
    const c = await ours(sim);
    await sleep(300);
    // The same client and store behind a `massive proxy` daemon: the proxy's parse runs in its own
    // process, as when several terminals share one connection.
    const d = await ours(sim, { daemon: true });
    line('embedded proxy -> client -> store (ours)', c, 'ev/s', 'bare ws+JSON.parse', a, '>= 100,000 ev/s and >= 0.5x');
    line('embedded proxy -> client -> store (ours)', c, 'ev/s', 'client-js', b, '>= 1x');
    line('daemon proxy -> client -> store (ours)', d, 'ev/s', 'bare ws+JSON.parse', a, '>= 0.5x');
    line('daemon proxy -> client -> store (ours)', d, 'ev/s', 'client-js', b, '>= 0.9x');
    line('client-js websocket', b, 'ev/s', 'bare ws+JSON.parse', a);
    return { ours: c, daemon: d, bare: a, clientJs: b };
  } finally {
    await sim.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // BENCH_INGEST_ONLY=ours measures just our path (for profiling with --cpu-prof), at
  // BENCH_INGEST_RATE events/s offered (400k unless set).
  if (process.env.BENCH_INGEST_ONLY === 'ours') {
    const sim = await startSimProcess({ key: KEY, load: `flat:${Number(process.env.BENCH_INGEST_RATE ?? 400_000)}` });
    console.log(`ours: ${fmt(await ours(sim))} ev/s`);
    await sim.close();
  } else await runIngest();
}
