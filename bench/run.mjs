// `npm run bench`: every benchmark, each figure beside a baseline measured in the same run.
// `npm run bench -- --long` adds the 30-minute soak. Not part of `npm test`.
import os from 'node:os';
import { runIngest } from './ingest.mjs';
import { runRestEconomy } from './rest-economy.mjs';

const long = process.argv.includes('--long');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

console.log(`massive bench — ${new Date().toISOString()} — node ${process.version} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} — ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
const benches = [
  ['ingest', () => runIngest()],
  ['rest', () => runRestEconomy()],
];
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  await run({ long });
}
