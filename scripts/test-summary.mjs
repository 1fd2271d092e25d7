#!/usr/bin/env node
// Reads vitest's JSON report and prints the line CI reads, `N passed, N failed`, last. A skipped
// or todo test counts as failed: a test that did not run proves nothing, and a clone that lacks
// what a test needs (tmux, bash, a fixture) must fail loudly, not pass quietly. Used by .ci/run.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NOT_RUN = new Set(['skipped', 'pending', 'todo', 'disabled']);

/**
 * `report`: vitest's JSON report, or undefined when there is none (vitest did not finish).
 * `exitStatus`: vitest's own exit status. Returns the lines to print, the last being the summary.
 */
export function summarize(report, exitStatus) {
  if (report === undefined) return { lines: ['no vitest report', '0 passed, 1 failed'], ok: false };
  const notRun = [];
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (NOT_RUN.has(test.status)) notRun.push(`${test.status}: ${test.fullName} (${file.name})`);
    }
  }
  const passed = report.numPassedTests ?? 0;
  let failed = (report.numFailedTests ?? 0) + notRun.length;
  // A file that fails to load, or a failing hook, fails the run without failing a test.
  if (failed === 0 && (exitStatus !== 0 || report.success === false))
    failed = Math.max(1, report.numFailedTestSuites ?? 0);
  const lines = [];
  if (notRun.length > 0) lines.push(`${notRun.length} test(s) did not run and count as failed:`, ...notRun);
  lines.push(`${passed} passed, ${failed} failed`);
  return { lines, ok: failed === 0 };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [path = '.tmp/vitest-report.json', status = '0'] = process.argv.slice(2);
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    report = undefined;
  }
  const { lines, ok } = summarize(report, Number(status));
  for (const line of lines) console.log(line);
  process.exitCode = ok ? 0 : 1;
}
