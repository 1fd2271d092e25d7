// Benchmark 3, latency: simulator event to NDJSON line, p50/p99/p99.9 at 5,000 events/s, through
// the proxy, the client, the store (frame 0: every event) and the NDJSON writer. Baseline: the
// same events read by a bare `ws` client with JSON.parse. The simulator stamps each frame with its
// send time (wall clock, ms), so figures carry ±1 ms of timestamp resolution.
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { startProxy } from '../dist/proxy/index.js';
import { createRestClient } from '../dist/rest/index.js';
import { createMarketStore } from '../dist/store/store.js';
import { createMarketClient } from '../dist/stream/market-client.js';
import { startNdjsonWriter } from '../dist/headless/writer.js';
import { startSimProcess } from './sim-process.mjs';
import { header, line, sleep, summarize, fmt } from './lib.mjs';

const KEY = 'bench-latency-key';
const SYMBOLS = ['SPY', 'QQQ', 'AAPL', 'NVDA', 'MSFT', 'TSLA', 'AMZN', 'META'];
const LOAD = {
  action: 'start',
  profile: 'flat',
  eventsPerSec: 5000,
  symbols: SYMBOLS,
  frameEvents: 25,
  stampSendTime: true,
};

async function collect(ms, samples) {
  await sleep(2000);
  samples.length = 0;
  await sleep(ms);
  return summarize(samples);
}

async function bare(sim) {
  const samples = [];
  const ws = new WebSocket(`${sim.wsUrl}/stocks`, { perMessageDeflate: false });
  ws.on('message', (data) => {
    const arr = JSON.parse(data);
    const now = Date.now();
    if (arr[0]?.status === 'connected') ws.send(JSON.stringify({ action: 'auth', params: KEY }));
    else if (arr[0]?.status === 'auth_success')
      ws.send(JSON.stringify({ action: 'subscribe', params: SYMBOLS.map((s) => `T.${s}`).join(',') }));
    else for (const e of arr) if (e.ev === 'T') samples.push(now - e.t);
  });
  const s = await collect(8000, samples);
  ws.terminate();
  return s;
}

async function ours(sim) {
  const samples = [];
  const proxy = await startProxy({ apiKey: KEY, apiBase: sim.httpUrl, wsBase: sim.wsUrl });
  const store = createMarketStore({ symbols: SYMBOLS, demo: true, frameMs: 0 });
  const rest = createRestClient({ baseUrl: proxy.httpUrl, auth: () => proxy.issueToken('bench') });
  const client = createMarketClient({
    wsBase: proxy.wsUrl,
    rest,
    getToken: () => proxy.issueToken('bench'),
    store,
    symbols: SYMBOLS,
  });
  let tail = '';
  const out = new Writable({
    write(chunk, _enc, cb) {
      const now = Date.now();
      const text = tail + chunk.toString();
      const lines = text.split('\n');
      tail = lines.pop();
      for (const l of lines) {
        if (!l.includes('"type":"quote"')) continue;
        const asOf = Date.parse(JSON.parse(l).asOf);
        if (Number.isFinite(asOf)) samples.push(now - asOf);
      }
      cb();
    },
  });
  const writer = startNdjsonWriter({ store, out });
  await client.start();
  const s = await collect(8000, samples);
  writer.close();
  client.close();
  store.close();
  await rest.close();
  await proxy.close();
  return s;
}

export async function runLatency() {
  header('3. Latency: simulator event -> NDJSON line at 5,000 events/s (ms; send-time stamps, ±1 ms)');
  // A Saturday: the simulated market is closed, so every trade is a send-time-stamped load event
  // (natural trades carry market time and would pollute the baseline's samples).
  const sim = await startSimProcess({ key: KEY, extraArgs: ['--at', '2026-03-07T17:00:00Z'] });
  try {
    await sim.control('/_sim/load', LOAD);
    const a = await bare(sim);
    const b = await ours(sim);
    for (const p of ['p50', 'p99', 'p999'])
      line(`latency ${p} (ours, n=${fmt(b.n)})`, b[p], 'ms', 'bare ws', a[p], p === 'p99' ? '<= 10 ms' : undefined);
    return { ours: b, bare: a };
  } finally {
    await sim.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runLatency();
