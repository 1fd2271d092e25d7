/**
 * The package as a user gets it: `npm pack` (its prepack/prepare build dist/ from the sources),
 * `npm install -g` of the tarball into an empty prefix, then the installed `massive` run from a
 * directory outside the repository. The pack runs in a copy of the sources so the shared dist/
 * other tests spawn is never rebuilt underneath them. Dependencies come from the npm cache that
 * the repository's own `npm ci` filled (`--prefer-offline`), and from the registry only for what
 * is missing there. Budget: about 30 s here (pack with tsc ~15 s, install ~8 s); the hook gives up at 2 minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/cli.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** What is not needed to build the package: copying it would only cost time. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', '.tmp', 'tests', 'bench', 'coverage']);

let work = '';
let massive = '';
let outside = '';
const timings: Record<string, number> = {};

/** The installed binary, run outside the repository with a config directory of its own. */
function env(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', MASSIVE_CONFIG_DIR: join(work, 'config') };
}

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await step();
  } finally {
    timings[label] = Date.now() - t0;
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'massive-pack-'));
  const src = join(work, 'src-copy');
  cpSync(ROOT, src, { recursive: true, filter: (from) => !NOT_COPIED.has(relative(ROOT, from).split(sep)[0]!) });
  symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
  await timed('pack', () => run(NPM, ['pack', '--pack-destination', work, '--silent'], { cwd: src, timeout: 60_000 }));
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack made no tarball');
  const prefix = join(work, 'prefix');
  await timed('install', () =>
    run(
      NPM,
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)],
      { cwd: work, timeout: 60_000 },
    ),
  );
  massive = join(prefix, 'bin', 'massive');
  outside = join(work, 'elsewhere');
  mkdirSync(outside);
}, 120_000);

afterAll(() => {
  // Printed so the cost of this test stays visible in CI logs.
  process.stdout.write(`pack-install timings (ms): ${JSON.stringify(timings)}\n`);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed and globally installed package', () => {
  it('ships bin/, the built dist/, the README, the licence and package.json, and nothing else', async () => {
    const { stdout } = await run('tar', ['-tzf', join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!)]);
    const files = stdout
      .trim()
      .split('\n')
      .map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('bin/massive.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    const outsideAllowed = files.filter(
      (f) => !/^(bin|dist)\//.test(f) && !['README.md', 'LICENSE', 'package.json'].includes(f),
    );
    expect(outsideAllowed).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  });

  it('answers --version from outside the repository', async () => {
    const { stdout } = await run(massive, ['--version'], { cwd: outside, env: env() });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('runs `doctor --json` from outside the repository: healthy with a key, the key never printed', async () => {
    const key = 'pack-install-not-a-real-key';
    const { stdout } = await run(massive, ['doctor', '--json'], {
      cwd: outside,
      env: { ...env(), MASSIVE_API_KEY: key },
    });
    const report = JSON.parse(stdout) as {
      ok: boolean;
      version: string;
      key: string;
      checks: { id: string; status: string }[];
    };
    expect(report).toMatchObject({ ok: true, key: 'env' });
    expect(report.checks.find((c) => c.id === 'node')?.status).toBe('ok');
    expect(stdout).not.toContain(key);
  });

  it('streams a few demo NDJSON lines from `watch SPY --demo --json` and exits 0 on SIGTERM', async () => {
    const child = spawn(massive, ['watch', 'SPY', '--demo', '--json'], { cwd: outside, env: env() });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no quote line; stdout: ${out}\nstderr: ${err}`));
      }, 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.split('\n').filter((l) => l.includes('"type":"quote"')).length >= 2) child.kill('SIGTERM');
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; demo?: boolean });
    expect(lines.some((l) => l.type === 'quote')).toBe(true);
    for (const l of lines) expect(l.demo).toBe(true);
  });
});
