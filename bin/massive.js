#!/usr/bin/env node
// Tiny shim: the implementation lives in dist/ (compiled from src/cli).
// React and Ink run their development builds unless NODE_ENV says otherwise, which costs the
// screen a large share of its CPU; set it before the (dynamic) import loads them.
process.env.NODE_ENV ??= 'production';
// Before the CLI's modules load, since loading them is what first grows V8's new space
// (src/lib/heap-tuning.ts says why the heap is tuned at all).
(await import('../dist/lib/heap-tuning.js')).tuneHeap();
const { main } = await import('../dist/cli/main.js');

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`massive: ${error?.message ?? error}\n`);
    process.exitCode = 1;
  },
);
