// Benchmark 4, render: Ink frames and React commits per second, Ink render time p95 and the TUI's
// CPU at 1k, 10k and 50k events/s, with a 50-row watchlist, the bias panel and a 20-row flow tape,
// rendering the real App (dist/ui/app.js) into a fake 160x82 terminal. The store (frame 100 ms) is
// fed in-process by a synthetic generator; CPU baseline: the same generator and store, no render.
//
// React picks its build from NODE_ENV when first imported, so each mode runs in a child process:
// `development` is what `massive watch` runs today (bin/massive.js sets no NODE_ENV),
// `production` is what it would run with NODE_ENV=production.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { fmt, header, line, sleep, summarize } from './lib.mjs';

const COLUMNS = 160;
/** Status + 50 watchlist rows + tape of 20: the layout gives the watchlist its rows first. */
const ROWS = 84;
const STOCKS = Array.from({ length: 50 }, (_, i) =>
  i < 8 ? ['SPY', 'QQQ', 'AAPL', 'NVDA', 'MSFT', 'TSLA', 'AMZN', 'META'][i] : `S${String(i).padStart(3, '0')}`,
);
const RATES = (process.env.BENCH_RENDER_RATES ?? '1000,5000,10000,50000').split(',').map(Number);

function fakeTty() {
  const out = new Writable({ write: (_c, _e, cb) => cb() });
  Object.assign(out, { columns: COLUMNS, rows: ROWS, isTTY: true });
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    setRawMode() {},
    setEncoding() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read: () => null,
  });
  return { out, stdin };
}

/** Feeds `rate` events/s for `ms`: stock trades and quotes, index values, and large option trades for the tape. */
async function feed(store, rate, ms) {
  const t0 = performance.now();
  let n = 0;
  let option = 0;
  while (performance.now() - t0 < ms) {
    const due = Math.floor(((performance.now() - t0) * rate) / 1000);
    const now = Date.now();
    for (; n < due; n++) {
      const sym = STOCKS[n % STOCKS.length];
      const p = 100 + ((n * 7) % 200) / 100;
      if (n % 3 === 0) store.apply({ ev: 'Q', sym, bp: p - 0.01, ap: p + 0.01, bs: 1, as: 1, t: now }, 'ws');
      else store.apply({ ev: 'T', sym, p, s: 100, t: now }, 'ws');
      if (n % 500 === 0)
        store.apply(
          {
            ev: 'V',
            T: n % 1000 === 0 ? 'I:SPX' : 'I:VIX',
            val: n % 1000 === 0 ? 6000 + (n % 50) : 15 + (n % 5) / 10,
            t: now,
          },
          'ws',
        );
    }
    // About 20 option prints a second fill the tape, whatever the stock rate.
    if (now - option >= 50) {
      option = now;
      // A different contract each time so the aggregator does not merge them into one sweep.
      const k = Math.floor(now / 50) % 200;
      const c = `O:${k % 2 ? 'SPY' : 'QQQ'}260320${k % 3 ? 'C' : 'P'}00${500 + k}000`;
      store.apply({ ev: 'T', sym: c, p: 5 + (k % 10) / 10, s: 500, x: 4, t: now }, 'ws');
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return n;
}

async function child() {
  const React = (await import('react')).default;
  const { render } = await import('ink');
  const { App } = await import('../dist/ui/app.js');
  const { createMarketStore } = await import('../dist/store/store.js');
  const measureMs = Number(process.env.BENCH_RENDER_MS ?? 5000);
  const results = [];
  for (const rate of RATES) {
    for (const withUi of [false, true]) {
      const store = createMarketStore({ symbols: STOCKS, demo: true, frameMs: 100 });
      let publishes = 0;
      store.subscribe(() => publishes++);
      const times = [];
      let commits = 0;
      let instance;
      if (withUi) {
        const { out, stdin } = fakeTty();
        const onCommit = () => void commits++;
        const tree = React.createElement(
          React.Profiler,
          { id: 'app', onRender: onCommit },
          React.createElement(App, { store, onQuit: () => {}, onBell: () => {} }),
        );
        instance = render(tree, {
          stdout: out,
          stdin,
          patchConsole: false,
          exitOnCtrlC: false,
          onRender: ({ renderTime }) => times.push(renderTime),
        });
      }
      await feed(store, rate, 1000); // warm-up
      times.length = 0;
      commits = 0;
      publishes = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await feed(store, rate, measureMs);
      const c = process.cpuUsage(c0);
      const wall = (performance.now() - t0) / 1000;
      const snap = store.getSnapshot();
      results.push({
        rate,
        withUi,
        cpu: (c.user + c.system) / 1e6 / wall,
        frames: times.length / wall,
        commits: commits / wall,
        publishes: publishes / wall,
        render: summarize(times),
        tape: snap.flow.length,
        bias: snap.bias !== undefined,
      });
      instance?.unmount();
      instance?.cleanup();
      store.close();
      await sleep(200);
    }
  }
  process.stdout.write(JSON.stringify(results));
}

function runChild(nodeEnv) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, CI: '0', CONTINUOUS_INTEGRATION: '0' };
    if (nodeEnv) env.NODE_ENV = nodeEnv;
    else delete env.NODE_ENV;
    // stderr is kept (Ink restores the cursor there on exit) and shown only on failure.
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`render child exited ${code}: ${err}`)),
    );
  });
}

export async function runRender() {
  header(
    `4. Render: real App in a fake ${COLUMNS}x${ROWS} terminal, 50-row watchlist + bias panel + 20-row tape, store frame 100 ms`,
  );
  for (const [label, nodeEnv] of [
    ['as shipped (NODE_ENV unset: React development build)', undefined],
    ['NODE_ENV=production', 'production'],
  ]) {
    console.log(`  -- ${label}`);
    const results = await runChild(nodeEnv);
    for (const rate of RATES) {
      const ui = results.find((r) => r.rate === rate && r.withUi);
      const base = results.find((r) => r.rate === rate && !r.withUi);
      line(`${fmt(rate)} ev/s: Ink frames written per s`, ui.frames, '/s', 'store publishes', ui.publishes, '<= 15/s');
      if (nodeEnv === undefined)
        line(`${fmt(rate)} ev/s: React commits per s`, ui.commits, '/s', 'store publishes', ui.publishes, '<= 15/s');
      line(`${fmt(rate)} ev/s: Ink render time p95`, ui.render.p95, 'ms', 'p50', ui.render.p50, '<= 8 ms');
      line(
        `${fmt(rate)} ev/s: TUI process CPU`,
        ui.cpu * 100,
        '% core',
        'no render',
        base.cpu * 100,
        rate === 5_000 ? '<= 30 %' : undefined,
      );
      if (ui.tape < 20 || !ui.bias)
        console.log(`    note: tape held ${ui.tape} prints, bias panel ${ui.bias ? 'on' : 'empty'}`);
    }
  }
}

if (process.argv.includes('--child')) await child();
else if (import.meta.url === `file://${process.argv[1]}`) await runRender();
