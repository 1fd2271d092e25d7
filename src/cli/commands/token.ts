import type { Command } from 'commander';
import { runToken, type TokenCliOptions } from '../token.js';

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('print a short-lived token for the running proxy, for other Massive clients')
    .option('--ttl <seconds>', 'lifetime of the token', '300')
    .option('--client <id>', 'client id the proxy shows in `massive status` and rate-limits by', 'external')
    .option('--json', 'print {token, httpUrl, wsUrl, expiresAt, demo} as JSON')
    .action(async (opts: TokenCliOptions) => {
      program.setOptionValue('exitCode', await runToken(opts));
    });
}
