import type { Command } from 'commander';

/**
 * What shell completion offers, read off the commander program itself so a new command or flag
 * is completable the day it is registered. Values that live outside the program (setting names,
 * the watchlist) come in through `argumentValues`, keyed by the argument's name in the help text.
 */
export interface CompletionNode {
  /** Space-separated command path from the root, '' for `massive` itself. */
  readonly path: string;
  readonly name: string;
  readonly description: string;
  readonly subcommands: readonly CompletionNode[];
  /** Every flag spelling (`-V`, `--version`, `--json`, `-h`, `--help`). */
  readonly flags: readonly {
    readonly spellings: readonly string[];
    readonly description: string;
    readonly takesValue: boolean;
    readonly choices: readonly string[];
  }[];
  /** Candidates for the positional arguments. */
  readonly args: readonly string[];
}

/** Candidates per argument name: `name` (a setting), `symbols` (the watchlist), … */
export type ArgumentValues = Readonly<Record<string, readonly string[]>>;

const HELP_FLAG = {
  spellings: ['-h', '--help'],
  description: 'display help for command',
  takesValue: false,
  choices: [],
};

export function completionSpec(command: Command, argumentValues: ArgumentValues, path = ''): CompletionNode {
  const flags = command.options
    .filter((o) => !o.hidden)
    .map((o) => ({
      spellings: [o.short, o.long].filter((s): s is string => typeof s === 'string'),
      description: o.description,
      takesValue: o.required || o.optional,
      choices: o.argChoices ?? [],
    }));
  const args = command.registeredArguments.flatMap((a) => a.argChoices ?? argumentValues[a.name()] ?? []);
  return {
    path,
    name: command.name(),
    description: command.description(),
    subcommands: command.commands.map((c) =>
      completionSpec(c, argumentValues, path ? `${path} ${c.name()}` : c.name()),
    ),
    flags: [...flags, HELP_FLAG],
    args: [...new Set(args)],
  };
}

/** Every node of the tree, root first. */
export function allNodes(node: CompletionNode): CompletionNode[] {
  return [node, ...node.subcommands.flatMap(allNodes)];
}
