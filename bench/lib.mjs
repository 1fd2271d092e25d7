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

/** `--json`: one JSON object per figure on stdout instead of the table, for scripts. */
export const jsonOutput = process.argv.includes('--json');
let benchName = '';
/** Names the benchmark the following figures belong to (the `bench` field of `--json`). */
export function setBench(name) {
  benchName = name;
}

/**
 * Whether `value` (or its ratio, for an `x` clause) meets a goal written for people:
 * clauses like `<= 8 ms`, `>= 0.5x`, `> 1x`, `>= 100,000 ev/s` joined by `and`; `equal` means
 * equal to the baseline; a bare `4x` means at least 4x. Null when the goal says nothing testable.
 */
export function goalMet(goal, value, baseline) {
  if (!goal) return null;
  if (goal.trim() === 'equal') return value === baseline;
  const ratio = baseline ? value / baseline : NaN;
  let any = false;
  for (const clause of goal.split(/\s+and\s+/)) {
    const m = /^(<=|>=|<|>|=)?\s*([\d,]*\.?\d+)\s*(x)?/.exec(clause.trim());
    if (!m) continue;
    any = true;
    const target = Number(m[2].replaceAll(',', ''));
    const x = m[3] === 'x' ? ratio : value;
    const ok = { '<=': x <= target, '>=': x >= target, '<': x < target, '>': x > target, '=': x === target }[
      m[1] ?? '>='
    ];
    if (!ok) return false;
  }
  return any ? true : null;
}

/** `label: value unit (baseline: b unit, ratio r×)` — one line per figure (one JSON object with `--json`). */
export function line(label, value, unit, baselineLabel, baseline, goal) {
  const ratio = baseline ? value / baseline : NaN;
  if (jsonOutput) {
    const num = (n) => (Number.isFinite(n) ? Number(n.toPrecision(6)) : null);
    console.log(
      JSON.stringify({
        bench: benchName,
        figure: label.trim(),
        value: num(value),
        unit,
        baseline: num(baseline),
        baselineLabel,
        ratio: num(ratio),
        goal: goal ?? null,
        met: goalMet(goal, value, baseline),
      }),
    );
    return;
  }
  const goalText = goal ? `  goal: ${goal}` : '';
  console.log(
    `  ${label.padEnd(44)} ${fmt(value, value < 100 ? 2 : 0).padStart(12)} ${unit}   vs ${baselineLabel} ${fmt(baseline, baseline < 100 ? 2 : 0)} ${unit}  ratio ${fmt(ratio, 2)}x${goalText}`,
  );
}

/** A note for people reading the table; kept off stdout with `--json`. */
export function note(text) {
  if (jsonOutput) console.error(text);
  else console.log(text);
}

export function header(title) {
  note(`\n== ${title}`);
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
