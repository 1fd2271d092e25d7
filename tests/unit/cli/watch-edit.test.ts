import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWatchlistRuntime, watchlistSaving } from '../../../src/cli/watch-edit.js';
import { InterestCounts, interestKey, type Interest } from '../../../src/stream/interests.js';

/** A client that keeps refcounted interests the way the subscription manager does. */
function client() {
  const counts = new InterestCounts();
  return {
    counts,
    subscribe(interest: Interest) {
      counts.add(interest);
      let done = false;
      return () => {
        if (!done) counts.remove(interest);
        done = true;
      };
    },
    keys: () => counts.list().map(interestKey).sort(),
  };
}

describe('the watchlist runtime', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function setup(save?: (s: readonly string[]) => void) {
    const c = client();
    const lists: (readonly string[])[] = [];
    const seeded: string[] = [];
    const rt = createWatchlistRuntime({
      client: c,
      store: { setSymbols: (s) => lists.push(s) },
      flow: true,
      seed: (s) => seeded.push(...s),
      save,
    });
    return { c, rt, lists, seeded };
  }

  it('takes quotes, minute bars and option flow for a stock, and only those it took are dropped', () => {
    const { c, rt, lists, seeded } = setup();
    rt.start(['SPY', 'I:NDX']);
    expect(c.keys()).toEqual(['bars|I:NDX', 'bars|SPY', 'index|I:NDX', 'quote|SPY', 'underlyingFlow|SPY']);
    // Someone else (the bias panel) wants I:NDX's bars too.
    c.subscribe({ kind: 'bars', symbol: 'I:NDX' });
    expect(rt.change(['NVDA', 'SPY'])).toBe('this session only');
    expect(lists).toEqual([['NVDA', 'SPY']]);
    expect(seeded).toEqual(['NVDA']);
    expect(c.keys()).toEqual([
      'bars|I:NDX',
      'bars|NVDA',
      'bars|SPY',
      'quote|NVDA',
      'quote|SPY',
      'underlyingFlow|NVDA',
      'underlyingFlow|SPY',
    ]);
    expect(rt.symbols()).toEqual(['NVDA', 'SPY']);
  });

  it('saves to the config file when the session started from it', () => {
    dir = mkdtempSync(join(tmpdir(), 'massive-edit-'));
    const env = { MASSIVE_CONFIG_DIR: dir };
    const saving = watchlistSaving(false, 'default', env);
    const { rt } = setup(saving.save);
    rt.start(['SPY', 'QQQ']);
    expect(rt.change(['SPY', 'QQQ', 'NVDA'])).toBe('saved');
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).watchlist).toEqual(['SPY', 'QQQ', 'NVDA']);
  });

  it('does not save a list from the command line or from MASSIVE_WATCHLIST, and says why', () => {
    expect(watchlistSaving(true, 'file')).toEqual({
      unsavedNote: 'this session only (symbols from the command line)',
    });
    expect(watchlistSaving(false, 'env').unsavedNote).toMatch(/MASSIVE_WATCHLIST/);
    expect(watchlistSaving(false, 'file').save).toBeTypeOf('function');
  });

  it('keeps the edit on screen when the file cannot be written, and says so', () => {
    const { rt, lists } = setup(() => {
      throw new Error('config.json is not a JSON object');
    });
    rt.start(['SPY']);
    expect(rt.change(['SPY', 'QQQ'])).toBe('not saved: config.json is not a JSON object');
    expect(lists).toEqual([['SPY', 'QQQ']]);
  });
});
