import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent.
 *
 * V8 picks a growing factor between 1.1 and 4 from how fast it collects versus how fast the
 * program allocates; a screen that allocates steadily (frames, quotes) gets a large one, so
 * `massive watch` sat at ~4× its live heap between mark-compacts (RSS 234 MiB average, 334 MiB
 * peak, live heap ~60 MiB; BENCHMARKS.md, session 5). 30 % is the factor V8 itself uses when it
 * optimises for memory (`kConservativeGrowingFactor`, 1.3): measured at RSS 178 MiB average and
 * 182 MiB peak with the same CPU (13.1 % vs 12.3 % of a core, within run-to-run noise).
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Asks V8 for a tighter heap. Node documents `v8.setFlagsFromString` after start-up as
 * unpredictable for flags read once at start; `--heap-growing-percent` is read at every full
 * collection (V8's MemoryController), which is why this works at run time, and the semi-space
 * size, read once, is left alone. `tests/e2e/heap-tuning.test.ts` checks that it takes effect
 * on the Node that runs the tests.
 */
export function tuneHeap(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
