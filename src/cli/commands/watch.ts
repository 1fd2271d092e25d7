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
    .option('--trace <file>', 'record every protocol frame and REST call (keys and tokens redacted)')
    .option(
      '--alert <rule>',
      'alert rule, e.g. "SPY>600" or "flow.premium>1000000" (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--flow <mode>', 'options flow source: window, firehose or off')
    .action(async (symbols: string[], opts) => {
      program.setOptionValue('exitCode', await runWatch(symbols, opts));
    });
}
