// Benchmark 2, fan-out: one upstream (the simulator's load generator, in its own process) through
// ONE proxy (in its own process, CPU read from /proc) to 1, 4 and 16 downstream clients. Clients
// are deliberately cheap (they count frames and read the send-time stamp of the first event
// without a JSON.parse) so what is measured is the proxy, not 16 parsers sharing two cores.
import WebSocket from 'ws';
import { startProxyProcess } from './proxy-process.mjs';
import { processCpuSeconds, startSimProcess } from './sim-process.mjs';
import { fmt, header, line, sleep, summarize } from './lib.mjs';

const KEY = 'bench-fanout-key';
const SYMBOLS = ['SPY', 'QQQ', 'AAPL', 'NVDA', 'MSFT', 'TSLA', 'AMZN', 'META'];
const RATE = 50_000;
const FRAME_EVENTS = 100;
const TOPICS = SYMBOLS.map((s) => `T.${s}`).join(',');
const T_MARK = Buffer.from('"t":');
/** A Saturday: the simulated market is closed, so only the load generator's stamped frames flow. */
export const QUIET_MARKET = ['--at', '2026-03-07T17:00:00Z'];

/** A downstream client: counts data events and records event-to-arrival latency (ms). */
function client(proxy, name) {
  const c = { events: 0, samples: [], ws: undefined, ready: undefined };
  const ws = new WebSocket(`${proxy.wsUrl}/stocks`, { perMessageDeflate: false });
  c.ws = ws;
  c.ready = new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data) => {
      // Status frames are small and rare; data frames start with a trade.
      if (data[8] === 0x54 /* T */ && data.subarray(0, 10).toString() === '[{"ev":"T"') {
        const now = Date.now();
        c.events += FRAME_EVENTS;
        const i = data.indexOf(T_MARK);
        if (i > 0) c.samples.push(now - Number(data.subarray(i + 4, i + 17).toString()));
        return;
      }
      const text = data.toString();
      if (text.includes('"connected"')) ws.send(JSON.stringify({ action: 'auth', params: proxy.token(name) }));
      else if (text.includes('"auth_success"')) ws.send(JSON.stringify({ action: 'subscribe', params: TOPICS }));
      else if (text.includes(`subscribed to: T.${SYMBOLS.at(-1)}`)) resolve();
    });
  });
  return c;
}

async function loadStats(sim) {
  return (await fetch(`${sim.httpUrl}/_sim/load`)).json();
}

/** Measures `clients` over `ms` after `warmMs`: delivered rates, latency, proxy CPU, upstream skips. */
async function window(sim, proxy, clients, { warmMs = 1500, ms = 5000 } = {}) {
  await sleep(warmMs);
  for (const c of clients) c.samples.length = 0;
  const e0 = clients.map((c) => c.events);
  const cpu0 = await processCpuSeconds(proxy.pid);
  const skip0 = (await loadStats(sim)).skippedFrames;
  const t0 = performance.now();
  await sleep(ms);
  const wall = (performance.now() - t0) / 1000;
  const cpu = ((await processCpuSeconds(proxy.pid)) - cpu0) / wall;
  const skipped = (await loadStats(sim)).skippedFrames - skip0;
  const rates = clients.map((c, i) => (c.events - e0[i]) / wall);
  const samplesAll = clients.flatMap((c) => c.samples);
  return { rates, sum: rates.reduce((a, b) => a + b, 0), cpu, skipped, latency: summarize(samplesAll), samplesAll };
}

export async function runFanout() {
  header(
    `2. Fan-out: simulator load ${fmt(RATE)} events/s (${FRAME_EVENTS}-event frames) -> one proxy process -> N clients`,
  );
  const sim = await startSimProcess({ key: KEY, extraArgs: QUIET_MARKET });
  const proxy = await startProxyProcess({ key: KEY, sim });
  const clients = [];
  try {
    await sim.control('/_sim/load', {
      action: 'start',
      profile: 'flat',
      eventsPerSec: RATE,
      symbols: SYMBOLS,
      frameEvents: FRAME_EVENTS,
      stampSendTime: true,
    });
    const results = {};
    for (const n of [1, 4, 16]) {
      while (clients.length < n) clients.push(client(proxy, `c${clients.length}`));
      await Promise.all(clients.map((c) => c.ready));
      results[n] = await window(sim, proxy, clients);
    }
    const base = results[1];
    for (const n of [1, 4, 16]) {
      const r = results[n];
      line(`delivered, sum over ${n} client(s)`, r.sum, 'ev/s', '1 client', base.sum, n > 1 ? `${n}x` : undefined);
      line(`  per client (slowest of ${n})`, Math.min(...r.rates), 'ev/s', '1 client', base.sum);
      line(`  proxy CPU (share of one core), ${n} client(s)`, r.cpu * 100, '%', '1 client', base.cpu * 100);
      line(`  client latency p99, ${n} client(s)`, r.latency.p99, 'ms', '1 client', base.latency.p99);
      line(`  upstream frames skipped (proxy not reading), ${n}`, r.skipped, 'frames', '1 client', base.skipped, '= 0');
    }
    // One slow client among 4 fast ones: the fast ones' p99 must stay within 20 %. Rounds
    // without and with it alternate and samples are pooled, so load from elsewhere on the machine
    // lands on both sides alike.
    for (const c of clients.splice(4)) c.ws.terminate();
    const pooled = { without: [], with: [], sumWithout: 0, sumWith: 0, skipped: 0 };
    for (let round = 0; round < 3; round++) {
      const a = await window(sim, proxy, clients, { warmMs: 1000, ms: 3000 });
      const slow = client(proxy, `slow${round}`);
      await slow.ready;
      slow.ws.pause(); // stops reading: its TCP window fills and the proxy's buffer for it grows
      const b = await window(sim, proxy, clients, { warmMs: 1000, ms: 3000 });
      slow.ws.terminate();
      for (const c of clients) c.samples.length = 0;
      pooled.without.push(...a.samplesAll);
      pooled.with.push(...b.samplesAll);
      pooled.sumWithout += a.sum / 3;
      pooled.sumWith += b.sum / 3;
      pooled.skipped += b.skipped;
    }
    const fast = summarize(pooled.without);
    const withSlow = summarize(pooled.with);
    line('fast clients p99 with 1 slow client', withSlow.p99, 'ms', 'without', fast.p99, '<= 1.2x');
    line('fast clients p50 with 1 slow client', withSlow.p50, 'ms', 'without', fast.p50);
    line('delivered to 4 fast clients with 1 slow', pooled.sumWith, 'ev/s', 'without', pooled.sumWithout);
    line('upstream frames skipped with 1 slow client', pooled.skipped, 'frames', 'without', 0, '= 0');
    return { results, fast, withSlow };
  } finally {
    for (const c of clients) c.ws.terminate();
    await proxy.close();
    await sim.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runFanout();
