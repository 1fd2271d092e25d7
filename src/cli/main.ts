import { Command, CommanderError, Option } from 'commander';
import { reportError, EXIT_OK, EXIT_USAGE } from './exit.js';
import { runWatch } from './watch.js';
import { runSim } from './sim.js';

const HELP_FOOTER = `
Examples:
  massive watch SPY QQQ --demo        live dashboard on the built-in simulator
  massive watch SPY QQQ --json        NDJSON stream for other tools
  massive sim --port 9000             run the simulator for other clients

Environment:
  MASSIVE_API_KEY    your Massive.com API key (read only by the local proxy)
  MASSIVE_API_BASE   REST upstream (default https://api.massive.com)
  MASSIVE_WS_BASE    WebSocket upstream (default wss://socket.massive.com)`;

export function buildProgram(): Command {
  const program = new Command('massive')
    .description('Terminal market monitor for the Massive.com market data API')
    .addHelpText('after', HELP_FOOTER)
    .showSuggestionAfterError(true)
    .exitOverride();

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

  program
    .command('sim')
    .description('run the Massive API simulator (REST and WebSocket on one port)')
    .option('--port <n>', 'port to listen on', '9000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--key <key>', 'API key the simulator accepts').default(undefined, 'a demo key'))
    .option('--seed <n>', 'random seed', '7')
    .option('--speed <n>', 'market time multiplier', '1')
    .option('--at <iso>', 'pin the market clock to this start time')
    .action(async (opts) => {
      program.setOptionValue('exitCode', await runSim(opts));
    });

  return program;
}

/** Entry point used by bin/massive.js; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync([...argv]);
    return (program.getOptionValue('exitCode') as number | undefined) ?? EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message; help and version are not failures.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    return reportError(error);
  }
}
