import { type Token, tokenize } from '@alcalzone/ansi-tokenize';

// Ink's tokeniser walks every string grapheme by grapheme through Intl.Segmenter, which is most
// of its cost on a screen that is nearly all ASCII. Grapheme breaks always fall on both sides of
// an escape character, so a line can be cut at its SGR sequences and each plain ASCII piece
// turned into characters directly; anything else (other escapes, non-ASCII text) still goes
// through the library, so the tokens are the library's own.

const sgr = /\u001B\[[0-9;]*m/g;
const printableAscii = /^[\u0020-\u007E]*$/;

function countEscapes(line: string): number {
  let n = 0;
  for (let i = line.indexOf('\u001B'); i !== -1; i = line.indexOf('\u001B', i + 1)) n++;
  return n;
}

function pushPlain(out: Token[], piece: string): void {
  if (piece.length === 0) return;
  if (!printableAscii.test(piece)) {
    out.push(...tokenize(piece));
    return;
  }
  for (let i = 0; i < piece.length; i++) out.push({ type: 'char', value: piece[i] as string, fullWidth: false });
}

/** `tokenize` from @alcalzone/ansi-tokenize, faster on lines of ASCII text and SGR styles. */
export function tokenizeLine(line: string): Token[] {
  const matches = [...line.matchAll(sgr)];
  // Only when every escape starts a well-formed SGR sequence; the library treats the rest in
  // ways (links, stray escapes kept as characters) this shortcut does not copy.
  if (line.includes('\u009B') || matches.length !== countEscapes(line)) return tokenize(line);
  const out: Token[] = [];
  let at = 0;
  for (const m of matches) {
    pushPlain(out, line.slice(at, m.index));
    out.push(...tokenize(m[0]));
    at = m.index + m[0].length;
  }
  pushPlain(out, line.slice(at));
  return out;
}
