/**
 * Setup file (vitest.config.ts `setupFiles`) for every test: a test fails if anything calls
 * console.error, which is where React reports updates outside act(), missing keys and the like
 * (gemini-cli does the same). React's act() environment is on for every test;
 * `withoutActEnvironment()` in ./ink.ts turns it off for a suite that drives a real render loop.
 * Nothing in src/ writes to console.error, so outside Ink tests this costs nothing.
 */
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest';

declare global {
  // React reads this global to decide whether to warn about updates outside act().
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

let spy: MockInstance<typeof console.error> | undefined;

beforeEach(() => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  spy = vi.spyOn(console, 'error');
});

afterEach(() => {
  const calls = spy?.mock.calls ?? [];
  spy?.mockRestore();
  spy = undefined;
  expect(
    calls.map((args) => args.map(String).join(' ')),
    'console.error during the test',
  ).toEqual([]);
});
