import { describe, expect, it } from 'vitest';
import { FlowAggregator } from '../../../../src/market/flow/aggregator.js';

describe('flow premium', () => {
  it('is exact to the cent, without float noise', () => {
    const agg = new FlowAggregator();
    const t = Date.UTC(2026, 10, 24, 15, 30);
    agg.quote('O:SPY261218C00690000', { bid: 9.1, ask: 9.3, time: t });
    agg.trade({ contract: 'O:SPY261218C00690000', time: t + 1, price: 9.2, size: 1, exchange: 302 });
    const [print] = agg.flush(Number.MAX_SAFE_INTEGER);
    expect(print?.premium).toBe(920);
    expect(JSON.stringify(print?.premium)).toBe('920');
  });
});
