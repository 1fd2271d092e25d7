import { styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { styledRowToString } from '../../src/ui/output-row.js';

// Styled characters as the output stage has them: tokenised from coloured text, with every
// distinct style one shared array (output-cache.ts interns them; the row serialiser relies on it).
const pieces = [
  'plain',
  '\u001B[31mred\u001B[39m',
  '\u001B[1m\u001B[32mbold green\u001B[39m\u001B[22m',
  '\u001B[2mdim\u001B[22m',
  '\u001B[7m\u001B[33minverse yellow\u001B[39m\u001B[27m',
  '\u001B[1m\u001B[2mbold dim\u001B[22m',
  '\u001B[44mon blue\u001B[49m ×',
  '\u001B[38;5;208m▁▃█\u001B[39m',
];

function interned(): (text: string) => StyledChar[] {
  const styles = new Map<string, StyledChar['styles']>();
  return (text) =>
    styledCharsFromTokens(tokenize(text)).map((c) => {
      const key = c.styles.map((s) => s.code).join('');
      if (!styles.has(key)) styles.set(key, c.styles);
      return { ...c, styles: styles.get(key) as StyledChar['styles'] };
    });
}

describe('styledRowToString', () => {
  it('writes exactly what @alcalzone/ansi-tokenize writes for the same row, holes skipped', () => {
    const chars = interned();
    fc.assert(
      fc.property(
        fc.array(fc.record({ piece: fc.constantFrom(...pieces), hole: fc.boolean() }), { maxLength: 12 }),
        (parts) => {
          const row: (StyledChar | undefined)[] = [];
          for (const p of parts) row.push(...chars(p.piece), ...(p.hole ? [undefined] : []));
          const expected = styledCharsToString(row.filter((c): c is StyledChar => c !== undefined));
          expect(styledRowToString(row)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
