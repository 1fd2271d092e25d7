import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StyledChar } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import { styledRowToString } from './output-row.js';
import { blank, charWidth, styledCharsOf, textWidth, widestLine } from './output-cache.js';

/**
 * A faster output stage for Ink, producing byte for byte the frame Ink's own would.
 *
 * Ink turns its render tree into text in `Output#get`: for every frame it builds a grid of one
 * object per cell, tokenises every styled string written into it and serialises the grid back,
 * diffing the styles of each pair of neighbouring cells. At 10 frames a second on a 160×80
 * screen that is most of the TUI's CPU, although most of the screen does not change between
 * frames. Ink offers no hook to replace this stage (it is not exported), so this module swaps
 * `Output.prototype.get` for one that remembers across frames:
 *
 * - the styled characters of every string it has tokenised (most strings on screen, such as
 *   symbols, headers, borders and unchanged cells, repeat from frame to frame), with one style
 *   array per run of equally styled characters, so serialising compares references, not codes;
 * - each row's text, keyed by the strings written into that row and where: a row whose writes
 *   are the same as last frame's is not rebuilt.
 *
 * Everything else (clipping, transformers, wide characters, overlapping writes) follows Ink's
 * algorithm line for line, and `tests/unit/ui/output-stage.test.ts` checks the result against
 * Ink's own `get` on the same operations. What reaches the terminal is still the whole frame
 * (see run.tsx and BENCHMARKS.md for why it is not diffed).
 */

/** What Ink's `Output` keeps per frame (build/output.js, Ink 6.8); only what we read. */
interface InkOutput {
  readonly width: number;
  readonly height: number;
  readonly operations: readonly InkOperation[];
}
type InkClip = { x1?: number; x2?: number; y1?: number; y2?: number };
type InkOperation =
  | { type: 'write'; x: number; y: number; text: string; transformers: ((s: string, i: number) => string)[] }
  | { type: 'clip'; clip: InkClip }
  | { type: 'unclip' };
interface OutputClass {
  prototype: { get(this: InkOutput): { output: string; height: number } };
}

/** One string placed on one row: the row's text is a function of these alone. */
interface Placement {
  readonly x: number;
  readonly line: string;
}

/** Ink's write loop, stopping short of the grid: which (transformed, clipped) line lands where. */
function placeOperations(out: InkOutput): Placement[][] {
  const rows: Placement[][] = Array.from({ length: out.height }, () => []);
  const clips: InkClip[] = [];
  for (const op of out.operations) {
    if (op.type === 'clip') clips.push(op.clip);
    if (op.type === 'unclip') clips.pop();
    if (op.type !== 'write') continue;
    let { x, y } = op;
    let lines = op.text.split('\n');
    const clip = clips.at(-1);
    if (clip) {
      const clipH = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipV = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (clipH && (x + widestLine(op.text) < (clip.x1 as number) || x > (clip.x2 as number))) continue;
      if (clipV && (y + lines.length < (clip.y1 as number) || y > (clip.y2 as number))) continue;
      if (clipH) {
        const x1 = clip.x1 as number;
        const x2 = clip.x2 as number;
        lines = lines.map((line) => {
          const width = textWidth(line);
          return sliceAnsi(line, x < x1 ? x1 - x : 0, x + width > x2 ? x2 - x : width);
        });
        if (x < x1) x = x1;
      }
      if (clipV) {
        const y1 = clip.y1 as number;
        const y2 = clip.y2 as number;
        const from = y < y1 ? y1 - y : 0;
        const to = y + lines.length > y2 ? y2 - y : lines.length;
        lines = lines.slice(from, to);
        if (y < y1) y = y1;
      }
    }
    let offsetY = 0;
    for (let index = 0; index < lines.length; index++) {
      const row = rows[y + offsetY];
      // Like Ink: a line outside the frame is skipped without advancing (so are the rest).
      if (!row) continue;
      let line = lines[index] as string;
      for (const t of op.transformers) line = t(line, index);
      row.push({ x, line });
      offsetY++;
    }
  }
  return rows;
}

function rowKey(placements: readonly Placement[]): string {
  let key = '';
  for (const p of placements) key += `${p.x}\u0000${p.line}\u0001`;
  return key;
}

function buildRow(placements: readonly Placement[], width: number): string {
  const cells: (StyledChar | undefined)[] = new Array(width).fill(blank);
  for (const { x, line } of placements) {
    let offsetX = x;
    for (const character of styledCharsOf(line)) {
      cells[offsetX] = character;
      const w = Math.max(1, charWidth(character.value));
      // Wide characters blank the cells they cover, as Ink does.
      for (let i = 1; i < w; i++) {
        cells[offsetX + i] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
      }
      offsetX += w;
    }
  }
  return styledRowToString(cells).trimEnd();
}

/** What the last frame drew: each row's placements, key and text, and the texts by key. */
interface LastFrame {
  readonly width: number;
  readonly placed: readonly (readonly Placement[])[];
  readonly keys: readonly string[];
  readonly texts: readonly string[];
  readonly byKey: ReadonlyMap<string, string>;
}
let last: LastFrame | undefined;

function samePlacements(a: readonly Placement[], b: readonly Placement[] | undefined): boolean {
  if (b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] as Placement;
    const q = b[i] as Placement;
    if (p.x !== q.x || p.line !== q.line) return false;
  }
  return true;
}

/**
 * The replacement for `Output#get`. A row whose writes are those of the same row last frame is
 * taken as it was (no key built: most rows, borders and headers among them); any other row is
 * looked up by its key among all of last frame's rows, so a scrolling tape (every print moves down
 * one line when a new one arrives) costs one new row per print, not a rebuild of every row below.
 */
export function cachedGet(this: InkOutput): { output: string; height: number } {
  const placed = placeOperations(this);
  const prev = last?.width === this.width ? last : undefined;
  const keys: string[] = [];
  const texts: string[] = [];
  const byKey = new Map<string, string>();
  for (let y = 0; y < placed.length; y++) {
    const row = placed[y] as Placement[];
    let key: string;
    let text: string | undefined;
    if (prev !== undefined && samePlacements(row, prev.placed[y])) {
      key = prev.keys[y] as string;
      text = prev.texts[y] as string;
    } else {
      key = rowKey(row);
      text = byKey.get(key) ?? prev?.byKey.get(key) ?? buildRow(row, this.width);
    }
    keys.push(key);
    texts.push(text);
    byKey.set(key, text);
  }
  last = { width: this.width, placed, keys, texts, byKey };
  return { output: texts.join('\n'), height: texts.length };
}

let original: OutputClass['prototype']['get'] | undefined;

/** Ink's Output class, loaded from the file next to Ink's entry point (Ink does not export it). */
export async function loadInkOutput(): Promise<OutputClass> {
  const url = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('ink')), 'output.js'));
  return ((await import(url.href)) as { default: OutputClass }).default;
}

/**
 * Swaps Ink's output stage for the cached one; returns false (leaving Ink's) when Ink's Output is
 * not the shape this was written against, so an Ink upgrade degrades to Ink's speed, not to a
 * broken screen.
 */
export async function installOutputStage(): Promise<boolean> {
  const Output = await loadInkOutput().catch(() => undefined);
  if (typeof Output?.prototype?.get !== 'function') return false;
  if (Output.prototype.get === cachedGet) return true;
  original = Output.prototype.get;
  Output.prototype.get = cachedGet;
  return true;
}

/** Puts Ink's own output stage back (tests, and `render: ink`). */
export async function uninstallOutputStage(): Promise<void> {
  if (original === undefined) return;
  const Output = await loadInkOutput();
  Output.prototype.get = original;
  original = undefined;
  last = undefined;
}
