import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { measure } from '../../../scripts/function-length.mjs';

interface Found {
  readonly name: string;
  readonly lines: number;
  readonly markup: number;
  readonly allowed: boolean;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function measureFile(name: string, text: string): Found[] {
  const dir = mkdtempSync(join(tmpdir(), 'massive-fnlen-'));
  dirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return measure([file]) as Found[];
}

const statements = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

// scripts/function-length.mjs holds the rule "no function over 80 lines in src/ (JSX views may be
// longer if they are only markup)"; these cases pin down what it counts.
describe('function length check', () => {
  it('passes a function of 80 lines and flags one of 81, by name', () => {
    const ok = `export function fits() {\n${statements(78)}\n}\n`;
    const long = `export const tooLong = () => {\n${statements(79)}\n};\n`;
    expect(measureFile('a.ts', ok)).toEqual([]);
    expect(measureFile('b.ts', long)).toMatchObject([{ name: 'tooLong', lines: 81, allowed: false }]);
  });

  it('allows a .tsx view whose lines past 80 are JSX markup', () => {
    const rows = Array.from({ length: 90 }, (_, i) => `      <Text>row ${i}</Text>`).join('\n');
    const view = `export function View() {\n${statements(10)}\n  return (\n    <Box>\n${rows}\n    </Box>\n  );\n}\n`;
    const [found] = measureFile('v.tsx', view);
    expect(found).toMatchObject({ name: 'View', markup: 92, allowed: true });
  });

  it('still flags a .tsx component whose logic alone is over 80 lines', () => {
    const view = `export function Busy() {\n${statements(85)}\n  return <Box />;\n}\n`;
    expect(measureFile('w.tsx', view)).toMatchObject([{ name: 'Busy', markup: 1, allowed: false }]);
  });

  it('counts JSX in a .ts file (none can be there) and in nested callbacks on their own', () => {
    const outer = `export function outer() {\n  return [1].map(() => {\n${statements(85)}\n    return 1;\n  });\n}\n`;
    const found = measureFile('c.ts', outer);
    expect(found.map((f) => f.name)).toEqual(['outer', '(callback of [1].map)']);
  });
});
