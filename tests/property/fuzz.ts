/**
 * fast-check settings shared by the property suites. `npm test` runs a fixed seed and a small
 * number of runs so it is repeatable and quick; a longer hunt is one variable away:
 *   MASSIVE_FUZZ_RUNS=100000 npx vitest run tests/property
 * MASSIVE_FUZZ_SEED picks another seed (fast-check prints the seed and path of any failure,
 * which replays it exactly).
 */
import fc from 'fast-check';

const runs = Number(process.env.MASSIVE_FUZZ_RUNS || 'NaN');
const seed = Number(process.env.MASSIVE_FUZZ_SEED || 'NaN');

/** Runs per property: a few hundred in `npm test`. */
export const NUM_RUNS = Number.isInteger(runs) && runs > 0 ? runs : 300;

/** A timeout that grows with the runs asked for (1 ms a run is generous for these parsers). */
export const FUZZ_TIMEOUT = 20_000 + NUM_RUNS * 2;

fc.configureGlobal({
  seed: Number.isInteger(seed) ? seed : 20_261_202,
  numRuns: NUM_RUNS,
});

export { fc };

/** Any JSON value, including the odd corners (deep nesting, unicode, huge and tiny numbers). */
export const anyJson = () => fc.jsonValue({ maxDepth: 4 });
