import { afterEach, describe, it, expect, vi } from 'vitest';
import { act } from 'react';
import { App } from '../../../src/ui/app.js';
import { renderInk, type InkHarness } from '../../helpers/ink.js';
import { fakeStore, row, snapshot, T0 } from './fake-store.js';

describe('App keys', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
  });

  it.each([
    ['q', 'q'],
    ['Q', 'Q'],
    ['Ctrl+C', '\u0003'],
  ])('calls onQuit on %s', (_name, input) => {
    const onQuit = vi.fn();
    ink = renderInk(<App store={fakeStore(snapshot())} onQuit={onQuit} ageRefreshMs={0} />);
    ink.press(input);
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['x', 'x'],
    ['c without Ctrl', 'c'],
    ['Ctrl+Q', '\u0011'],
    ['arrow up', '\u001B[A'],
  ])('ignores %s', (_name, input) => {
    const onQuit = vi.fn();
    ink = renderInk(<App store={fakeStore(snapshot())} onQuit={onQuit} ageRefreshMs={0} />);
    ink.press(input);
    expect(onQuit).not.toHaveBeenCalled();
  });

  it('reads Enter inside a burst of keys (a paste, or keys faster than a read)', () => {
    const store = fakeStore(snapshot({ quotes: [row('SPY', { price: 600 }), row('QQQ', { price: 500 })] }));
    ink = renderInk(<App store={store} onQuit={() => {}} now={() => T0} ageRefreshMs={0} flashMs={0} />, {
      columns: 100,
      rows: 30,
    });
    ink.press('jk' + 'j\r');
    expect(ink.frame()).toContain('QQQ flow');
  });
});

describe('App age refresh', () => {
  let ink: InkHarness | undefined;
  afterEach(() => {
    ink?.unmount();
    ink = undefined;
    vi.useRealTimers();
  });

  const quiet = snapshot({ quotes: [row('SPY', { price: 512.34, source: 'ws', asOf: T0 })] });
  const ageOf = (frame: string): string => /(\S+)\s*│$/.exec(frame.split('\n').find((l) => l.includes('SPY'))!)![1]!;

  it('repaints the age of a quiet symbol every second without a store update', () => {
    vi.useFakeTimers();
    let wall = T0 + 400;
    ink = renderInk(<App store={fakeStore(quiet)} onQuit={() => {}} now={() => wall} />);
    expect(ageOf(ink.frame())).toBe('0.4s');
    wall = T0 + 12_000;
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(ageOf(ink.frame())).toBe('12s');
  });

  it('does not repaint on its own when the refresh is off', () => {
    vi.useFakeTimers();
    let wall = T0 + 400;
    ink = renderInk(<App store={fakeStore(quiet)} onQuit={() => {}} now={() => wall} ageRefreshMs={0} />);
    wall = T0 + 12_000;
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(ageOf(ink.frame())).toBe('0.4s');
  });

  it('clears its timer on unmount', () => {
    const setSpy = vi.spyOn(globalThis, 'setInterval');
    const clearSpy = vi.spyOn(globalThis, 'clearInterval');
    ink = renderInk(<App store={fakeStore(quiet)} onQuit={() => {}} now={() => T0} />);
    const intervals = setSpy.mock.calls.filter((args) => args[1] === 1000);
    expect(intervals).toHaveLength(1);
    const handle = setSpy.mock.results[setSpy.mock.calls.indexOf(intervals[0]!)]!.value;
    expect(clearSpy).not.toHaveBeenCalledWith(handle);
    ink.unmount();
    ink = undefined;
    expect(clearSpy).toHaveBeenCalledWith(handle);
    setSpy.mockRestore();
    clearSpy.mockRestore();
  });
});
