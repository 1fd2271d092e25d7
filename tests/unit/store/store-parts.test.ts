import { describe, expect, it } from 'vitest';
import { emptyRow } from '../../../src/store/quote-reducer.js';
import { patchStatus, withExtendedMove } from '../../../src/store/store.js';
import type { StatusInfo } from '../../../src/store/types.js';

const status: StatusInfo = {
  connection: 'live',
  demo: false,
  message: undefined,
  quota: { used: 1, limit: 5, windowMs: 60_000 },
};

describe('patchStatus', () => {
  it('returns the same object when the patch changes nothing, so the store does not republish', () => {
    expect(patchStatus(status, { connection: 'live' })).toBe(status);
    // An equal quota read again from headers is a new object with the same numbers.
    expect(patchStatus(status, { quota: { used: 1, limit: 5, windowMs: 60_000 } })).toBe(status);
  });

  it('applies a change and keeps the rest', () => {
    const next = patchStatus(status, { message: 'stream down', quota: { used: 2, limit: 5, windowMs: 60_000 } });
    expect(next).toEqual({ ...status, message: 'stream down', quota: { used: 2, limit: 5, windowMs: 60_000 } });
  });
});

describe('withExtendedMove', () => {
  const row = { ...emptyRow('SPY'), price: 102, prevClose: 100 };

  it('before the open, measures against the previous close', () => {
    expect(withExtendedMove(row, 'pre', new Map())).toMatchObject({ extChange: 2, extChangePct: 2 });
  });

  it('records the regular session last and measures after hours against it', () => {
    const regularLast = new Map<string, number>();
    expect(withExtendedMove({ ...row, price: 101 }, 'regular', regularLast).extChange).toBeUndefined();
    expect(regularLast.get('SPY')).toBe(101);
    expect(withExtendedMove({ ...row, price: 99 }, 'after', regularLast).extChange).toBe(-2);
  });

  it('clears an extended move once the regular session runs, and leaves a row without a base alone', () => {
    const moved = { ...row, extChange: 2, extChangePct: 2 };
    expect(withExtendedMove(moved, 'regular', new Map())).toMatchObject({
      extChange: undefined,
      extChangePct: undefined,
    });
    expect(withExtendedMove(row, 'after', new Map())).toBe(row);
    expect(withExtendedMove(row, 'closed', new Map())).toBe(row);
  });
});
