import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { summarize } from '../../../scripts/test-summary.mjs';

interface Summary {
  lines: string[];
  ok: boolean;
}

const test = (status: string, fullName = status) => ({ status, fullName });
const report = (tests: ReturnType<typeof test>[], extra: Record<string, unknown> = {}) => ({
  numPassedTests: tests.filter((t) => t.status === 'passed').length,
  numFailedTests: tests.filter((t) => t.status === 'failed').length,
  numFailedTestSuites: 0,
  success: !tests.some((t) => t.status === 'failed'),
  testResults: [{ name: '/repo/tests/a.test.ts', assertionResults: tests }],
  ...extra,
});

describe('the CI test summary', () => {
  it('ends with `N passed, N failed` when everything ran', () => {
    const s: Summary = summarize(report([test('passed'), test('passed')]), 0);
    expect(s).toEqual({ lines: ['2 passed, 0 failed'], ok: true });
  });

  it.each(['skipped', 'todo', 'pending'])('counts a %s test as failed and names it', (status) => {
    const s: Summary = summarize(report([test('passed'), test(status, 'the TUI in tmux')]), 0);
    expect(s.ok).toBe(false);
    expect(s.lines.at(-1)).toBe('1 passed, 1 failed');
    expect(s.lines.join('\n')).toContain(`${status}: the TUI in tmux (/repo/tests/a.test.ts)`);
  });

  it('adds skipped tests to real failures', () => {
    const s: Summary = summarize(report([test('failed'), test('skipped')]), 1);
    expect(s.lines.at(-1)).toBe('0 passed, 2 failed');
  });

  it('fails a run whose file failed to load though no test failed', () => {
    const s: Summary = summarize(report([test('passed')], { numFailedTestSuites: 1, success: false }), 1);
    expect(s).toEqual({ lines: ['1 passed, 1 failed'], ok: false });
  });

  it('fails without a report', () => {
    expect(summarize(undefined, 1)).toEqual({ lines: ['no vitest report', '0 passed, 1 failed'], ok: false });
  });
});
