/**
 * Watchlist edits from the screen (`a` add, `d` remove, `J`/`K` move), as pure list operations:
 * the app applies the result through its `onWatchlist` callback (store, subscriptions, config).
 * Symbols are validated by the same rule as `massive watch SYMBOL…` and the `watchlist` setting.
 */
import { normalizeUserSymbol } from '../massive/symbology.js';

export type WatchlistEdit =
  | { readonly kind: 'add'; readonly text: string }
  | { readonly kind: 'remove'; readonly symbol: string }
  | { readonly kind: 'move'; readonly symbol: string; readonly delta: 1 | -1 };

export type EditResult =
  | {
      readonly ok: true;
      readonly symbols: readonly string[];
      readonly select: string | undefined;
      readonly note: string;
    }
  | { readonly ok: false; readonly error: string };

export interface EditContext {
  /** The watchlist in the user's order. */
  readonly symbols: readonly string[];
  /** Tickers the bias panel already shows (I:SPX, I:VIX…): not watchlist rows. */
  readonly indices?: readonly string[];
}

/** The watchlist after one edit, or why the edit cannot be made (nothing changes then). */
export function applyEdit(edit: WatchlistEdit, ctx: EditContext): EditResult {
  const list = ctx.symbols;
  switch (edit.kind) {
    case 'add': {
      const text = edit.text.trim();
      if (text === '') return { ok: false, error: 'no symbol typed' };
      const symbol = normalizeUserSymbol(text);
      if (symbol === undefined)
        return {
          ok: false,
          error: `invalid symbol ${JSON.stringify(text)} (expected tickers like SPY, BRK.B or I:SPX)`,
        };
      if (list.includes(symbol)) return { ok: false, error: `${symbol} is already on the watchlist` };
      if (ctx.indices?.includes(symbol)) return { ok: false, error: `${symbol} is shown in the bias panel` };
      return { ok: true, symbols: [...list, symbol], select: symbol, note: `added ${symbol}` };
    }
    case 'remove': {
      const at = list.indexOf(edit.symbol);
      if (at < 0) return { ok: false, error: `${edit.symbol} is not on the watchlist` };
      if (list.length === 1) return { ok: false, error: 'the watchlist keeps at least one symbol' };
      const symbols = list.filter((s) => s !== edit.symbol);
      return { ok: true, symbols, select: symbols[Math.min(at, symbols.length - 1)], note: `removed ${edit.symbol}` };
    }
    case 'move': {
      const at = list.indexOf(edit.symbol);
      const to = at + edit.delta;
      if (at < 0 || to < 0 || to >= list.length) return { ok: true, symbols: list, select: edit.symbol, note: '' };
      const symbols = [...list];
      [symbols[at], symbols[to]] = [symbols[to]!, symbols[at]!];
      return { ok: true, symbols, select: edit.symbol, note: `moved ${edit.symbol} ${edit.delta < 0 ? 'up' : 'down'}` };
    }
  }
}
