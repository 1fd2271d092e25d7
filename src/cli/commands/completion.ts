import { Argument, type Command } from 'commander';
import { DEFAULTS, SETTINGS, resolveSettings } from '../../config/index.js';
import { completionSpec, type ArgumentValues } from '../completion-spec.js';
import { completionScript, SHELLS, type Shell } from '../completion.js';
import { packageVersion } from '../version.js';

/** The configured watchlist; the default one when the config cannot be read (doctor says why). */
function watchlist(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    return resolveSettings({}, env).settings.watchlist;
  } catch {
    return DEFAULTS.watchlist;
  }
}

/** Candidates per argument name, as the commands spell them in their help. */
export function argumentValues(env: NodeJS.ProcessEnv = process.env): ArgumentValues {
  const symbols = watchlist(env);
  return { name: Object.keys(SETTINGS), symbols, symbol: symbols };
}

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, flags, setting names, your watchlist)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .addHelpText(
      'after',
      `
Load it:
  bash   source <(massive completion bash)        e.g. in ~/.bashrc
  zsh    source <(massive completion zsh)         e.g. in ~/.zshrc, after compinit
  fish   massive completion fish | source         or save as ~/.config/fish/completions/massive.fish
The watchlist's symbols are written into the script: generate it again after changing them.`,
    )
    .action((shell: Shell) => {
      process.stdout.write(completionScript(shell, completionSpec(program, argumentValues()), packageVersion()));
      program.setOptionValue('exitCode', 0);
    });
}
