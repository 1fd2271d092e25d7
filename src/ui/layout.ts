import type { Panel } from './ui-state.js';

/** From this width the bias panel sits beside the watchlist instead of below it. */
export const sideBySideMinColumns = 130;

/** Border (2) + title + column header around a table's rows. */
const tableChrome = 4;
/** Border (2) + title around the bias panel's lines. */
const biasChrome = 3;

export interface LayoutInput {
  readonly columns: number;
  readonly rows: number;
  readonly symbols: number;
  /** Prints the tape could show (it shows at least one line: "No flow yet"). */
  readonly prints: number;
  /** Content lines of the bias panel without its reasons. */
  readonly biasLines: number;
  /** Reason lines the bias panel could add; they get room only after the watchlist's rows. */
  readonly biasReasons?: number;
  /** Lines above and below the panels: status, alert line, footer. */
  readonly reserved: number;
  readonly focus: Panel;
}

export interface Layout {
  readonly sideBySide: boolean;
  /** Lines available to the panels (or to a full-screen view such as detail or help). */
  readonly mainHeight: number;
  readonly showWatchlist: boolean;
  readonly showBias: boolean;
  readonly showTape: boolean;
  /** Data rows of each table. */
  readonly watchlistRows: number;
  readonly tapeRows: number;
  /** Bias reasons that fit. */
  readonly biasReasons: number;
}

/**
 * Splits the terminal's height between the panels so the frame never grows past it. Ink clears
 * the whole screen on every frame that is as tall as the terminal (flicker), so the frame stays
 * one line shorter. Panels that do not fit are dropped, the focused one last; the watchlist gets
 * its rows first, the tape takes what is left, and rows beyond that scroll.
 */
export function planLayout(i: LayoutInput): Layout {
  const sideBySide = i.columns >= sideBySideMinColumns;
  const mainHeight = Math.max(1, i.rows - 1 - i.reserved);
  const biasHeight = biasChrome + i.biasLines;
  const minHeight: Record<Panel, number> = {
    watchlist: tableChrome + 1,
    flow: tableChrome + 1,
    bias: sideBySide ? 0 : biasHeight,
  };
  const order: readonly Panel[] = [i.focus, ...(['watchlist', 'bias', 'flow'] as const).filter((p) => p !== i.focus)];

  let remaining = mainHeight;
  const shown = new Set<Panel>();
  for (const p of order) {
    if (p === 'bias' && sideBySide) continue;
    if (minHeight[p] <= remaining) {
      shown.add(p);
      remaining -= minHeight[p];
    }
  }
  // Even on a tiny terminal the focused panel is drawn (cut to what fits).
  if (shown.size === 0 && !(sideBySide && i.focus === 'bias')) shown.add(i.focus);

  let watchHeight = shown.has('watchlist') ? minHeight.watchlist : 0;
  if (shown.has('watchlist')) {
    const extra = Math.max(0, Math.min(tableChrome + Math.max(1, i.symbols) - watchHeight, remaining));
    watchHeight += extra;
    remaining -= extra;
  }
  let showBias = shown.has('bias');
  let biasReasons = 0;
  if (showBias && !sideBySide) {
    biasReasons = Math.max(0, Math.min(i.biasReasons ?? 0, remaining));
    remaining -= biasReasons;
  }
  if (sideBySide) {
    // Beside the watchlist the bias panel shares its row; the row is as tall as the taller one,
    // so reasons cost nothing while the watchlist is taller anyway.
    const host = shown.has('watchlist') ? watchHeight : 0;
    biasReasons = Math.max(0, Math.min(i.biasReasons ?? 0, host + remaining - biasHeight));
    const need = biasHeight + biasReasons - host;
    if (need <= remaining) {
      showBias = true;
      remaining -= Math.max(0, need);
      if (shown.has('watchlist')) watchHeight += Math.max(0, need);
    } else if (!shown.has('watchlist') && i.focus === 'bias') {
      showBias = true;
    }
  }
  let tapeHeight = shown.has('flow') ? minHeight.flow : 0;
  if (shown.has('flow')) tapeHeight += Math.max(0, Math.min(Math.max(1, i.prints) - 1, remaining));

  return {
    sideBySide,
    mainHeight,
    showWatchlist: shown.has('watchlist'),
    showBias,
    showTape: shown.has('flow'),
    watchlistRows: Math.max(1, Math.min(watchHeight, mainHeight) - tableChrome),
    tapeRows: Math.max(1, Math.min(tapeHeight, mainHeight) - tableChrome),
    biasReasons,
  };
}
