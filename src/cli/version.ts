import { readFileSync } from 'node:fs';

/**
 * The package's version, read from package.json beside dist/ (or src/) at run time: npm always
 * ships package.json, and reading it keeps the version in one place instead of a generated file.
 */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** What `--version` prints: the version alone, or with `--verbose` the runtime too (for bug reports). */
export interface Runtime {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
}

export const CURRENT_RUNTIME: Runtime = { node: process.version, platform: process.platform, arch: process.arch };

export function versionText(version: string, verbose: boolean, runtime: Runtime = CURRENT_RUNTIME): string {
  if (!verbose) return `${version}\n`;
  return `massive ${version}\nnode ${runtime.node}\nplatform ${runtime.platform}-${runtime.arch}\n`;
}

/**
 * Whether the arguments (after node and the script) ask for the version: `-V`/`--version`, alone
 * or with `--verbose` in either order. Commander stops at the first option it does not know, so
 * `--verbose --version` is answered here, before it parses.
 */
export function versionRequest(args: readonly string[]): 'plain' | 'verbose' | undefined {
  if (args.length === 0 || args.length > 2) return undefined;
  const flags = new Set(args);
  if (![...flags].every((a) => a === '-V' || a === '--version' || a === '--verbose')) return undefined;
  if (!flags.has('-V') && !flags.has('--version')) return undefined;
  return flags.has('--verbose') ? 'verbose' : 'plain';
}
