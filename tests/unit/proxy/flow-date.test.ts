import { describe, expect, it } from 'vitest';
import { newYorkDate, parseChainPage } from '../../../src/proxy/flow.js';

describe('the flow window’s notion of today', () => {
  it.each([
    [Date.UTC(2026, 10, 25, 1, 30), '2026-11-24'], // 20:30 New York is already the 25th in UTC
    [Date.UTC(2026, 10, 25, 15, 0), '2026-11-25'],
    [Date.UTC(2026, 6, 1, 3, 59), '2026-06-30'], // summer time (UTC-4)
  ])('takes the New York date of %s', (ms, date) => {
    expect(newYorkDate(ms)).toBe(date);
  });

  it('reads the data time from the chain’s underlying_asset.last_updated (ns)', () => {
    const page = parseChainPage({
      results: [
        {
          details: { ticker: 'O:SPY261124C00675000', expiration_date: '2026-11-24', strike_price: 675 },
          underlying_asset: { price: 675.2, last_updated: 1795536000123000000 },
        },
      ],
    });
    expect(page).toMatchObject({ spot: 675.2, asOfMs: 1795536000123 });
  });
});
