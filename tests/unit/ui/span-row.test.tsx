/**
 * Table rows keep glyph cells in text nodes of their own, so Ink's per-frame width measurement
 * takes string-width's ASCII fast path for the rest; the screen shows the same characters.
 */
import { describe, expect, it } from 'vitest';
import { asciiGroups, SpanRow, type Span } from '../../../src/ui/span-row.js';
import { renderInk } from '../../helpers/ink.js';

const spans: Span[] = [
  { key: 'sym', text: 'SPY   ', bold: true },
  { key: 'last', text: ' 677.31' },
  { key: 'spark', text: ' ▁▂▄█', color: 'green' },
  { key: 'rsi', text: '  78' },
  { key: 'trend', text: ' ▲ up' },
  { key: 'vol', text: '  23.0M' },
  { key: 'bidask', text: ' 0.85×0.87' },
];

describe('SpanRow', () => {
  it('groups ASCII runs and keeps every run of other characters alone, in order, styles kept', () => {
    const groups = asciiGroups(spans);
    expect(groups.map((g) => g.map((s) => s.text).join(''))).toEqual([
      'SPY    677.31 ',
      '▁▂▄█',
      '  78 ',
      '▲',
      ' up  23.0M 0.85',
      '×',
      '0.87',
    ]);
    expect(groups.map((g) => g.map((s) => s.key))).toEqual([
      ['sym', 'last', 'spark~0'],
      ['spark~1'],
      ['rsi', 'trend~0'],
      ['trend~1'],
      ['trend~2', 'vol', 'bidask~0'],
      ['bidask~1'],
      ['bidask~2'],
    ]);
    expect(groups[1]?.[0]).toMatchObject({ text: '▁▂▄█', color: 'green' });
    expect(groups[0]?.[2]).toMatchObject({ text: ' ', color: 'green' });
    expect(asciiGroups(spans.filter((s) => /^[\x20-\x7e]*$/.test(s.text)))).toHaveLength(1);
    expect(asciiGroups([])).toEqual([]);
  });

  it('draws the same line split into groups as one text node would', () => {
    const split = renderInk(<SpanRow spans={spans} />, { columns: 80 });
    const ascii = renderInk(
      <SpanRow spans={spans.map((s) => ({ ...s, text: s.text.replace(/[^\x20-\x7e]/g, '#') }))} />,
      {
        columns: 80,
      },
    );
    expect(split.frame()).toBe(spans.map((s) => s.text).join(''));
    expect(ascii.frame().length).toBe(split.frame().length);
    for (const h of [split, ascii]) h.unmount();
  });
});
