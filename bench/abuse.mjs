// Benchmark 7, abuse: a normal watch-like client (the real stream client, store and NDJSON
// writer) reads 2,000 events/s through one proxy process while, in another process, attackers
// hit the same proxy all at once: 500 WebSocket connections that never authenticate, one client
// subscribing 100,000 topics, one sending 10 MiB frames, one sending 10,000 messages/s, and 50
// slow-headers (slowloris) connections. Every attacker reconnects a second after it is cut off,
// so the pressure lasts. Quiet and abused windows alternate and samples are pooled, so load from
// elsewhere on the machine lands on both sides alike. Reports the normal client's p99 against
// the quiet windows, the proxy's RSS, what its limits refused, and whether it is still alive.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createRestClient } from '../dist/rest/index.js';
import { createMarketStore } from '../dist/store/store.js';
import { createMarketClient } from '../dist/stream/market-client.js';
import { startNdjsonWriter } from '../dist/headless/writer.js';
import { startProxyProcess } from './proxy-process.mjs';
import { processCpuSeconds, startSimProcess } from './sim-process.mjs';
import { QUIET_MARKET } from './fanout.mjs';
import { fmt, header, line, note, sleep, summarize } from './lib.mjs';

const KEY = 'bench-abuse-key';
const SYMBOLS = ['SPY', 'QQQ', 'AAPL', 'NVDA', 'MSFT', 'TSLA', 'AMZN', 'META'];
const RATE = 2_000;
const ROUNDS = 4;
const QUIET_MS = 6_000;
/** Longer than the 10 s headers timeout, so the slow-headers connections are cut off inside it. */
const ABUSE_MS = 11_000;

/** Resident set of a process, MiB, from /proc (Linux). */
function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The watch-like client: event-to-NDJSON-line latency of every quote (ms). */
async function normalClient(proxy) {
  const samples = [];
  const store = createMarketStore({ symbols: SYMBOLS, demo: true, frameMs: 0 });
  const rest = createRestClient({ baseUrl: proxy.httpUrl, auth: () => proxy.token('watch') });
  const client = createMarketClient({
    wsBase: proxy.wsUrl,
    rest,
    getToken: () => proxy.token('watch'),
    store,
    symbols: SYMBOLS,
  });
  let tail = '';
  const out = new Writable({
    write(chunk, _enc, cb) {
      const now = Date.now();
      const lines = (tail + chunk.toString()).split('\n');
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
  return {
    samples,
    async close() {
      writer.close();
      client.close();
      store.close();
      await rest.close();
    },
  };
}

async function proxyStatus(proxy) {
  const res = await fetch(`${proxy.httpUrl}/_proxy/status`, {
    headers: { authorization: `Bearer ${proxy.token('bench')}` },
    signal: AbortSignal.timeout(5_000),
  });
  if (res.status !== 200) throw new Error(`status answered HTTP ${res.status}`);
  return res.json();
}

export async function runAbuse() {
  header(
    `7. Abuse: a watch-like client at ${fmt(RATE)} events/s while 500 tokenless sockets, 100,000 topics, 10 MiB frames, 10,000 msg/s and slow headers hit the proxy`,
  );
  const sim = await startSimProcess({ key: KEY, extraArgs: QUIET_MARKET });
  const proxy = await startProxyProcess({ key: KEY, sim }).catch(async (err) => {
    await sim.close();
    throw err;
  });
  const attacker = fork(fileURLToPath(import.meta.url), ['--attacker'], {
    env: {
      ...process.env,
      ABUSE_HTTP: proxy.httpUrl,
      ABUSE_WS: proxy.wsUrl,
      // Tokens, not the key: what a script on the desk would hold.
      ABUSE_TOKEN_SUBS: proxy.token('subs'),
      ABUSE_TOKEN_FLOOD: proxy.token('flood'),
      ABUSE_TOKEN_BIG: proxy.token('big'),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let normal;
  try {
    await sim.control('/_sim/load', {
      action: 'start',
      profile: 'flat',
      eventsPerSec: RATE,
      symbols: SYMBOLS,
      frameEvents: 10,
      stampSendTime: true,
    });
    normal = await normalClient(proxy);
    await sleep(2_000);
    const quiet = [];
    const abused = [];
    let rssQuiet = 0;
    let rssAbused = 0;
    const cpu = { quiet: 0, abused: 0, attacker: 0 };
    const perRound = [];
    for (let round = 0; round < ROUNDS; round++) {
      normal.samples.length = 0;
      let c0 = await processCpuSeconds(proxy.pid);
      await sleep(QUIET_MS);
      cpu.quiet += (await processCpuSeconds(proxy.pid)) - c0;
      quiet.push(...normal.samples);
      const quietP99 = summarize(normal.samples).p99;
      rssQuiet = Math.max(rssQuiet, rssMiB(proxy.pid));
      attacker.send('start');
      await sleep(1_000);
      normal.samples.length = 0;
      c0 = await processCpuSeconds(proxy.pid);
      const a0 = await processCpuSeconds(attacker.pid);
      const t0 = Date.now();
      while (Date.now() - t0 < ABUSE_MS) {
        await sleep(250);
        rssAbused = Math.max(rssAbused, rssMiB(proxy.pid));
      }
      cpu.abused += (await processCpuSeconds(proxy.pid)) - c0;
      cpu.attacker += (await processCpuSeconds(attacker.pid)) - a0;
      abused.push(...normal.samples);
      perRound.push(`${fmt(quietP99)} / ${fmt(summarize(normal.samples).p99)}`);
      attacker.send('stop');
      await sleep(1_500);
    }
    const q = summarize(quiet);
    const a = summarize(abused);
    line(`normal client p99 under abuse (n=${fmt(a.n)})`, a.p99, 'ms', 'quiet', q.p99, '<= 1.5x');
    line(`normal client p50 under abuse`, a.p50, 'ms', 'quiet', q.p50);
    line(
      'normal client quotes per second under abuse',
      a.n / ((ROUNDS * ABUSE_MS) / 1000),
      '/s',
      'quiet',
      q.n / ((ROUNDS * QUIET_MS) / 1000),
    );
    note(`  p99 per round, quiet / under abuse (ms): ${perRound.join(', ')}`);
    line('proxy RSS, peak under abuse', rssAbused, 'MiB', 'quiet', rssQuiet);
    const share = (sec, ms) => (100 * sec) / ((ROUNDS * ms) / 1000);
    line(
      'proxy CPU under abuse (share of one core)',
      share(cpu.abused, ABUSE_MS),
      '%',
      'quiet',
      share(cpu.quiet, QUIET_MS),
    );
    note(`  the attackers' own process used ${fmt(share(cpu.attacker, ABUSE_MS))} % of a core (same machine)`);
    const st = await proxyStatus(proxy);
    note(`  proxy alive after the abuse: yes (status answered; ${st.clients.length} sessions left)`);
    note(
      `  refused by the limits: ${Object.entries(st.refused ?? {})
        .map(([k, n]) => `${k} ${fmt(n)}`)
        .join(', ')}`,
    );
    return { quiet: q, abused: a, rssQuiet, rssAbused, refused: st.refused };
  } finally {
    attacker.kill('SIGTERM');
    await normal?.close();
    await proxy.close();
    await sim.close();
  }
}

// ---- the attackers (a child process, so their own CPU is not the normal client's) ----

/** Everything the attackers hold open, closed on `stop`. */
const live = new Set();

/** Keeps `open()` running: when what it opened closes, it opens again a second later. */
function persistent(open, state) {
  const loop = () => {
    if (!state.on) return;
    const closed = open();
    closed.then(() => setTimeout(loop, 1_000));
  };
  loop();
}

function ws(path, onOpen) {
  const s = new WebSocket(`${process.env.ABUSE_WS}${path}`, { perMessageDeflate: false, maxPayload: 64 * 2 ** 20 });
  live.add(s);
  s.on('error', () => {});
  s.on('open', () => onOpen?.(s));
  return new Promise((resolve) => s.on('close', resolve)).finally(() => live.delete(s));
}

function authed(path, token, then) {
  return ws(path, (s) => {
    s.on('message', (d) => {
      if (d.toString().includes('"auth_success"')) then(s);
    });
    s.send(JSON.stringify({ action: 'auth', params: token }));
  });
}

/** `ABUSE_ONLY=tokenless,subs,big,flood,slow` runs some attackers only (to see which one costs what). */
const only = (name) => !process.env.ABUSE_ONLY || process.env.ABUSE_ONLY.split(',').includes(name);

function attack(state) {
  // 500 sockets that never send a token.
  if (only('tokenless')) for (let i = 0; i < 500; i++) persistent(() => ws('/stocks'), state);
  // One client asking for 100,000 topics, in frames under the frame limit.
  if (only('subs'))
    persistent(
      () =>
        authed('/stocks', process.env.ABUSE_TOKEN_SUBS, (s) => {
          for (let b = 0; b < 10; b++) {
            const topics = Array.from({ length: 10_000 }, (_, i) => `T.Z${String(b * 10_000 + i).padStart(5, '0')}`);
            s.send(JSON.stringify({ action: 'subscribe', params: topics.join(',') }));
          }
        }),
      state,
    );
  // One client sending 10 MiB frames.
  const big = JSON.stringify({ action: 'subscribe', params: `T.${'X'.repeat(10 * 2 ** 20)}` });
  if (only('big')) persistent(() => authed('/stocks', process.env.ABUSE_TOKEN_BIG, (s) => s.send(big)), state);
  // One client sending 10,000 messages a second (100 every 10 ms).
  const msg = JSON.stringify({ action: 'subscribe', params: 'T.SPY' });
  if (only('flood'))
    persistent(
      () =>
        authed('/stocks', process.env.ABUSE_TOKEN_FLOOD, (s) => {
          const t = setInterval(() => {
            if (s.readyState !== WebSocket.OPEN) return clearInterval(t);
            for (let i = 0; i < 100; i++) s.send(msg);
          }, 10);
        }),
      state,
    );
  // 50 slowloris connections: one header byte a second.
  const url = new URL(process.env.ABUSE_HTTP);
  const slow = `GET /v2/aggs/ticker/SPY/prev HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(1_000)}`;
  if (only('slow'))
    for (let i = 0; i < 50; i++)
      persistent(
        () =>
          new Promise((resolve) => {
            const sock = connect(Number(url.port), url.hostname);
            let at = 0;
            const t = setInterval(() => sock.writable && sock.write(slow[at++ % slow.length]), 1_000);
            sock.on('error', () => {});
            sock.on('close', () => {
              clearInterval(t);
              live.delete(sock);
              resolve();
            });
            live.add(sock);
          }),
        state,
      );
}

if (process.argv.includes('--attacker')) {
  let state = { on: false };
  process.on('message', (m) => {
    if (m === 'start' && !state.on) {
      state = { on: true };
      attack(state);
    } else if (m === 'stop') {
      state.on = false;
      for (const s of live) (s.terminate ?? s.destroy).call(s);
      live.clear();
    }
  });
  process.on('disconnect', () => process.exit(0));
} else if (import.meta.url === `file://${process.argv[1]}`) await runAbuse();
