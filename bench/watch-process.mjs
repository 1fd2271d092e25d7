// Benchmark 8, the watch process: RSS and CPU of `massive watch` with 10 symbols `--demo` in a real
// 160x50 terminal (tmux), sampled every 2 s for 40 s after a 20 s warm-up. Baseline: a process that
// loads the same code (CLI, proxy, client, simulator, Ink and React) and does nothing, so the ratio
// is what the market data and the screen cost beyond the code itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { header, line, note, sleep } from './lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SYMBOLS = 'SPY QQQ AAPL NVDA MSFT TSLA AMZN META GOOGL AMD';
const TICK = 100; // clock ticks per second (Linux USER_HZ)

function sample(pid) {
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rss, ticks: Number(f[11]) + Number(f[12]) };
}

async function measure(pid, warmMs, ms) {
  await sleep(warmMs);
  const first = sample(pid);
  const rss = [];
  for (let t = 0; t < ms; t += 2000) {
    await sleep(2000);
    rss.push(sample(pid).rss);
  }
  const last = sample(pid);
  return {
    rssAvg: rss.reduce((a, b) => a + b, 0) / rss.length,
    rssMax: Math.max(...rss),
    cpu: ((last.ticks - first.ticks) / TICK / (ms / 1000)) * 100,
  };
}

async function watchProcess() {
  const socket = `massive-bench-${process.pid}`;
  const tmux = (...a) => execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
  const config = mkdtempSync(join(tmpdir(), 'massive-bench-'));
  const cmd = `cd '${ROOT}' && CI=0 MASSIVE_CONFIG_DIR='${config}' exec '${process.execPath}' bin/massive.js watch ${SYMBOLS} --demo`;
  tmux('new-session', '-d', '-s', 'w', '-x', '160', '-y', '50', cmd);
  try {
    const pid = Number(tmux('list-panes', '-t', 'w', '-F', '#{pane_pid}').trim());
    return await measure(pid, 20_000, 40_000);
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  }
}

async function codeOnly() {
  // Tuned as bin/massive.js tunes the watch (lib/heap-tuning.ts), so the ratio is the data's cost.
  const code = `process.env.NODE_ENV='production';(await import('${ROOT}dist/lib/heap-tuning.js')).tuneHeap();await Promise.all(['cli/main','ui/run','proxy/index','stream/market-client','sim/index'].map((m)=>import('${ROOT}dist/'+m+'.js')));setInterval(()=>{},1000)`;
  const { spawn } = await import('node:child_process');
  const p = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: 'ignore' });
  try {
    return await measure(p.pid, 5_000, 10_000);
  } finally {
    p.kill();
  }
}

export async function runWatchProcess() {
  header(`8. The watch process: massive watch (10 symbols) --demo in a 160x50 tmux terminal`);
  if (spawnSync('tmux', ['-V']).status !== 0) return note('  tmux not found: skipped');
  const base = await codeOnly();
  const w = await watchProcess();
  line('watch RSS, average', w.rssAvg, 'MiB', 'code loaded, idle', base.rssAvg, '<= 150 MiB');
  line('watch RSS, peak', w.rssMax, 'MiB', 'code loaded, idle', base.rssMax);
  line('watch CPU', w.cpu, '% core', 'code loaded, idle', base.cpu, '<= 10 %');
}

if (import.meta.url === `file://${process.argv[1]}`) await runWatchProcess();
