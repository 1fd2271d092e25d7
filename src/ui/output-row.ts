import { ansiCodesToString, diffAnsiCodes, type StyledChar } from '@alcalzone/ansi-tokenize';

type Styles = StyledChar['styles'];

const none: Styles = [];
const opening = new WeakMap<Styles, string>();
const transitions = new WeakMap<Styles, Map<Styles, string>>();

/** The codes that open `styles`, remembered per style array. */
function open(styles: Styles): string {
  let s = opening.get(styles);
  if (s === undefined) {
    s = ansiCodesToString(styles);
    opening.set(styles, s);
  }
  return s;
}

/**
 * The codes that turn `from` into `to`, remembered per pair of style arrays. The output stage
 * interns styles (output-cache.ts), so a screen has a few hundred pairs, and the library's diff
 * (three Sets and two arrays per call) ran for every change of style on every changed row.
 */
function transition(from: Styles, to: Styles): string {
  let byTo = transitions.get(from);
  if (byTo === undefined) {
    byTo = new Map();
    transitions.set(from, byTo);
  }
  let s = byTo.get(to);
  if (s === undefined) {
    s = ansiCodesToString(diffAnsiCodes(from, to));
    byTo.set(to, s);
  }
  return s;
}

/**
 * `styledCharsToString` from @alcalzone/ansi-tokenize, byte for byte, for a row that may have
 * holes (cells no write reached, skipped as the library's callers filter them out): neighbours
 * whose style arrays are the same object need no codes (almost every pair on a terminal screen),
 * and the codes between two styles are worked out once. The text is built as parts joined once,
 * not by `+=` per character (a cons string per character was the stage's largest allocation).
 */
export function styledRowToString(chars: readonly (StyledChar | undefined)[]): string {
  const parts: string[] = [];
  let prev: Styles | undefined;
  for (const char of chars) {
    if (char === undefined) continue;
    if (prev === undefined) parts.push(open(char.styles));
    else if (prev !== char.styles) parts.push(transition(prev, char.styles));
    parts.push(char.value);
    prev = char.styles;
  }
  if (prev !== undefined && prev.length > 0) parts.push(transition(prev, none));
  return parts.join('');
}
