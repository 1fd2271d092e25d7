import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Network tests start real servers on 127.0.0.1; two cores, so keep the pool small.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Ink renders only the final frame when it believes it runs in CI (is-in-ci reads CI at
    // import time); the UI tests and the real TUI under tmux need the interactive renderer.
    env: { CI: '0', CONTINUOUS_INTEGRATION: '0' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // e2e tests spawn dist/; globalSetup builds it once so `npm test` needs nothing beforehand.
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Every test fails on console.error (React's act() warnings among them).
    setupFiles: ['tests/helpers/console-guard.ts'],
    // The JSON report lets .ci/run print the plain `N passed, N failed` line CI reads.
    reporters: ['default', 'json'],
    outputFile: { json: '.tmp/vitest-report.json' },
  },
});
