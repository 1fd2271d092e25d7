// `npm run bench`: every benchmark, each figure beside a baseline measured in the same run.
// `npm run bench -- --long` adds the 30-minute soak (`--soak-minutes=N` shortens it);
// `--only=<name>` runs one: ingest, fanout, latency, render, rest, faults, process, fuzz, abuse, soak;
// `--json` prints one JSON object per figure (bench, figure, value, unit, baseline, ratio, goal,
// met) on stdout instead of the table, with the notes on stderr.
import os from 'node:os';
import { note, setBench } from './lib.mjs';
import { runAbuse } from './abuse.mjs';
import { runFanout } from './fanout.mjs';
import { runFaultMatrix } from './fault-matrix.mjs';
import { runIngest } from './ingest.mjs';
import { runLatency } from './latency.mjs';
import { runRender } from './render.mjs';
import { runRestEconomy } from './rest-economy.mjs';
import { runSoak } from './soak.mjs';
import { runWatchProcess } from './watch-process.mjs';
import { runFuzz } from './fuzz.mjs';

const long = process.argv.includes('--long');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

note(
  `massive bench — ${new Date().toISOString()} — node ${process.version} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} — ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);
const benches = [
  // 400k: the goal check (every path keeps up); 1.2M: past the point where ours saturates.
  [
    'ingest',
    async () => {
      await runIngest();
      await runIngest({ rate: 1_200_000 });
    },
  ],
  ['fanout', () => runFanout()],
  ['latency', () => runLatency()],
  ['render', () => runRender()],
  ['rest', () => runRestEconomy()],
  ['faults', () => runFaultMatrix()],
  ['process', () => runWatchProcess()],
  ['fuzz', () => runFuzz()],
  ['abuse', () => runAbuse()],
  ['soak', () => runSoak(), { long: true }],
];
for (const [name, run, flags] of benches) {
  if (only ? only !== name : flags?.long && !long) continue;
  setBench(name);
  await run();
}
