import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

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
 * The new space (V8's nursery) stops growing once it is this large, in bytes as V8 reports it
 * (`v8.getHeapSpaceStatistics()`). V8 starts it at 1 MiB and doubles it whenever many objects
 * survive a scavenge, up to 32 MiB, all of it resident once used. A screen keeps ~1–2 MiB of it
 * alive between frames, so the last doublings buy nothing but RSS: capped at 4 MiB the watch
 * process measured 157–158 MiB against 187 MiB, CPU within noise (7–8 % vs 7.1 %; at 1 MiB,
 * 159 MiB and 9.6 %, more objects promoted; at 8 MiB, 164 MiB). BENCHMARKS.md, session 6.
 */
export const NEW_SPACE_CAP_BYTES = 4 * 1048576;

/**
 * Asks V8 for a tighter heap. Node documents `v8.setFlagsFromString` after start-up as
 * unpredictable for flags read once at start; both flags here are read when V8 uses them:
 * `--heap-growing-percent` at every full collection (V8's MemoryController) and
 * `--semi-space-growth-factor` at every growth of the new space. The semi-space *size* flags are
 * read once at start, which a CLI started as `massive …` cannot set, hence the growth factor.
 * `tests/e2e/heap-tuning.test.ts` checks that both take effect on the Node that runs the tests.
 */
export function tuneHeap(newSpaceCap = NEW_SPACE_CAP_BYTES): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  capNewSpace(newSpaceCap);
}

function newSpaceSize(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Lets the new space grow until `cap`, then holds it there with a growth factor of 1. V8 only
 * grows it during a scavenge, so the check runs after garbage collections (delivered
 * asynchronously: a burst of scavenges can still take it one doubling past the cap) and stops
 * observing once the cap is reached.
 */
function capNewSpace(cap: number): void {
  const hold = () => setFlagsFromString('--semi-space-growth-factor=1');
  if (newSpaceSize() >= cap) {
    hold();
    return;
  }
  const observer = new PerformanceObserver(() => {
    if (newSpaceSize() < cap) return;
    hold();
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
