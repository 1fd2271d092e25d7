import type { Panel } from './ui-state.js';

/** From this width the bias panel sits beside the watchlist instead of below it. */
export const sideBySideMinColumns = 130;

/** Border (2) + title + column header around a table's rows. */
const tableChrome = 4;
/** Border (2) + title around the bias panel's lines. */
const biasChrome = 3;
/**
 * Tape rows kept before the other panels grow (issue 13: an 80×24 terminal still shows 8 prints);
 * the bias panel is dropped and the watchlist scrolls rather than take them.
 */
export const tapeKeepRows = 8;
/** Watchlist rows kept while the tape has focus (the tape then takes the rest). */
const watchRowsBesideFocusedTape = 3;

export interface LayoutInput {
  readonly columns: number;
  readonly rows: number;
  readonly symbols: number;
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
 * Splits the terminal's height between the panels so the frame fills it without growing past
 * it. Ink clears the whole screen on every frame that is as tall as the terminal (flicker), so
 * the frame stays one line shorter. Panels that do not fit are dropped, the focused one last;
 * the tape keeps `tapeKeepRows` before the watchlist grows to its symbols and the bias panel
 * shows its reasons, and the tape (the panel that always has more to show) takes every row left.
 */
export function planLayout(i: LayoutInput): Layout {
  const sideBySide = i.columns >= sideBySideMinColumns;
  const mainHeight = Math.max(1, i.rows - 1 - i.reserved);
  const biasHeight = biasChrome + i.biasLines;
  const min: Record<Panel, number> = { watchlist: tableChrome + 1, flow: tableChrome + 1, bias: biasHeight };
  const order: readonly Panel[] = [i.focus, ...(['flow', 'watchlist', 'bias'] as const).filter((p) => p !== i.focus)];

  let remaining = mainHeight;
  const shown = new Set<Panel>();
  for (const p of order) {
    if (p === 'bias' && sideBySide) continue;
    // Below the watchlist, an unfocused bias panel never takes the tape's kept rows.
    const keep = p === 'bias' && shown.has('flow') ? tapeKeepRows - 1 : 0;
    if (min[p] + keep <= remaining) {
      shown.add(p);
      remaining -= min[p];
    }
  }
  // Even on a tiny terminal the focused panel is drawn (cut to what fits).
  if (shown.size === 0 && !(sideBySide && i.focus === 'bias')) shown.add(i.focus);
  const tapeKeep = shown.has('flow') && i.focus !== 'bias' ? tapeKeepRows - 1 : 0;
  const spare = () => Math.max(0, remaining - tapeKeep);

  let biasReasons = 0;
  const growReasons = (room: number) => {
    biasReasons = Math.max(0, Math.min(i.biasReasons ?? 0, room));
    remaining -= biasReasons;
  };
  if (shown.has('bias') && i.focus === 'bias') growReasons(remaining);

  let watchHeight = shown.has('watchlist') ? min.watchlist : 0;
  if (shown.has('watchlist')) {
    const want = i.focus === 'flow' ? Math.min(i.symbols, watchRowsBesideFocusedTape) : i.symbols;
    const extra = Math.min(Math.max(0, want - 1), spare());
    watchHeight += extra;
    remaining -= extra;
  }
  let showBias = shown.has('bias');
  if (showBias && i.focus !== 'bias') growReasons(spare());
  if (sideBySide) {
    // Beside the watchlist the bias panel shares its row; the row is as tall as the taller one,
    // so reasons cost nothing while the watchlist is taller anyway.
    const host = shown.has('watchlist') ? watchHeight : 0;
    const room = i.focus === 'bias' ? remaining : spare();
    biasReasons = Math.max(0, Math.min(i.biasReasons ?? 0, host + room - biasHeight));
    const need = biasHeight + biasReasons - host;
    if (need <= room) {
      showBias = true;
      remaining -= Math.max(0, need);
      if (shown.has('watchlist')) watchHeight += Math.max(0, need);
    } else if (!shown.has('watchlist') && i.focus === 'bias') {
      showBias = true;
    }
  }
  const tapeHeight = shown.has('flow') ? min.flow + remaining : 0;

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
