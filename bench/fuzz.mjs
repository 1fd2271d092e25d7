// Benchmark 9, fuzz: the property suite (tests/property) as a longer hunt than `npm test` runs.
// `npm test` checks every parser and validator with 300 runs per property at a fixed seed; here
// each property gets BENCH_FUZZ_RUNS (default 20,000) runs at a seed of the day, and the figure is
// the time it took beside the default run's, with the number of failed properties (goal 0).
// A failure prints fast-check's seed and path, which replays it exactly.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { header, line, note } from './lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 20_000);

function suite(env) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'tests/property', '--reporter=dot'], {
    cwd: ROOT,
    env: { ...process.env, MASSIVE_SKIP_BUILD: '1', ...env },
    encoding: 'utf8',
  });
  const failed = Number(/Tests\s+(\d+) failed/.exec(r.stdout)?.[1] ?? (r.status === 0 ? 0 : 1));
  if (failed > 0)
    note(
      r.stdout
        .split('\n')
        .filter((l) => /seed|path|FAIL|Counterexample/i.test(l))
        .join('\n'),
    );
  return { seconds: (performance.now() - t0) / 1000, failed };
}

export async function runFuzz() {
  const seed = Number(new Date().toISOString().slice(0, 10).replaceAll('-', ''));
  header(`9. Fuzz: the property suite at ${RUNS.toLocaleString('en-US')} runs per property, seed ${seed}`);
  const base = suite({});
  const long = suite({ MASSIVE_FUZZ_RUNS: String(RUNS), MASSIVE_FUZZ_SEED: String(seed) });
  line('property suite, long run', long.seconds, 's', 'npm test size (300 runs)', base.seconds);
  line('failed properties, long run', long.failed, '', 'npm test size', base.failed, '= 0');
}

if (import.meta.url === `file://${process.argv[1]}`) await runFuzz();
