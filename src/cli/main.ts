import { Command, CommanderError } from 'commander';
import { reportError, EXIT_OK, EXIT_USAGE } from './exit.js';
import { registerWatch } from './commands/watch.js';
import { registerSim } from './commands/sim.js';
import { registerChain } from './commands/chain.js';
import { registerLevels } from './commands/levels.js';
import { registerPlan } from './commands/plan.js';
import { registerConfig } from './commands/config.js';
import { registerProxy } from './commands/proxy.js';
import { registerToken } from './commands/token.js';
import { registerStatus } from './commands/status.js';
import { registerDoctor } from './commands/doctor.js';
import { registerCompletion } from './commands/completion.js';
import { packageVersion, versionRequest, versionText } from './version.js';

const HELP_FOOTER = `
Examples:
  massive watch SPY QQQ --demo        live dashboard on the built-in simulator
  massive watch SPY QQQ --json        NDJSON stream for other tools
  massive sim --port 9000             run the simulator for other clients
  massive doctor                      check the setup and say what to fix
  source <(massive completion bash)   tab completion for bash (also zsh, fish)

Environment:
  MASSIVE_API_KEY    your Massive.com API key (read only by the local proxy)
  MASSIVE_API_BASE   REST upstream (default https://api.massive.com)
  MASSIVE_WS_BASE    WebSocket upstream (default wss://socket.massive.com)`;

export function buildProgram(): Command {
  const program = new Command('massive')
    .description('Terminal market monitor for the Massive.com market data API')
    .addHelpText('after', HELP_FOOTER)
    .version(packageVersion(), '-V, --version', 'print the version (with --verbose: Node.js and the platform too)')
    .showSuggestionAfterError(true)
    .exitOverride();

  // One file per command under commands/; each registers itself and sets `exitCode`.
  registerWatch(program);
  registerSim(program);
  registerChain(program);
  registerLevels(program);
  registerPlan(program);
  registerConfig(program);
  registerProxy(program);
  registerToken(program);
  registerStatus(program);
  registerDoctor(program);
  registerCompletion(program);

  return program;
}

/**
 * A reader that goes away (`massive --help | head -1`, `massive chain SPY --json | head`) is not a
 * failure: stop quietly with status 0, as Unix tools do, instead of a stack trace. Commands that
 * clean up on their own (the NDJSON writer) listen for it themselves, and then this one stands back.
 */
function quietOnClosedPipe(): void {
  const onError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
    if (process.stdout.listenerCount('error') === 1) process.exit(EXIT_OK);
  };
  process.stdout.on('error', onError);
}

/** Entry point used by bin/massive.js; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  quietOnClosedPipe();
  const asked = versionRequest(argv.slice(2));
  if (asked) {
    process.stdout.write(versionText(packageVersion(), asked === 'verbose'));
    return EXIT_OK;
  }
  const program = buildProgram();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync([...argv]);
    return (program.getOptionValue('exitCode') as number | undefined) ?? EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message; help and version are not failures.
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT_OK;
      return EXIT_USAGE;
    }
    return reportError(error);
  }
}
