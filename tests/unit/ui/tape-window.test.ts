import { describe, expect, it } from 'vitest';
import type { FlowPrint } from '../../../src/market/types.js';
import { tapeWindow } from '../../../src/ui/tape-window.js';
import { initialUiState, movementDelta, shownSymbol } from '../../../src/ui/ui-state.js';

const prints = (ids: string[]) => ids.map((id) => ({ id }) as FlowPrint);

describe('tapeWindow: the part of the tape the flow panel shows', () => {
  it('at the top shows the newest prints and may scroll to the oldest row in view', () => {
    const w = tapeWindow(prints(['e', 'd', 'c', 'b', 'a']), undefined, 0, 3);
    expect(w).toMatchObject({ newAbove: 0, offset: 0, maxOffset: 2 });
    expect(w.top?.id).toBe('e');
  });

  it('scrolled back, holds on its anchor while new prints arrive above it', () => {
    // Scrolled 1 row from anchor 'e'; two prints (g, f) arrived since.
    const w = tapeWindow(prints(['g', 'f', 'e', 'd', 'c', 'b', 'a']), 'e', 1, 3);
    expect(w).toMatchObject({ newAbove: 2, offset: 3, maxOffset: 2 });
    expect(w.top?.id).toBe('d');
  });

  it('lets go of an anchor that left the history', () => {
    const w = tapeWindow(prints(['c', 'b', 'a']), 'gone', 1, 2);
    expect(w).toMatchObject({ newAbove: 0, offset: 1, maxOffset: 1 });
    expect(w.top?.id).toBe('b');
  });

  it('never points past the last page of a short tape', () => {
    expect(tapeWindow(prints(['b', 'a']), undefined, 5, 10).top?.id).toBe('b');
    expect(tapeWindow([], undefined, 0, 10).top).toBeUndefined();
  });
});

describe('ui-state parts', () => {
  it('shownSymbol: the selection while it is in the watchlist, else the first symbol', () => {
    expect(shownSymbol({ selected: 'QQQ' }, ['SPY', 'QQQ'])).toBe('QQQ');
    expect(shownSymbol({ selected: 'IWM' }, ['SPY', 'QQQ'])).toBe('SPY');
    expect(shownSymbol(initialUiState, [])).toBeUndefined();
  });

  it('movementDelta: rows per movement key, nothing for other keys', () => {
    expect(movementDelta('down', 7)).toBe(1);
    expect(movementDelta('up', 7)).toBe(-1);
    expect(movementDelta('pageDown', 7)).toBe(7);
    expect(movementDelta('pageUp', 7)).toBe(-7);
    expect(movementDelta('top', 7)).toBe(-Number.MAX_SAFE_INTEGER);
    expect(movementDelta('bottom', 7)).toBe(Number.MAX_SAFE_INTEGER);
    expect(movementDelta('sort', 7)).toBeUndefined();
  });
});
