import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { createOptionsDesk, type WritableOptionsDesk } from '../../../src/store/options-desk.js';
import { App } from '../../../src/ui/app.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0 } from './fake-store.js';
import { flowPrint } from './flow-fixtures.js';
import { chainRows, contract, levelsEntry, plan } from './option-fixtures.js';

/** A price with more than two decimals, outside a percentage (IV) or a greek. */
const longPrice = /(?<![\d.])\d+\.\d{3,}(?![\d%])/;

function optionPrices(frame: string): string[] {
  // Greeks lines are not prices (gamma has four decimals by design).
  return frame.split('\n').filter((l) => !l.includes('Greeks') && longPrice.test(l));
}

describe('the chain and contract views', () => {
  let ink: InkHarness | undefined;
  let desk: WritableOptionsDesk;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  const store = () =>
    fakeStore(
      snapshot({
        quotes: [row('SPY', { price: 600.2, change: 1, changePct: 0.2, source: 'ws', asOf: T0 })],
        flow: [flowPrint({ contract: contract(601, 'call').ticker, strike: 601, expiry: '2026-01-09', id: 'x1' })],
      }),
    );

  function open(columns = 120, rows = 40): InkHarness {
    desk = createOptionsDesk();
    const h = renderInk(
      <App store={store()} desk={desk} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} />,
      {
        columns,
        rows,
      },
    );
    h.press('\r');
    return h;
  }

  const set = (fn: () => void) => act(fn);

  it('shows the levels in the detail view and asks the desk for the symbol on screen', () => {
    ink = open();
    expect(desk.getSnapshot().wants.focus).toBe('SPY');
    expect(ink.frame()).toContain('Levels loading');
    set(() => desk.setLevels(levelsEntry()));
    const frame = ink.frame();
    expect(frame).toMatch(/call wall 610 · put wall 590 · max pain 600 · γ flip 598\.43 · net GEX \+\$1\.2B/);
    expect(frame).toMatch(/P\/C OI 1\.12 · ATM IV 18\.3% · move ±8\.51/);
  });

  it('opens the chain with c: calls and puts around the money, ATM marked, prices in cents', () => {
    ink = open();
    ink.press('c');
    expect(desk.getSnapshot().wants.chain).toEqual({ underlying: 'SPY', expiry: undefined });
    set(() => desk.setLevels(levelsEntry()));
    set(() =>
      desk.setChain({
        underlying: 'SPY',
        expiry: '2026-01-09',
        spot: 600.2,
        rows: chainRows([595, 597.5, 600, 602.5, 605]),
        at: T0,
      }),
    );
    const frame = ink.frame();
    expect(frame).toContain('SPY 600.20 option chain · exp 2026-01-09 (1/3) · 5 strikes');
    expect(frame).toMatch(/CALLS\s+Strike\s+PUTS/);
    expect(frame).toMatch(/Bid\s+Ask\s+Bid\s+Ask/);
    expect(frame).toContain('►600◄');
    expect(frame).toContain('597.5');
    // The 600 call: mid 0.6567 → bid 0.6354 and ask 0.6754 on the wire, 0.64 and 0.68 on screen.
    expect(frame).toMatch(/0\.64\s+0\.68\s+►600◄/);
    expect(optionPrices(frame)).toEqual([]);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
  });

  it.each([
    [80, 24],
    [200, 60],
  ])('fits a %i×%i terminal, chain and contract alike', (columns, rows) => {
    ink = open(columns, rows);
    ink.press('c');
    set(() => desk.setLevels(levelsEntry()));
    set(() =>
      desk.setChain({
        underlying: 'SPY',
        expiry: '2026-01-09',
        spot: 600.2,
        rows: chainRows(Array.from({ length: 80 }, (_, i) => 560 + i)),
        at: T0,
      }),
    );
    const chainFrame = ink.frame();
    ink.press('\r');
    for (const frame of [chainFrame, ink.frame()]) {
      const lines = frame.split('\n');
      expect(lines.length).toBeLessThan(rows);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
      expect(optionPrices(frame)).toEqual([]);
    }
  });

  it('opens the chain of the selected watchlist row with c, without the detail view first', () => {
    desk = createOptionsDesk();
    ink = renderInk(<App store={store()} desk={desk} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} />, {
      columns: 120,
      rows: 40,
    });
    ink.press('c');
    expect(desk.getSnapshot().wants).toMatchObject({ focus: 'SPY', chain: { underlying: 'SPY' } });
    expect(ink.frame()).toContain('SPY 600.20 option chain');
  });

  it('moves through expiries with [ and ], and opens the contract at the cursor with Enter', () => {
    ink = open();
    ink.press('c');
    set(() => desk.setLevels(levelsEntry()));
    set(() =>
      desk.setChain({ underlying: 'SPY', expiry: '2026-01-09', spot: 600.2, rows: chainRows([595, 600, 605]), at: T0 }),
    );
    ink.press(']');
    expect(desk.getSnapshot().wants.chain).toEqual({ underlying: 'SPY', expiry: '2026-01-16' });
    expect(ink.frame()).toContain('loading 2026-01-16');
    ink.press('[');
    expect(desk.getSnapshot().wants.chain?.expiry).toBe('2026-01-09');
    // One strike up from the money, puts side, then Enter.
    ink.press('j');
    ink.press('l');
    ink.press('\r');
    const ticker = contract(605, 'put').ticker;
    expect(desk.getSnapshot().wants.plan).toBe(ticker);
    let frame = ink.frame();
    expect(frame).toContain(ticker);
    expect(frame).toContain('SPY 605 put · exp 2026-01-09');
    expect(frame).toMatch(/Quote bid 5\.24 × ask 5\.28 \(12×30\) · mid 5\.26 · last 5\.26/);
    expect(frame).toMatch(/Greeks Δ -0\.488 · Γ 0\.0312/);
    expect(frame).toContain('computing');
    set(() => desk.setPlan({ contract: ticker, plan, snapshot: undefined, error: undefined, at: T0 }));
    frame = ink.frame();
    expect(frame).toContain('day call · 4 DTE · entry 1.23 · grade B');
    expect(frame).toContain('T1 604.10 → 2.35 (ATR) · T2 610.00 → 5.68 (call wall)');
    expect(frame).toContain('Stop 597.30 → 0.65');
    expect(frame).toContain('R/R 1.90 · breakeven 601.23 at expiry · max loss $123.45/contract · 4 contracts');
    expect(optionPrices(frame)).toEqual([]);
  });

  it('goes back from the contract to the chain and from the chain to the detail view with Esc', async () => {
    ink = open();
    ink.press('c');
    set(() => desk.setChain({ underlying: 'SPY', expiry: '2026-01-09', spot: 600.2, rows: chainRows([600]), at: T0 }));
    ink.press('\r');
    expect(ink.frame()).toContain('Quote');
    await ink.pressEscape();
    expect(ink.frame()).toContain('option chain');
    expect(desk.getSnapshot().wants.plan).toBeUndefined();
    await ink.pressEscape();
    expect(ink.frame()).toContain('Levels');
    expect(desk.getSnapshot().wants.chain).toBeUndefined();
  });

  it('says why there is no chain when the desk could not get one', () => {
    ink = open();
    ink.press('c');
    set(() => desk.setChain(undefined, 'option chain snapshots are not in your plan'));
    expect(ink.frame()).toContain('option chain snapshots are not in your plan');
  });

  it('t opens the plan of the contract on the tape, with its prints', () => {
    desk = createOptionsDesk();
    ink = renderInk(<App store={store()} desk={desk} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} />, {
      columns: 120,
      rows: 40,
    });
    ink.press('t');
    const ticker = contract(601, 'call').ticker;
    expect(desk.getSnapshot().wants.plan).toBe(ticker);
    const frame = ink.frame();
    expect(frame).toContain(`${ticker} prints`);
    expect(frame).toMatch(/601C/);
    set(() =>
      desk.setPlan({ contract: ticker, plan: undefined, snapshot: undefined, error: 'no plan: no ATR', at: T0 }),
    );
    expect(ink.frame()).toContain('no plan: no ATR');
  });
});
