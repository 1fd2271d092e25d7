import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('massive --version (built binary)', () => {
  it.each([['--version'], ['-V']])('prints the package version for %s and exits 0', async (flag) => {
    const r = await runCli([flag]);
    expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('adds Node.js and the platform with --verbose, in either order', async () => {
    for (const args of [
      ['--version', '--verbose'],
      ['--verbose', '-V'],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        `massive ${VERSION}\nnode ${process.version}\nplatform ${process.platform}-${process.arch}\n`,
      );
    }
  });
});
