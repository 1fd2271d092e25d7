import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Argument, Command, Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { argumentValues } from '../../../src/cli/commands/completion.js';
import { allNodes, completionSpec } from '../../../src/cli/completion-spec.js';
import { bashScript, fishScript, zshScript } from '../../../src/cli/completion.js';
import { buildProgram } from '../../../src/cli/main.js';
import { SETTINGS } from '../../../src/config/index.js';

/** A watchlist in a private config directory, so the scripts carry known symbols. */
const root = mkdtempSync(join(tmpdir(), 'massive-completion-'));
const dir = join(root, 'config');
mkdirSync(dir, { mode: 0o700 });
writeFileSync(join(dir, 'config.json'), JSON.stringify({ watchlist: ['NVDA', 'AAPL', 'SPY', 'I:SPX', 'I:VIX'] }), {
  mode: 0o600,
});
const env = { MASSIVE_CONFIG_DIR: dir };
afterAll(() => rmSync(root, { recursive: true, force: true }));

const spec = () => completionSpec(buildProgram(), argumentValues(env));
const hasBash = (() => {
  try {
    execFileSync('bash', ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
})();

/**
 * Sources the script in a bash subprocess and asks `_massive` what it offers after `words`. With
 * `line`, COMP_LINE and COMP_POINT are set as bash sets them (the cursor at its end).
 */
function complete(script: string, words: readonly string[], line?: string): string[] {
  const file = join(root, 'massive.bash');
  writeFileSync(file, script);
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const at = line === undefined ? '' : `COMP_LINE='${line}'; COMP_POINT=${line.length}; `;
  const out = execFileSync(
    'bash',
    [
      '-c',
      `source '${file}'; ${at}COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _massive; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    {
      encoding: 'utf8',
      cwd: root,
    },
  );
  return out.split('\n').filter(Boolean);
}

describe('completion spec, read off the commander program', () => {
  it('has every registered command, with its flags, and the implicit help flag', () => {
    const program = buildProgram();
    const s = spec();
    expect(s.subcommands.map((c) => c.name)).toEqual(program.commands.map((c) => c.name()));
    const watch = s.subcommands.find((c) => c.name === 'watch')!;
    expect(watch.flags.flatMap((f) => f.spellings)).toEqual(
      expect.arrayContaining(['--demo', '--json', '--flow', '--help', '-h']),
    );
    expect(watch.flags.find((f) => f.spellings.includes('--flow'))!.takesValue).toBe(true);
    expect(s.flags.flatMap((f) => f.spellings)).toEqual(expect.arrayContaining(['-V', '--version']));
  });

  it('offers setting names to config get/set/unset, the watchlist to watch, and shells to completion', () => {
    const byPath = new Map(allNodes(spec()).map((n) => [n.path, n]));
    for (const p of ['config get', 'config set', 'config unset'])
      expect(byPath.get(p)!.args).toEqual(Object.keys(SETTINGS));
    expect(byPath.get('watch')!.args).toEqual(['NVDA', 'AAPL', 'SPY', 'I:SPX', 'I:VIX']);
    expect(byPath.get('completion')!.args).toEqual(['bash', 'zsh', 'fish']);
  });

  it('takes option and argument choices from commander', () => {
    const p = new Command('massive');
    p.command('x')
      .addArgument(new Argument('<mode>').choices(['a', 'b']))
      .option('--level <n>', 'level')
      .addOption(new Option('--side <s>').choices(['bid', 'ask']));
    const x = completionSpec(p, {}).subcommands[0]!;
    expect(x.args).toEqual(['a', 'b']);
    expect(x.flags.find((f) => f.spellings.includes('--side'))!.choices).toEqual(['bid', 'ask']);
    expect(x.flags.find((f) => f.spellings.includes('--level'))!.choices).toEqual([]);
  });
});

// Skipped without bash for a quick local run elsewhere; .ci/run counts a skipped test as failed
// (scripts/test-summary.mjs), so CI always runs it.
describe.skipIf(!hasBash)('the bash script in bash', () => {
  const script = () => bashScript(spec(), '0.0.0');

  it('registers _massive for massive (complete -p after sourcing)', () => {
    const file = join(root, 'massive.bash');
    writeFileSync(file, script());
    expect(execFileSync('bash', ['-c', `source '${file}' && complete -p massive`], { encoding: 'utf8' }).trim()).toBe(
      'complete -F _massive massive',
    );
  });

  it.each<[string[], string[]]>([
    [['massive', 'wa'], ['watch']],
    [['massive', ''], buildProgram().commands.map((c) => c.name())],
    [
      ['massive', 'watch', ''],
      ['NVDA', 'AAPL', 'SPY', 'I:SPX', 'I:VIX'],
    ],
    [['massive', 'watch', '--seed', '3', 'N'], ['NVDA']],
    [['massive', 'watch', '--de'], ['--demo']],
    [
      ['massive', 'doctor', '--'],
      ['--json', '--demo', '--help'],
    ],
    [['massive', 'config', 'se'], ['set']],
    [
      ['massive', 'config', 'set', 'plans.'],
      ['plans.stocks', 'plans.options', 'plans.indices'],
    ],
    [
      ['massive', 'completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
    [
      ['massive', '-'],
      ['-V', '--version', '-h', '--help'],
    ],
  ])('offers for %j: %j', (words, want) => {
    expect(complete(script(), words)).toEqual(want);
  });

  // bash splits `I:S` into I, :, S at its word breaks, and replaces only what follows the ':'.
  it.each<[string, string[], string[]]>([
    ['massive watch I:S', ['massive', 'watch', 'I', ':', 'S'], ['SPX']],
    ['massive watch I:', ['massive', 'watch', 'I', ':'], ['SPX', 'VIX']],
    ['massive watch I', ['massive', 'watch', 'I'], ['I:SPX', 'I:VIX']],
    ['massive watch SPY I:V', ['massive', 'watch', 'SPY', 'I', ':', 'V'], ['VIX']],
  ])('completes index symbols across the colon: %s', (line, words, want) => {
    expect(complete(script(), words, line)).toEqual(want);
  });
});

describe('the zsh and fish scripts', () => {
  it('zsh registers _massive with compdef and shares the bash lookups', () => {
    const z = zshScript(spec(), '0.0.0');
    expect(z.startsWith('#compdef massive\n')).toBe(true);
    expect(z).toContain('compdef _massive massive');
    expect(z).toContain("'config set') echo 'apiKey watchlist");
    // `path` is PATH in zsh: the script must never assign it.
    expect(z).not.toMatch(/\blocal [^\n]*\bpath\b/);
  });

  it('fish completes each command under its own path, flags with values marked', () => {
    const f = fishScript(spec(), '0.0.0');
    expect(f).toContain("complete -c massive -n '__fish_use_subcommand' -a 'watch'");
    expect(f).toContain("complete -c massive -n '__fish_seen_subcommand_from watch' -a 'NVDA AAPL SPY I:SPX I:VIX'");
    expect(f).toContain(
      "complete -c massive -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from list get set unset path reset' -a 'set'",
    );
    expect(f).toMatch(/__fish_seen_subcommand_from watch' -l flow -r -F -d/);
    expect(f).toContain("complete -c massive -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
  });
});
