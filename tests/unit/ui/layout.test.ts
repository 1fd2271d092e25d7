import { describe, expect, it } from 'vitest';
import { planLayout, type LayoutInput } from '../../../src/ui/layout.js';

const base: LayoutInput = {
  columns: 100,
  rows: 40,
  symbols: 3,
  biasLines: 2,
  reserved: 2,
  focus: 'watchlist',
};

/** Lines the panels take, as the app draws them. */
function used(l: ReturnType<typeof planLayout>, i: LayoutInput): number {
  const watch = l.showWatchlist ? l.watchlistRows + 4 : 0;
  const bias = l.showBias ? i.biasLines + l.biasReasons + 3 : 0;
  const tape = l.showTape ? l.tapeRows + 4 : 0;
  return (l.sideBySide ? Math.max(watch, bias) : watch + bias) + tape;
}

describe('planLayout', () => {
  it.each([
    [{}],
    [{ rows: 24 }],
    [{ rows: 24, symbols: 30 }],
    [{ rows: 18, symbols: 30 }],
    [{ rows: 12 }],
    [{ columns: 160, rows: 24, symbols: 30 }],
    [{ columns: 160, rows: 30, biasLines: 6 }],
    [{ rows: 14, focus: 'flow' }],
    [{ rows: 14, focus: 'bias', biasLines: 6 }],
    [{ rows: 24, symbols: 4, biasLines: 3, biasReasons: 3 }],
    [{ columns: 160, rows: 20, symbols: 2, biasLines: 3, biasReasons: 3 }],
    [{ columns: 160, rows: 12, symbols: 2, biasLines: 3, biasReasons: 3 }],
  ] as const)('keeps the panels within the terminal height for %j', (over) => {
    const input = { ...base, ...over };
    const l = planLayout(input);
    expect(used(l, input)).toBeLessThanOrEqual(input.rows - 1 - input.reserved);
  });

  it('shows every watchlist row and gives the tape what is left on a tall terminal', () => {
    const l = planLayout(base);
    expect(l).toMatchObject({ showWatchlist: true, showBias: true, showTape: true, watchlistRows: 3 });
    expect(l.tapeRows).toBe(40 - 1 - 2 - (3 + 4) - (2 + 3) - 4);
  });

  it('caps the watchlist and keeps room for the tape when there are many symbols', () => {
    const l = planLayout({ ...base, rows: 24, symbols: 30 });
    expect(l.showTape).toBe(true);
    expect(l.watchlistRows).toBeLessThan(30);
    expect(l.tapeRows).toBeGreaterThanOrEqual(1);
  });

  it('drops panels on a short terminal but never the focused one', () => {
    const small = { ...base, rows: 12 };
    expect(planLayout(small)).toMatchObject({ showWatchlist: true, showTape: false });
    expect(planLayout({ ...small, focus: 'flow' })).toMatchObject({ showTape: true });
    expect(planLayout({ ...small, focus: 'bias' })).toMatchObject({ showBias: true });
  });

  it('puts the bias panel beside the watchlist from 130 columns', () => {
    expect(planLayout({ ...base, columns: 130 }).sideBySide).toBe(true);
    expect(planLayout({ ...base, columns: 129 }).sideBySide).toBe(false);
  });

  it('gives the bias reasons room only after every watchlist row', () => {
    const l = planLayout({ ...base, rows: 31, symbols: 4, biasLines: 3, biasReasons: 3 });
    expect(l.watchlistRows).toBe(4);
    expect(l.biasReasons).toBe(2);
    expect(planLayout({ ...base, rows: 40, biasLines: 3, biasReasons: 3 }).biasReasons).toBe(3);
  });

  it('lists bias reasons for free beside a taller watchlist', () => {
    const l = planLayout({ ...base, columns: 160, symbols: 10, biasLines: 3, biasReasons: 3 });
    expect(l).toMatchObject({ sideBySide: true, showBias: true, biasReasons: 3, watchlistRows: 10 });
  });

  it('hands the tape every row left over, so the frame reaches the last line but one', () => {
    for (const [columns, rows, symbols] of [
      [120, 40, 3],
      [80, 24, 3],
      [200, 60, 12],
      [100, 33, 30],
    ] as const) {
      const input = { ...base, columns, rows, symbols, biasLines: 3, biasReasons: 2 };
      const l = planLayout(input);
      expect(l.showTape).toBe(true);
      expect(used(l, input)).toBe(rows - 1 - input.reserved);
    }
  });

  it('keeps 8 tape rows at 80×24: the bias panel goes and the watchlist scrolls first', () => {
    const input = { ...base, columns: 80, rows: 24, symbols: 30, biasLines: 3 };
    const l = planLayout(input);
    expect(l.tapeRows).toBeGreaterThanOrEqual(8);
    expect(l).toMatchObject({ showWatchlist: true, showBias: false });
    expect(l.watchlistRows).toBeLessThan(30);
    // With an alert line too.
    expect(planLayout({ ...input, reserved: 3 }).tapeRows).toBeGreaterThanOrEqual(8);
    // Focused, the bias panel is shown even then.
    expect(planLayout({ ...input, focus: 'bias' }).showBias).toBe(true);
  });

  it('reflows on a resize: a taller terminal gives the rows to the tape', () => {
    const short = planLayout({ ...base, rows: 30 });
    const tall = planLayout({ ...base, rows: 50 });
    expect(tall.watchlistRows).toBe(short.watchlistRows);
    expect(tall.tapeRows - short.tapeRows).toBe(20);
  });

  it('gives the focused tape the rows a long watchlist would have taken', () => {
    const input = { ...base, rows: 40, symbols: 30 };
    const watchFocused = planLayout(input);
    const tapeFocused = planLayout({ ...input, focus: 'flow' });
    expect(watchFocused.watchlistRows).toBeGreaterThan(3);
    expect(tapeFocused.watchlistRows).toBe(3);
    expect(tapeFocused.tapeRows).toBeGreaterThan(watchFocused.tapeRows);
  });
});
