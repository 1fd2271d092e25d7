import { Option, type Command } from 'commander';
import { runSim } from '../sim.js';

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run the Massive API simulator (REST and WebSocket on one port)')
    .option('--port <n>', 'port to listen on', '9000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--key <key>', 'API key the simulator accepts').default(undefined, 'demo-key'))
    .option('--seed <n>', 'random seed', '7')
    .option('--speed <n>', 'market time multiplier', '1')
    .option('--at <iso>', 'pin the market clock to this start time')
    .action(async (opts) => {
      program.setOptionValue('exitCode', await runSim(opts));
    });
}
