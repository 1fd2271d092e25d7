import { afterEach, describe, expect, it } from 'vitest';
import { BiasPanel, biasExtraLines } from '../../../src/ui/bias-panel.js';
import { resolveTheme } from '../../../src/ui/theme.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { row } from './fake-store.js';
import { levelsEntry } from './option-fixtures.js';

const theme = resolveTheme({ NO_COLOR: '1' }, 'mono');
const spx = row('I:SPX', { price: 6800.12, change: 10, changePct: 0.15 });
const vix = row('I:VIX', { price: 16.2, change: -0.1, changePct: -0.6 });
const ndx = row('I:NDX', { price: 24_812.4, change: 112.3, changePct: 0.45 });

describe('bias panel: NDX trend and SPX levels', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  it('adds the NDX line with its trend and the SPX levels line when the key has them', () => {
    const indices = { 'I:SPX': spx, 'I:VIX': vix, 'I:NDX': ndx };
    const spxLevels = levelsEntry('I:SPX', {
      levels: { ...levelsEntry().levels, callWall: 6900, putWall: 6700, maxPain: 6800, gammaFlip: 6812.4 },
    });
    ink = renderInk(<BiasPanel indices={indices} theme={theme} ndxTrend="up" spxLevels={spxLevels} />);
    const frame = ink.frame();
    expect(frame).toMatch(/NDX\s+24,812\.40\s+\+112\.30\s+\+0\.45% ↑ up/);
    expect(frame).toContain('SPX walls 6900/6700 pain 6800 flip 6812');
    expect(biasExtraLines(indices, spxLevels)).toBe(2);
  });

  it('leaves both out when I:NDX is not in the plan and there are no SPX levels', () => {
    const indices = { 'I:SPX': spx, 'I:VIX': vix, 'I:NDX': row('I:NDX', { unavailable: 'not in your plan' }) };
    ink = renderInk(<BiasPanel indices={indices} theme={theme} ndxTrend="up" />);
    expect(ink.frame()).not.toContain('NDX');
    expect(ink.frame()).not.toContain('walls');
    expect(biasExtraLines(indices, undefined)).toBe(0);
  });
});
