// Benchmark 6, soak (`--long`): 30 minutes at 5,000 events/s, an upstream drop every 5 minutes and
// a client reconnect every 10 s; heap after GC, RSS, listener counts and process warnings, each
// against its value after warm-up. `--soak-minutes=N --soak-drop-every=S` shorten it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, header, line, note } from './lib.mjs';

const opt = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;

export async function runSoak() {
  const minutes = Number(opt('soak-minutes', 30));
  const dropEvery = Number(opt('soak-drop-every', 300));
  const reconnectEvery = Number(opt('soak-reconnect-every', 10));
  header(
    `6. Soak: ${minutes} min at 5,000 events/s, upstream drop every ${dropEvery} s, client reconnect every ${reconnectEvery} s`,
  );
  const child = fileURLToPath(new URL('./soak-child.mjs', import.meta.url));
  const r = await new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        '--expose-gc',
        child,
        `--minutes=${minutes}`,
        `--drop-every=${dropEvery}`,
        `--reconnect-every=${reconnectEvery}`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CI: '0' } },
    );
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`soak child exited ${code}: ${out}`)),
    );
  });
  const mib = (b) => b / 2 ** 20;
  line(
    'heap used after GC at the end',
    mib(r.end.heapUsed),
    'MiB',
    'after warm-up',
    mib(r.start.heapUsed),
    'no growth trend',
  );
  line('RSS at the end', mib(r.end.rss), 'MiB', 'after warm-up', mib(r.start.rss));
  line('external + array buffers at the end', mib(r.end.external), 'MiB', 'after warm-up', mib(r.start.external));
  const half = r.samples.filter((s) => s.minute >= minutes / 2);
  if (half.length > 1) {
    const slope = (half.at(-1).heapUsed - half[0].heapUsed) / (half.at(-1).minute - half[0].minute);
    note(`  heap slope over the second half: ${fmt(slope / 1024, 1)} KiB/min (${half.length} samples)`);
  }
  for (const k of ['processListeners', 'activeResources', 'proxySessions', 'upstreamClients'])
    line(`${k} at the end`, r.end[k], '', 'after warm-up', r.start[k], 'equal');
  note(
    `  events consumed: ${fmt(r.eventsPerSec)} ev/s; upstream drops: ${r.drops}; client reconnects: ${r.reconnects}`,
  );
  const mle = r.warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'));
  note(
    `  process warnings: ${r.warnings.length} (MaxListenersExceededWarning: ${mle.length}, goal 0)${r.warnings.length ? `\n    ${[...new Set(r.warnings)].join('\n    ')}` : ''}`,
  );
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) await runSoak();
