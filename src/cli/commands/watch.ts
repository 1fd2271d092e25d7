import type { Command } from 'commander';
import { runWatch } from '../watch.js';

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('live watchlist, SPX/VIX bias panel and options flow')
    .argument('[symbols...]', 'tickers to watch, e.g. SPY QQQ NVDA')
    .option('--demo', 'use the built-in simulator (no API key needed; data is synthetic)')
    .option('--json', 'write NDJSON events to stdout instead of the screen')
    .option('--frame-ms <ms>', 'publish at most one snapshot per this many ms (0 = every event)')
    .option('--seed <n>', 'simulator seed with --demo')
    .option('--verbose', 'log to stderr (--json) or to massive.log (screen)')
    .option('--log-file <path>', 'log file for --verbose in screen mode')
    .action(async (symbols: string[], opts) => {
      program.setOptionValue('exitCode', await runWatch(symbols, opts));
    });
}
