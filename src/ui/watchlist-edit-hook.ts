import { useCallback, useEffect, useState } from 'react';
import type { UiEvent } from './ui-state.js';
import { applyEdit, type WatchlistEdit } from './watchlist-edit.js';

/** How long the line under the panels says what an edit did. */
const noticeMs = 6_000;

/**
 * Applies the new watchlist (store, subscriptions, and the config when the session started from
 * it); returns what happened to it for the footer, e.g. "saved to the watchlist setting".
 */
export type WatchlistChange = (symbols: readonly string[]) => string;

export interface WatchlistNotice {
  readonly text: string;
  readonly error: boolean;
}

export interface WatchlistEditor {
  readonly edit: (e: WatchlistEdit) => void;
  readonly notice: WatchlistNotice | undefined;
}

/**
 * The screen's side of watchlist editing: validates an edit against the current list, applies it
 * through `onChange`, and keeps the notice the footer shows. A refused add keeps its prompt open
 * with the text typed, so nothing is lost.
 */
export function useWatchlistEdit(
  symbols: readonly string[],
  indices: readonly string[],
  dispatch: (event: UiEvent) => void,
  onChange: WatchlistChange | undefined,
): WatchlistEditor {
  const [notice, setNotice] = useState<WatchlistNotice | undefined>(undefined);
  useEffect(() => {
    if (notice === undefined) return;
    const t = setTimeout(() => setNotice(undefined), noticeMs);
    return () => clearTimeout(t);
  }, [notice]);
  const edit = useCallback(
    (e: WatchlistEdit) => {
      if (onChange === undefined) {
        setNotice({ text: 'the watchlist cannot be edited here', error: true });
        dispatch({ type: 'symbolCancel' });
        return;
      }
      const r = applyEdit(e, { symbols, indices });
      if (!r.ok) {
        setNotice({ text: r.error, error: true });
        return;
      }
      const saved = r.symbols === symbols ? '' : onChange(r.symbols);
      if (r.note !== '') setNotice({ text: [r.note, saved].filter(Boolean).join(' · '), error: false });
      dispatch({ type: 'edited', select: r.select });
    },
    [symbols, indices, dispatch, onChange],
  );
  return { edit, notice };
}
