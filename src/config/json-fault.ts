/**
 * Finds where a JSON text first goes wrong, as line and column. Written by hand because V8's
 * JSON.parse messages give a position only for some errors and quote the surrounding text for
 * others, and the text of a config file may be the API key: we must locate the fault without
 * echoing any of it. JSON.parse stays the judge of validity; this runs only after it failed.
 */

export interface JsonFault {
  /** Index in the text (UTF-16 code units). */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** What the grammar wanted at that point, e.g. `',' or '}'`. */
  readonly expected: string;
}

type State = 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'after';

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

function locate(text: string, offset: number, expected: string): JsonFault {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1, expected };
}

/** Index just past a token matched by a sticky regex at `at`, or -1. */
function match(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/**
 * The first syntax error of `text`, or undefined when it is valid JSON. Iterative (an explicit
 * stack, no recursion) so a deeply nested file cannot overflow the call stack.
 */
export function findJsonFault(text: string): JsonFault | undefined {
  const stack: ('{' | '[')[] = [];
  let state: State = 'value';
  let i = 0;
  const fault = (expected: string) => locate(text, i, expected);
  for (;;) {
    while (i < text.length && WS.has(text[i]!)) i++;
    const c = text[i];
    if (state === 'after') {
      const top = stack.at(-1);
      if (top === undefined) return i === text.length ? undefined : fault('the end of the file');
      const close = top === '{' ? '}' : ']';
      if (c === ',') state = top === '{' ? 'key' : 'value';
      else if (c === close) stack.pop();
      else return fault(`',' or '${close}'`);
      i++;
    } else if (state === 'key' || state === 'keyOrEnd') {
      if (state === 'keyOrEnd' && c === '}') {
        stack.pop();
        state = 'after';
        i++;
        continue;
      }
      if (c !== '"') return fault('a property name in double quotes');
      const end = match(STRING_BODY, text, i + 1);
      if (end < 0) return fault('a complete string');
      i = end;
      while (i < text.length && WS.has(text[i]!)) i++;
      if (text[i] !== ':') return fault("':'");
      i++;
      state = 'value';
    } else {
      if (state === 'valueOrEnd' && c === ']') {
        stack.pop();
        state = 'after';
        i++;
        continue;
      }
      if (c === '{' || c === '[') {
        stack.push(c);
        state = c === '{' ? 'keyOrEnd' : 'valueOrEnd';
        i++;
        continue;
      }
      const end =
        c === '"'
          ? match(STRING_BODY, text, i + 1)
          : c === undefined
            ? -1
            : Math.max(match(NUMBER, text, i), match(LITERAL, text, i));
      if (end < 0) return fault(c === '"' ? 'a complete string' : 'a value');
      i = end;
      state = 'after';
    }
  }
}
