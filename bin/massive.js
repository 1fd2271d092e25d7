#!/usr/bin/env node
// Tiny shim: the implementation lives in dist/ (compiled from src/cli).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`massive: ${error?.message ?? error}\n`);
    process.exitCode = 1;
  },
);
