import { describe, expect, it } from 'vitest';
import { App } from '../../../src/ui/app.js';
import { renderInk } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0 } from './fake-store.js';
import { flowPrint } from './flow-fixtures.js';

describe('the tape’s starting filter (flowMinPremium)', () => {
  it('hides prints below the configured premium until the user changes the filter', () => {
    const store = fakeStore(
      snapshot({
        quotes: [row('SPY', { price: 600 })],
        flow: [
          flowPrint({ id: 'small', premium: 5_000, strike: 601 }),
          flowPrint({ id: 'big', premium: 40_000, strike: 655 }),
        ],
      }),
    );
    const ink = renderInk(
      <App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} initialFilter=">=25000" />,
      { columns: 160, rows: 40 },
    );
    try {
      const frame = ink.frame();
      expect(frame).toContain('655');
      expect(frame).not.toMatch(/601[CP]/);
    } finally {
      ink.unmount();
    }
  });
});
