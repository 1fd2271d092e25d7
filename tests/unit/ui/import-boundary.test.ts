import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const uiDir = fileURLToPath(new URL('../../../src/ui/', import.meta.url));
/** The UI reads the store only: no network, no transport, no simulator (docs/ARCHITECTURE.md). */
const forbidden = [/^ws$/, /^undici$/, /^node:(http|https|net|tls|dgram)$/, /\/(proxy|sim|stream|rest)\//];

function importsOf(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)];
  return specifiers.map((m) => m[1]!);
}

describe('src/ui import boundary', () => {
  const files = readdirSync(uiDir).filter((f) => /\.tsx?$/.test(f));

  it('finds the UI sources to check', () => {
    expect(files).toEqual(expect.arrayContaining(['app.tsx', 'run.tsx', 'format.ts']));
  });

  it('recognises a forbidden import when it sees one', () => {
    const sample = "import { WebSocket } from 'ws';\nimport x from '../stream/connection.js';";
    expect(importsOf(sample).filter((s) => forbidden.some((re) => re.test(s)))).toHaveLength(2);
  });

  it.each(readdirSync(uiDir).filter((f) => /\.tsx?$/.test(f)))('%s imports nothing outside the UI boundary', (file) => {
    const bad = importsOf(readFileSync(join(uiDir, file), 'utf8')).filter((s) => forbidden.some((re) => re.test(s)));
    expect(bad).toEqual([]);
  });
});
