import { styledCharsFromTokens, type StyledChar } from '@alcalzone/ansi-tokenize';
import stringWidth from 'string-width';
import { tokenizeLine } from './output-tokenize.js';

// What the output stage (output-stage.ts) remembers between frames: styled characters per line,
// interned, and display widths.

/** A cache that forgets in generations, so strings that left the screen are dropped without an LRU's bookkeeping. */
class GenerationalCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string, make: (k: string) => V): V {
    let v = this.young.get(key);
    if (v !== undefined) return v;
    v = this.old.get(key) ?? make(key);
    this.young.set(key, v);
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    return v;
  }
}

const blankStyles: StyledChar['styles'] = [];
/** An empty cell: the grid's filler. */
export const blank: StyledChar = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: blankStyles });

// Interned styles and characters: a screen holds a few thousand distinct (character, style)
// pairs, so every remembered line is an array of shared objects rather than one object (and,
// in V8, one hidden class) per character; equal styles are the same array, which is what
// styledRowToString's shortcut relies on. Clearing only loses sharing, never correctness.
const styleIntern = new Map<string, StyledChar['styles']>();
const charIntern = new Map<string, StyledChar>();

function intern(c: StyledChar): StyledChar {
  let styleKey = '';
  for (const code of c.styles) styleKey += code.code;
  let styles = styleKey === '' ? blankStyles : styleIntern.get(styleKey);
  if (styles === undefined) {
    if (styleIntern.size >= 10_000) styleIntern.clear();
    styles = c.styles;
    styleIntern.set(styleKey, styles);
  }
  const key = `${c.value}\u0000${c.fullWidth ? 1 : 0}${styleKey}`;
  let char = charIntern.get(key);
  if (char === undefined) {
    if (charIntern.size >= 50_000) charIntern.clear();
    char = { type: 'char', value: c.value, fullWidth: c.fullWidth, styles };
    charIntern.set(key, char);
  }
  return char;
}

/** Tokenises one line into interned styled characters. */
function styledChars(line: string): readonly StyledChar[] {
  return styledCharsFromTokens(tokenizeLine(line)).map(intern);
}

// Lines are keyed whole, and a row whose price changed is a new line, so this stays small: two
// generations of 2,000 lines are about forty frames of a busy screen.
const charsCache = new GenerationalCache<readonly StyledChar[]>(2_000);
const widthCache = new GenerationalCache<number>(20_000);
/** Printable ASCII is one column wide; everything else asks string-width (and is remembered). */
export const charWidth = (value: string): number => {
  if (value.length === 1) {
    const c = value.charCodeAt(0);
    if (c >= 0x20 && c < 0x7f) return 1;
  }
  return widthCache.get(value, stringWidth);
};
export const textWidth = (text: string): number => widthCache.get(text, stringWidth);
export const widestLine = (text: string): number => {
  let w = 0;
  for (const line of text.split('\n')) w = Math.max(w, textWidth(line));
  return w;
};

/** The interned styled characters of a line, tokenised once while it stays on screen. */
export function styledCharsOf(line: string): readonly StyledChar[] {
  return charsCache.get(line, styledChars);
}
