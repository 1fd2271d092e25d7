import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'massive-e2e-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('massive completion (built binary)', () => {
  it('prints a bash script that registers itself and completes `massive wa` and the watchlist', async () => {
    const r = await runCli(['completion', 'bash'], { MASSIVE_WATCHLIST: 'TSLA,AMD' });
    expect(r.code).toBe(0);
    const file = join(dir, 'massive.bash');
    writeFileSync(file, r.stdout);
    const ask = (words: string) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source '${file}'; complete -p massive; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _massive; echo "\${COMPREPLY[*]}"`,
        ],
        { encoding: 'utf8' },
      );
    expect(ask('massive wa')).toBe('complete -F _massive massive\nwatch\n');
    expect(ask("massive watch ''")).toBe('complete -F _massive massive\nTSLA AMD\n');
  });

  it.each([
    ['zsh', /^#compdef massive/],
    ['fish', /^# fish completion/],
  ])('prints a %s script', async (shell, head) => {
    const r = await runCli(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(head);
  });

  it('refuses an unknown shell with a usage error naming the choices', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bash, zsh, fish');
  });
});
