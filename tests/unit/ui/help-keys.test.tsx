import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/ui/app.js';
import { bindings } from '../../../src/ui/keymap.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0 } from './fake-store.js';

describe('? help lists every key, the chain and plan keys included', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  it.each([
    [80, 24],
    [120, 40],
  ])('at %i×%i', (columns, rows) => {
    const store = fakeStore(snapshot({ quotes: [row('SPY', { price: 600 })] }));
    ink = renderInk(<App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} />, {
      columns,
      rows,
    });
    ink.press('?');
    const frame = ink.frame();
    for (const b of bindings) expect(frame, b.label).toContain(b.label);
    for (const d of ['chain view: the next expiry', 'open the option chain', 'trade plan of the tape'])
      expect(frame.replace(/\s*│\s*/g, ' ')).toContain(d.slice(0, 12));
    expect(frame.split('\n').length).toBeLessThan(rows);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(columns);
  });
});
