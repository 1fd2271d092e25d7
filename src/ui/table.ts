import { fit } from './format.js';

/** One column of a fixed-width table (the watchlist, the flow tape). */
export interface Column<Id extends string> {
  readonly id: Id;
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  /**
   * Lower is more important. Columns sharing a priority come and go together (bid without ask
   * is useless), so a narrow terminal drops whole groups instead of wrapping.
   */
  readonly priority: number;
}

/** Characters between two columns. */
export const columnGap = 1;

/** The width a set of columns occupies, gaps included. */
export function tableWidth(cols: readonly Column<string>[]): number {
  return cols.reduce((sum, c) => sum + c.width, 0) + Math.max(0, cols.length - 1) * columnGap;
}

/**
 * The columns that fit in `available` characters, in display order. Groups are taken in
 * priority order and a group that does not fit is skipped, so a cheap low-priority column can
 * still appear where an expensive one could not. Priority 0 is always shown.
 */
export function fitColumns<Id extends string>(all: readonly Column<Id>[], available: number): readonly Column<Id>[] {
  const priorities = [...new Set(all.map((c) => c.priority))].sort((a, b) => a - b);
  const chosen = new Set<Id>();
  for (const p of priorities) {
    const group = all.filter((c) => c.priority === p);
    const trial = all.filter((c) => chosen.has(c.id) || group.includes(c));
    if (tableWidth(trial) <= available || p === 0) for (const c of group) chosen.add(c.id);
  }
  return all.filter((c) => chosen.has(c.id));
}

/** The header line of a table. */
export function headerLine<Id extends string>(cols: readonly Column<Id>[]): string {
  return cols.map((c) => fit(c.title, c.width, c.align)).join(' '.repeat(columnGap));
}

/** A cell padded to its column, with the gap before it unless it is the first. */
export function cellText<Id extends string>(cols: readonly Column<Id>[], index: number, text: string): string {
  const c = cols[index]!;
  return (index === 0 ? '' : ' '.repeat(columnGap)) + fit(text, c.width, c.align);
}
