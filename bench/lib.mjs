// Shared helpers for `npm run bench`: every figure is printed next to a baseline measured in the
// same run, with the ratio, so numbers from different machines or days are never compared raw.
import { performance } from 'node:perf_hooks';

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samples) {
  const s = Float64Array.from(samples).sort();
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    p999: percentile(s, 99.9),
    max: s[s.length - 1],
  };
}

export const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : String(n);

/** `label: value unit (baseline: b unit, ratio r×)` — one line per figure. */
export function line(label, value, unit, baselineLabel, baseline, goal) {
  const ratio = baseline ? value / baseline : NaN;
  const goalText = goal ? `  goal: ${goal}` : '';
  console.log(
    `  ${label.padEnd(44)} ${fmt(value, value < 100 ? 2 : 0).padStart(12)} ${unit}   vs ${baselineLabel} ${fmt(baseline, baseline < 100 ? 2 : 0)} ${unit}  ratio ${fmt(ratio, 2)}x${goalText}`,
  );
}

export function header(title) {
  console.log(`\n== ${title}`);
}

/** CPU time (user+system) of this process over `fn`, as a share of one core. */
export async function cpuShare(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  return { result, cpu: (c.user + c.system) / 1000 / wall, wallMs: wall };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
