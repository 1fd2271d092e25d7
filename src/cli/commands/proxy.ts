import type { Command } from 'commander';
import { runProxy, type ProxyCliOptions } from '../proxy.js';

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description('run the shared local proxy: one upstream connection per cluster and one REST quota for every client')
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--allow-remote', 'allow a --host beyond loopback (prints a warning; needs TLS or --insecure)')
    .option('--tls-cert <file>', 'serve HTTPS and WSS with this PEM certificate (chain)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option('--insecure', 'with --allow-remote: serve plain HTTP, tokens in clear text')
    .option('--demo', 'serve the built-in simulator instead of Massive (no API key needed)')
    .option('--seed <n>', 'simulator seed with --demo', '7')
    .option('--flow <mode>', 'options flow by underlying: window, firehose or off (default: the flowMode setting)')
    .option('--verbose', 'log debug lines to stderr')
    .action(async (opts: ProxyCliOptions) => {
      program.setOptionValue('exitCode', await runProxy(opts));
    });
}
