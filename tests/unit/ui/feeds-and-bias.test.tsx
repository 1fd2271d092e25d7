import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/ui/app.js';
import { BiasPanel, biasContentLines, biasReasonLines, wrapWords } from '../../../src/ui/bias-panel.js';
import { allRealtime, StatusBar } from '../../../src/ui/status-bar.js';
import { colorTheme, monochromeTheme } from '../../../src/ui/theme.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0 } from './fake-store.js';

const NOTE = 'indices not in your plan: the bias needs I:SPX and I:VIX';
const noIndices = [
  row('I:SPX', { unavailable: 'indices not in your plan' }),
  row('I:VIX', { unavailable: 'indices not in your plan' }),
];

describe('what the plan delivers, on screen', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  it('shows the feeds per asset class on the status line', () => {
    ink = renderInk(
      <StatusBar
        status={{
          connection: 'live',
          demo: false,
          message: undefined,
          feeds: { stocks: 'delayed', options: 'realtime', indices: 'none' },
        }}
        theme={monochromeTheme}
        now={T0}
      />,
      { columns: 120 },
    );
    expect(ink.frame()).toContain('stocks delayed 15m · options real-time · indices —');
    expect(ink.frame()).toMatch(/● live/);
  });

  it('shows a REST-only class as such, and nothing before the feeds are known', () => {
    ink = renderInk(
      <StatusBar
        status={{ connection: 'polling', demo: false, message: undefined, feeds: { stocks: 'rest' } }}
        theme={colorTheme}
        now={T0}
      />,
    );
    expect(ink.frame()).toContain('stocks REST only');
    ink.rerender(
      <StatusBar status={{ connection: 'live', demo: false, message: undefined }} theme={colorTheme} now={T0} />,
    );
    expect(ink.frame()).not.toMatch(/real-time|delayed|REST only/);
  });

  it.each<[Record<string, 'realtime' | 'delayed' | 'rest' | 'none'> | undefined, boolean]>([
    [undefined, true],
    [{ stocks: 'realtime', indices: 'realtime' }, true],
    [{ stocks: 'delayed', indices: 'realtime' }, false],
    [{ indices: 'none' }, false],
  ])('feeds %j are all real-time: %s', (feeds, expected) => {
    expect(allRealtime(feeds)).toBe(expected);
  });

  it('says why the bias panel is empty when the indices are not in the plan', () => {
    ink = renderInk(
      <BiasPanel
        indices={Object.fromEntries(noIndices.map((r) => [r.symbol, r]))}
        unavailable={NOTE}
        theme={monochromeTheme}
      />,
    );
    const frame = ink.frame();
    expect(frame).toMatch(/SPX\s+unavailable/);
    expect(frame).toMatch(/VIX\s+unavailable/);
    expect(frame).not.toContain('waiting for data');
    // Wrapped to the panel: every word is there, in order.
    expect(frame.replace(/[│╭╮╰╯─\s]+/g, ' ')).toContain(NOTE);
  });

  it('marks a watchlist symbol the plan lacks in place of its price, and does not spin for it', () => {
    const store = fakeStore(
      snapshot({
        quotes: [row('SPY', { unavailable: 'stocks not in your plan' })],
        indices: noIndices,
        status: { feeds: { stocks: 'none', options: 'realtime', indices: 'none' } },
      }),
    );
    ink = renderInk(
      <App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} onBell={() => {}} />,
      { columns: 120, rows: 30 },
    );
    const frame = ink.frame();
    expect(frame).toMatch(/SPY\s+no plan/);
    expect(frame).not.toContain('loading market data');
  });

  it('still waits for data when nothing is missing from the plan', () => {
    ink = renderInk(<BiasPanel indices={{}} theme={monochromeTheme} />);
    expect(ink.frame()).toContain('waiting for data');
  });

  it('gives the note room in the layout and shows it in the whole app', () => {
    expect(biasContentLines(undefined, NOTE)).toBe(3);
    expect(biasReasonLines(undefined, NOTE)).toBe(wrapWords(NOTE, 39).length - 1);
    expect(biasContentLines(undefined)).toBe(2);
    const store = fakeStore(
      snapshot({
        quotes: [row('SPY', { price: 600, source: 'ws', asOf: T0, delayed: true })],
        indices: noIndices,
        biasUnavailable: NOTE,
        status: { feeds: { stocks: 'delayed', indices: 'none' } },
      }),
    );
    ink = renderInk(
      <App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} onBell={() => {}} />,
      { columns: 120, rows: 30 },
    );
    const frame = ink.frame();
    expect(frame).toContain('stocks delayed 15m · indices —');
    expect(frame).toContain('indices not in your plan:');
    expect(frame.split('\n').length).toBeLessThan(30);
  });

  it.each([
    [160, 40],
    [100, 24],
    [80, 24],
    [60, 20],
    [50, 12],
  ])('fits feeds and the note in %sx%s', (columns, rows) => {
    const store = fakeStore(
      snapshot({
        quotes: [row('SPY', { price: 600, source: 'ws', asOf: T0, delayed: true })],
        indices: noIndices,
        biasUnavailable: NOTE,
        status: {
          feeds: { stocks: 'delayed', options: 'realtime', indices: 'none' },
          quota: { used: 13, limit: 50, windowMs: 1000 },
        },
      }),
    );
    ink = renderInk(
      <App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} onBell={() => {}} />,
      { columns, rows },
    );
    const lines = ink.frame().split('\n');
    expect(lines.length).toBeLessThan(rows);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
    expect(lines[0]).toMatch(/massive ● live/);
  });

  it.each<[string, number, string[]]>([
    ['short words', 10, ['short', 'words']],
    ['a b c', 3, ['a b', 'c']],
    ['', 10, []],
    ['averyveryverylongword x', 5, ['averyveryverylongword', 'x']],
  ])('wraps %j at %d columns', (text, width, lines) => {
    expect(wrapWords(text, width)).toEqual(lines);
  });
});
