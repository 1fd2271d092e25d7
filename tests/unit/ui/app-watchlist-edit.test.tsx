import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { createMarketStore } from '../../../src/store/store.js';
import { App } from '../../../src/ui/app.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';

const T0 = Date.UTC(2026, 10, 30, 15, 30);

describe('editing the watchlist on the screen', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  function show(onChange?: (s: readonly string[]) => string) {
    const store = createMarketStore({ symbols: ['SPY', 'QQQ'], demo: true, frameMs: 0, clock: new ManualClock(T0) });
    const changes: (readonly string[])[] = [];
    const onWatchlist =
      onChange ??
      ((s: readonly string[]) => {
        changes.push(s);
        store.setSymbols(s);
        return 'saved';
      });
    ink = renderInk(<App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} onWatchlist={onWatchlist} />, {
      columns: 100,
      rows: 30,
    });
    const rows = () =>
      ink!
        .frame()
        .split('\n')
        .flatMap((l) => /^│ [› ] (\S+)/.exec(l)?.[1] ?? [])
        .filter((s) => s !== 'Symbol');
    return { store, changes, rows, footer: () => ink!.frame().split('\n').at(-1)! };
  }

  it('a opens a prompt; Enter adds the symbol, selects it and says it was saved', () => {
    const { changes, rows, footer } = show();
    ink!.press('a');
    expect(footer()).toContain('add symbol:');
    ink!.press('nvda');
    expect(footer()).toContain('add symbol: nvda');
    ink!.press('\r');
    expect(changes).toEqual([['SPY', 'QQQ', 'NVDA']]);
    expect(rows()).toEqual(['SPY', 'QQQ', 'NVDA']);
    expect(ink!.frame()).toMatch(/› NVDA/);
    expect(footer()).toContain('added NVDA · saved');
  });

  it('refuses an invalid symbol with the reason and keeps what was typed', () => {
    const { changes, footer } = show();
    ink!.press('a');
    ink!.press('SP Y');
    ink!.press('\r');
    expect(changes).toEqual([]);
    expect(footer()).toContain('add symbol: SP Y');
    expect(footer()).toContain('invalid symbol "SP Y"');
  });

  it('takes a burst like tmux sends it: a, the symbol and Enter in one read', () => {
    const { changes } = show();
    ink!.press('aAMD\r');
    expect(changes).toEqual([['SPY', 'QQQ', 'AMD']]);
  });

  it('d removes the selected symbol, J and K move it', () => {
    const { changes, rows } = show();
    ink!.press('J');
    expect(rows()).toEqual(['QQQ', 'SPY']);
    ink!.press('K');
    expect(rows()).toEqual(['SPY', 'QQQ']);
    ink!.press('j');
    ink!.press('d');
    expect(rows()).toEqual(['SPY']);
    expect(changes.at(-1)).toEqual(['SPY']);
    // The last symbol stays.
    ink!.press('d');
    expect(rows()).toEqual(['SPY']);
    expect(ink!.frame()).toContain('the watchlist keeps at least one symbol');
  });

  it('does not edit the watchlist while the tape has focus', () => {
    const { changes } = show();
    ink!.press('\t');
    ink!.press('d');
    expect(changes).toEqual([]);
  });
});
