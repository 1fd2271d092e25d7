import type { FlowPrint } from '../market/types.js';

/** Which part of the (filtered) tape the flow panel shows. */
export interface TapeWindow {
  /** Prints that arrived above the anchor since scrolling began. */
  readonly newAbove: number;
  /** First row shown, counted from the newest print. */
  readonly offset: number;
  /** Furthest the user may scroll. */
  readonly maxOffset: number;
  /** The print at the top of the panel (what `o` opens). */
  readonly top: FlowPrint | undefined;
}

/**
 * Scrolled back, the view is held on the print that was newest when scrolling began (`anchor`);
 * prints that arrived since sit above it. An anchor that left the history (or the filter) lets go.
 */
export function tapeWindow(
  tape: readonly FlowPrint[],
  anchor: string | undefined,
  scrolled: number,
  rows: number,
): TapeWindow {
  const anchorAt = anchor === undefined ? -1 : tape.findIndex((p) => p.id === anchor);
  const newAbove = Math.max(0, anchorAt);
  const offset = scrolled + newAbove;
  const maxOffset = Math.max(0, tape.length - rows - newAbove);
  const top = tape[Math.min(offset, Math.max(0, tape.length - rows))];
  return { newAbove, offset, maxOffset, top };
}
