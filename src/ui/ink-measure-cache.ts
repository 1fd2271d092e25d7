import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Ink measures every text node through its measure-text.js, which remembers each string's size in
// a module-level Map that never forgets. A live screen draws new strings every frame (a 10-symbol
// watchlist adds ~65 a second, whole rows of ~150 characters), so that Map grows for as long as the
// screen runs: ~50 MB an hour, all of it promoted to V8's old space. Ink exports neither the
// function nor the Map (Ink 6.8 and 7.1 alike). So we load the very module Ink uses (by its file
// URL, as output-stage.ts loads output.js), catch its Map during one probe call, and empty it
// when it holds more than a few screens of strings. An emptied cache only costs re-measuring what
// is on screen. If Ink changes the file, the probe finds nothing and nothing is touched.

/** Strings kept before the cache is emptied: about forty frames of a busy 160×50 screen. */
const MAX_ENTRIES = 4_000;

type MeasureText = (text: string) => { width: number; height: number };

let inkCache: Map<unknown, unknown> | undefined;

/** Ink's measureText, loaded from the file next to Ink's entry point. */
async function loadMeasureText(): Promise<MeasureText | undefined> {
  const url = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('ink')), 'measure-text.js'));
  const mod = (await import(url.href).catch(() => undefined)) as { default?: unknown } | undefined;
  return typeof mod?.default === 'function' ? (mod.default as MeasureText) : undefined;
}

/**
 * Finds the Map behind `measure`: during one call with a string nobody else uses, the first Map
 * asked for that string is its cache. `Map.prototype.get` is wrapped for that one synchronous call
 * only and restored before this returns.
 */
export function findCache(measure: MeasureText): Map<unknown, unknown> | undefined {
  const probe = `\u0000massive-measure-probe-${Math.random()}`;
  const get = Map.prototype.get;
  let found: Map<unknown, unknown> | undefined;
  Map.prototype.get = function (this: Map<unknown, unknown>, key: unknown) {
    if (key === probe && found === undefined) found = this;
    return get.call(this, key);
  };
  try {
    measure(probe);
  } catch {
    found = undefined;
  } finally {
    Map.prototype.get = get;
  }
  found?.delete(probe);
  return found;
}

/** Catches Ink's measure cache once; true when it was found (and will be kept bounded). */
export async function boundInkMeasureCache(): Promise<boolean> {
  if (inkCache !== undefined) return true;
  const measure = await loadMeasureText();
  inkCache = measure ? findCache(measure) : undefined;
  return inkCache !== undefined;
}

/** Empties Ink's measure cache when it outgrew a few screens; cheap enough to call every frame. */
export function trimInkMeasureCache(max = MAX_ENTRIES): void {
  if (inkCache !== undefined && inkCache.size > max) inkCache.clear();
}

/** How many strings Ink's measure cache holds (undefined when it was not found). */
export function inkMeasureCacheSize(): number | undefined {
  return inkCache?.size;
}
