import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageVersion, versionRequest, versionText } from '../../../src/cli/version.js';

describe('--version', () => {
  it('reads the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(packageVersion()).toBe(pkg.version);
  });

  it.each([
    [['--version'], 'plain'],
    [['-V'], 'plain'],
    [['--version', '--verbose'], 'verbose'],
    [['--verbose', '-V'], 'verbose'],
    [['--verbose'], undefined],
    [[], undefined],
    [['watch', '--version'], undefined],
    [['--version', '--verbose', 'x'], undefined],
    [['--version', '--json'], undefined],
  ] as const)('reads %j as %s', (args, want) => {
    expect(versionRequest(args)).toBe(want);
  });

  it('prints the bare version, or with --verbose Node and the platform', () => {
    expect(versionText('1.2.3', false)).toBe('1.2.3\n');
    expect(versionText('1.2.3', true, { node: 'v20.1.0', platform: 'linux', arch: 'x64' })).toBe(
      'massive 1.2.3\nnode v20.1.0\nplatform linux-x64\n',
    );
  });
});
