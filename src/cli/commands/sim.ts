import { Option, type Command } from 'commander';
import { runSim } from '../sim.js';

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run the Massive API simulator (REST and WebSocket on one port)')
    .option('--port <n>', 'port to listen on', '9000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(
      new Option(
        '--key <key[=plans]>',
        'API key the simulator accepts, repeatable; KEY=stocks:starter,options:advanced sells it those plans (default: every class Advanced)',
      )
        .argParser((v: string, prev?: string[]) => [...(prev ?? []), v])
        .default(undefined, 'demo-key'),
    )
    .option('--seed <n>', 'random seed', '7')
    .option('--speed <n>', 'market time multiplier', '1')
    .option(
      '--at <iso>',
      "pin the market clock to this start time ('now' = the wall clock even when closed; default: now, or the latest regular session when the market is closed)",
    )
    .option(
      '--load <profile:rate>',
      'stream pre-encoded stock trades on T.* at this rate, e.g. flat:100000, burst:20000, lull:5000',
    )
    .option('--reconnect-every <minutes>', 'force every WebSocket to reconnect after this many market minutes')
    .action(async (opts) => {
      program.setOptionValue('exitCode', await runSim(opts));
    });
}
