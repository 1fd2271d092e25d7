import type { Command } from 'commander';
import { runStatus, type StatusCliOptions } from '../status.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show what the running proxy holds: upstream connections, subscriptions and refcounts, clients, quota')
    .option('--json', 'print the status as one JSON object')
    .action(async (opts: StatusCliOptions) => {
      program.setOptionValue('exitCode', await runStatus(opts));
    });
}
