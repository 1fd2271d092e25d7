import { Box, Text } from 'ink';

/** One styled piece of a table row (a cell with the gap before it). */
export interface Span {
  readonly key: string;
  readonly text: string;
  readonly color?: string | undefined;
  readonly backgroundColor?: string | undefined;
  readonly bold?: boolean;
  readonly inverse?: boolean;
}

export interface SpanRowProps {
  readonly spans: readonly Span[];
  /** Applied to the whole row. */
  readonly dimColor?: boolean;
  readonly inverse?: boolean;
}

const printableAscii = /^[\x20-\x7e]*$/;
/** Runs of printable ASCII and runs of anything else, in order. */
const asciiOrNot = /[\x20-\x7e]+|[^\x20-\x7e]+/g;

/**
 * Consecutive spans grouped so that every group is printable ASCII, or a single run of other
 * characters. Ink measures each text node's width on every frame (string-width, uncached): an
 * ASCII string takes its fast path (~0.3 µs for a 150-column row), while one sparkline glyph or
 * `×` sends the whole string through grapheme segmentation and emoji tests (~1–2 µs a character).
 * A span mixing both (`0.85×0.87`, ` ▲ up`) is cut at the glyphs, its pieces keeping its style,
 * so only the glyphs themselves pay that; the characters on screen are the same.
 */
export function asciiGroups(spans: readonly Span[]): Span[][] {
  const groups: Span[][] = [];
  let run: Span[] = [];
  for (const s of spans) {
    if (printableAscii.test(s.text)) {
      run.push(s);
      continue;
    }
    let i = 0;
    for (const [part] of s.text.matchAll(asciiOrNot)) {
      const piece = { ...s, key: `${s.key}~${i++}`, text: part };
      if (printableAscii.test(part)) {
        run.push(piece);
        continue;
      }
      if (run.length > 0) groups.push(run);
      groups.push([piece]);
      run = [];
    }
  }
  if (run.length > 0) groups.push(run);
  return groups;
}

function piece(s: Span): React.JSX.Element {
  return (
    <Text key={s.key} color={s.color} backgroundColor={s.backgroundColor} bold={s.bold} inverse={s.inverse}>
      {s.text}
    </Text>
  );
}

/**
 * A table row drawn as one line: a single text node when it is all ASCII (as before), else a row
 * of text nodes split by `asciiGroups`. The characters on screen are the same either way.
 */
export function SpanRow({ spans, dimColor = false, inverse = false }: SpanRowProps): React.JSX.Element {
  const groups = asciiGroups(spans);
  if (groups.length <= 1)
    return (
      <Text dimColor={dimColor} inverse={inverse} wrap="truncate-end">
        {spans.map(piece)}
      </Text>
    );
  return (
    <Box flexDirection="row">
      {groups.map((g) => (
        <Text key={g[0]!.key} dimColor={dimColor} inverse={inverse} wrap="truncate-end">
          {g.map(piece)}
        </Text>
      ))}
    </Box>
  );
}
