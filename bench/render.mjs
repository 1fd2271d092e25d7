// Benchmark 4, render: Ink render time, store publishes and the TUI's CPU at 1k to 50k events/s,
// with a 50-row watchlist, the bias panel and a 20-row flow tape, rendering the real App
// (dist/ui/app.js) into a fake 160x84 terminal. The store (frame 100 ms) is fed in-process by a
// synthetic generator; CPU baseline: the same generator and store, no render.
//
// Ink's floor: a minimal Ink app (one pre-coloured <Text> per line) replaying the very frames the
// App drew, at the same rate, with Ink's own output stage. Render figures are also given as a
// ratio to it: below 1.0x means the screen costs less than Ink itself needs to draw its text.
//
// Each output stage runs in its own child process (the stage is swapped on Ink's prototype), with
// NODE_ENV=production as bin/massive.js sets it: `ink` is Ink's own Output#get, `cached` is
// src/ui/output-stage.ts (the default of `massive watch`).
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { fmt, header, line, sleep, summarize, note } from './lib.mjs';

const COLUMNS = 160;
/** Status + 50 watchlist rows + tape of 20: the layout gives the watchlist its rows first. */
const ROWS = 84;
const STOCKS = Array.from({ length: 50 }, (_, i) =>
  i < 8 ? ['SPY', 'QQQ', 'AAPL', 'NVDA', 'MSFT', 'TSLA', 'AMZN', 'META'][i] : `S${String(i).padStart(3, '0')}`,
);
// 0 is the idle figure: the screen up, nothing arriving.
const RATES = (process.env.BENCH_RENDER_RATES ?? '0,1000,5000,10000,50000').split(',').map(Number);
/** The rate whose frames the floor replays. */
const FLOOR_RATE = 5000;
const IDLE_SETTLE_MS = 4000;

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

async function child(stage) {
  const React = (await import('react')).default;
  const { render, Box, Text } = await import('ink');
  const { App } = await import('../dist/ui/app.js');
  const { createMarketStore } = await import('../dist/store/store.js');
  const { installOutputStage, loadInkOutput } = await import('../dist/ui/output-stage.js');
  const Output = await loadInkOutput();
  const inkGet = Output.prototype.get;
  if (stage === 'cached' && !(await installOutputStage())) throw new Error('output stage not installed');
  // Records the frames the App draws, for the floor to replay (bench only: wraps whichever stage is in).
  const stageGet = Output.prototype.get;
  let recording;
  const recordingGet = function get() {
    const r = stageGet.call(this);
    if (recording && recording.length < 600) recording.push(r.output);
    return r;
  };
  Output.prototype.get = recordingGet;
  const measureMs = Number(process.env.BENCH_RENDER_MS ?? 5000);
  const mount = (tree, times) => {
    const { out, stdin } = fakeTty();
    return render(tree, {
      stdout: out,
      stdin,
      patchConsole: false,
      exitOnCtrlC: false,
      onRender: ({ renderTime }) => times.push(renderTime),
    });
  };
  const measure = async (times, work) => {
    times.length = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const extra = await work();
    const c = process.cpuUsage(c0);
    const wall = (performance.now() - t0) / 1000;
    return {
      cpu: (c.user + c.system) / 1e6 / wall,
      frames: times.length / wall,
      render: summarize(times),
      wall,
      ...extra,
    };
  };
  const results = [];
  for (const rate of RATES) {
    for (const withUi of [false, true]) {
      const store = createMarketStore({ symbols: STOCKS, demo: true, frameMs: 100 });
      let publishes = 0;
      store.subscribe(() => publishes++);
      const times = [];
      const instance = withUi
        ? mount(React.createElement(App, { store, onQuit: () => {}, onBell: () => {} }), times)
        : undefined;
      // Warm-up; the idle figure (rate 0) starts from a screen full of prices that then stop.
      await feed(store, rate || 1000, 1000);
      // Idle is a steady state (a quiet screen after hours): measured once the last flash has
      // faded and V8 has collected after the burst, not while it does (that read 6-12 % on this
      // machine, most of it the collector's memory reducer).
      if (rate === 0) await sleep(IDLE_SETTLE_MS);
      publishes = 0;
      recording = withUi && rate === FLOOR_RATE ? [] : undefined;
      const r = await measure(times, async () => {
        if (rate > 0) await feed(store, rate, measureMs);
        else await sleep(measureMs);
        return {};
      });
      const frames = recording;
      recording = undefined;
      const snap = store.getSnapshot();
      results.push({
        kind: 'app',
        rate,
        withUi,
        ...r,
        publishes: publishes / r.wall,
        tape: snap.flow.length,
        bias: snap.bias !== undefined,
      });
      instance?.unmount();
      instance?.cleanup();
      store.close();
      await sleep(200);
      if (frames?.length) results.push({ kind: 'floor', rate, ...(await floor(frames, r.frames)) });
    }
  }
  process.stdout.write(JSON.stringify(results));

  /** Ink's floor: the recorded frames, replayed as plain pre-coloured lines at the App's frame rate. */
  async function floor(frames, fps) {
    Output.prototype.get = inkGet;
    // biome-ignore lint/correctness/noComponentHookFactories: React and Ink are imported in the child process only; this component is made once per run and never re-created during it
    const Lines = ({ text }) =>
      React.createElement(
        Box,
        { flexDirection: 'column' },
        ...text.split('\n').map((l, i) => React.createElement(Text, { key: i }, l)),
      );
    const times = [];
    const instance = mount(React.createElement(Lines, { text: frames[0] }), times);
    await sleep(300);
    const r = await measure(times, async () => {
      const t0 = performance.now();
      for (let i = 1; performance.now() - t0 < measureMs; i++) {
        instance.rerender(React.createElement(Lines, { text: frames[i % frames.length] }));
        await sleep(1000 / Math.max(1, fps));
      }
      return {};
    });
    instance.unmount();
    instance.cleanup();
    Output.prototype.get = recordingGet;
    return r;
  }
}

function runChild(stage) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, CI: '0', CONTINUOUS_INTEGRATION: '0', NODE_ENV: 'production' };
    // stderr is kept (Ink restores the cursor there on exit) and shown only on failure.
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), `--child=${stage}`], {
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

const goals = { 0: { cpu: '<= 5 %' }, 5000: { cpu: '<= 30 %', publishes: '>= 9.5/s' }, 50000: { cpu: '<= 50 %' } };

export async function runRender() {
  header(
    `4. Render: real App in a fake ${COLUMNS}x${ROWS} terminal, 50-row watchlist + bias panel + 20-row tape, store frame 100 ms, NODE_ENV=production`,
  );
  for (const stage of ['ink', 'cached']) {
    note(`  -- output stage: ${stage === 'ink' ? "Ink's own" : 'cached (src/ui/output-stage.ts, the default)'}`);
    const results = await runChild(stage);
    for (const rate of RATES) {
      const ui = results.find((r) => r.kind === 'app' && r.rate === rate && r.withUi);
      const base = results.find((r) => r.kind === 'app' && r.rate === rate && !r.withUi);
      const fl = results.find((r) => r.kind === 'floor' && r.rate === rate);
      const at = rate === 0 ? 'idle' : `${fmt(rate)} ev/s`;
      const live = stage === 'cached';
      line(
        `${stage}: ${at}: store publishes per s`,
        ui.publishes,
        '/s',
        'no render',
        base.publishes,
        live ? goals[rate]?.publishes : undefined,
      );
      line(
        `${stage}: ${at}: Ink render time p95`,
        ui.render.p95,
        'ms',
        'p50',
        ui.render.p50,
        live && rate > 0 ? '<= 8 ms' : undefined,
      );
      if (fl) {
        line(
          `${stage}: ${at}: render p95 vs Ink's floor`,
          ui.render.p95,
          'ms',
          'floor p95',
          fl.render.p95,
          live ? '<= 1.0x' : undefined,
        );
        line(`${stage}: ${at}: render p50 vs Ink's floor`, ui.render.p50, 'ms', 'floor p50', fl.render.p50);
        line(`${stage}: ${at}: TUI CPU vs Ink's floor`, ui.cpu * 100, '% core', 'floor', fl.cpu * 100);
      }
      line(
        `${stage}: ${at}: TUI process CPU`,
        ui.cpu * 100,
        '% core',
        'no render',
        base.cpu * 100,
        live ? goals[rate]?.cpu : undefined,
      );
      if (rate > 0 && (ui.tape < 20 || !ui.bias))
        note(`    note: tape held ${ui.tape} prints, bias panel ${ui.bias ? 'on' : 'empty'}`);
    }
  }
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) await child(childArg.slice('--child='.length));
else if (import.meta.url === `file://${process.argv[1]}`) await runRender();
