import { describe, expect, it } from 'vitest';
import { parseChainPage } from '../../../src/proxy/flow.js';

describe('the flow window’s data time', () => {
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
