import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM script without type declarations
import { checkImports } from '../../../scripts/check-imports.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function fakeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'massive-arch-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', path), text);
  }
  return dir;
}

// The one import checker: scripts/check-imports.mjs (also run by `npm run lint`); this suite proves
// it catches what it should and that the real tree passes it.
describe('module boundaries', () => {
  it('holds for the real source tree', () => {
    expect(checkImports(root)).toEqual([]);
  });

  it.each([
    ['ui/x.tsx', "import WebSocket from 'ws';", "'ui/' must not import 'ws'"],
    ['ui/x.tsx', "import { startProxy } from '../proxy/index.js';", "'ui/' must not import 'proxy/'"],
    ['ui/x.tsx', "import { request } from 'undici';", "'ui/' must not import 'undici'"],
    ['ui/x.tsx', "import { connect } from 'node:net';", "'ui/' must not import 'node:net'"],
    ['ui/x.tsx', "import x from '../stream/connection.js';", "'ui/' must not import 'stream/'"],
    ['ui/x.tsx', "import { startSimulator } from '../sim/index.js';", "'ui/' must not import 'sim/'"],
    ['ui/x.tsx', "const rest = await import('../rest/index.js');", "'ui/' must not import 'rest/'"],
    ['proxy/x.ts', "import { createMarketStore } from '../store/store.js';", "'proxy/' must not import 'store/'"],
    ['massive/x.ts', "import { request } from 'undici';", "'massive/' must not import 'undici'"],
    ['lib/x.ts', "import chalk from 'chalk';", 'lib/ may import only node:*'],
    ['headless/x.ts', "const ink = await import('ink');", "'headless/' must not import 'ink'"],
    ['widgets/x.ts', 'export const a = 1;', "module 'widgets' is not in docs/ARCHITECTURE.md"],
  ])('rejects %s importing %s', (path, source, expected) => {
    const dir = fakeTree({ [path]: source });
    try {
      const problems: string[] = checkImports(dir);
      expect(problems.join('\n')).toContain(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts allowed imports', () => {
    const dir = fakeTree({
      'ui/x.tsx': "import { Box } from 'ink';\nimport type { MarketSnapshot } from '../store/types.js';",
    });
    try {
      expect(checkImports(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
