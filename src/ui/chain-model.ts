/**
 * What the chain view shows, from the desk and the cursor: the expiries, the strikes of the
 * expiry shown with their call and put, the strike at the money and the one under the cursor.
 * Pure, shared by the view and by the keys (which need the same strikes and contract).
 */
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import type { DeskSnapshot } from '../store/options-desk.js';
import type { ChainCursor, OptionsKeyContext } from './chain-state.js';

export interface ChainRow {
  readonly strike: number;
  readonly call: OptionContractSnapshot | undefined;
  readonly put: OptionContractSnapshot | undefined;
}

export interface ChainModel {
  readonly expiries: readonly string[];
  /** The expiry shown (undefined until the chain's expiries are known). */
  readonly expiry: string | undefined;
  /** Rows of that expiry, ascending by strike; empty until it has loaded. */
  readonly rows: readonly ChainRow[];
  /** Whether `rows` are the expiry shown (false while another one loads). */
  readonly loaded: boolean;
  readonly spot: number | undefined;
  /** Index in `rows` of the strike nearest spot, and of the cursor. */
  readonly atm: number;
  readonly cursor: number;
  /** The contract under the cursor. */
  readonly contract: string | undefined;
}

function nearestIndex(rows: readonly ChainRow[], price: number | undefined): number {
  if (rows.length === 0 || price === undefined) return Math.floor(rows.length / 2);
  let best = 0;
  for (let i = 1; i < rows.length; i++)
    if (Math.abs(rows[i]!.strike - price) < Math.abs(rows[best]!.strike - price)) best = i;
  return best;
}

/** The model of the chain of `cursor.symbol`; `quote` is the underlying's live price if any. */
export function chainModel(desk: DeskSnapshot, cursor: ChainCursor, quote: number | undefined): ChainModel {
  const levels = desk.levels[cursor.symbol];
  const chain = desk.chain?.underlying === cursor.symbol ? desk.chain : undefined;
  const expiries = levels?.expiries ?? (chain ? [chain.expiry] : []);
  const expiry = cursor.expiry ?? levels?.levels.expiry ?? expiries[0] ?? chain?.expiry;
  const loaded = chain !== undefined && chain.expiry === expiry;
  const byStrike = new Map<number, { call?: OptionContractSnapshot; put?: OptionContractSnapshot }>();
  for (const c of loaded ? chain.rows : []) {
    if (c.contractType !== 'call' && c.contractType !== 'put') continue;
    const at = byStrike.get(c.strike) ?? {};
    byStrike.set(c.strike, { ...at, [c.contractType]: c });
  }
  const rows = [...byStrike].sort((a, b) => a[0] - b[0]).map(([strike, r]) => ({ strike, call: r.call, put: r.put }));
  const spot = quote ?? chain?.spot ?? levels?.spot;
  const atm = nearestIndex(rows, spot);
  const cursorAt = cursor.strike === undefined ? atm : nearestIndex(rows, cursor.strike);
  const row = rows[cursorAt];
  return {
    expiries,
    expiry,
    rows,
    loaded,
    spot,
    atm,
    cursor: cursorAt,
    contract: row ? (cursor.right === 'call' ? row.call : row.put)?.ticker : undefined,
  };
}

/** What the chain keys act on, from the model. */
export function chainKeyContext(model: ChainModel): OptionsKeyContext {
  return {
    expiries: model.expiries,
    expiry: model.expiry,
    strikes: model.rows.map((r) => r.strike),
    strike: model.rows[model.cursor]?.strike,
    chainContract: model.contract,
  };
}
