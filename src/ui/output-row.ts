import { ansiCodesToString, diffAnsiCodes, type StyledChar } from '@alcalzone/ansi-tokenize';

/**
 * `styledCharsToString` from @alcalzone/ansi-tokenize with one shortcut: neighbours whose style
 * arrays are the same object (the output stage shares one per run of equal style) need no diff,
 * which is almost every pair on a terminal screen. The diff of two equal styles is empty, so the
 * text is byte for byte the library's.
 */
export function styledRowToString(chars: readonly StyledChar[]): string {
  let ret = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as StyledChar;
    if (i === 0) ret += ansiCodesToString(char.styles);
    else {
      const prev = (chars[i - 1] as StyledChar).styles;
      if (prev !== char.styles) ret += ansiCodesToString(diffAnsiCodes(prev, char.styles));
    }
    ret += char.value;
    if (i === chars.length - 1 && char.styles.length > 0) ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
  }
  return ret;
}
