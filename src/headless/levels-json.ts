/**
 * The `levels` document: what `massive levels --json` prints and what `massive watch --json`
 * emits as a `levels` event each time an underlying's levels are refreshed (one shape for both).
 */
import type { KeyLevels } from '../market/levels/key-levels.js';

/**
 * The levels themselves under their own names, rounded: `netGexTotal` and each strike's `gex` in
 * whole dollars per 1 % move.
 */
export interface LevelsDocument extends KeyLevels {
  readonly type: 'levels';
  readonly v: 1;
  readonly ts: string;
  readonly demo: boolean;
  readonly underlying: string;
  readonly spot: number | null;
}

const round = (v: number | null, decimals: number): number | null => (v === null ? null : Number(v.toFixed(decimals)));

/** The `--json` object; values rounded so float noise never reaches a reader. */
export function levelsDocument(
  meta: { readonly ts: string; readonly demo: boolean; readonly underlying: string; readonly spot: number | undefined },
  levels: KeyLevels,
): LevelsDocument {
  return {
    type: 'levels',
    v: 1,
    ts: meta.ts,
    demo: meta.demo,
    underlying: meta.underlying,
    spot: meta.spot ?? null,
    expiry: levels.expiry,
    callWall: levels.callWall,
    putWall: levels.putWall,
    maxPain: levels.maxPain,
    gammaFlip: round(levels.gammaFlip, 2),
    netGexTotal: round(levels.netGexTotal, 0),
    netGex: levels.netGex.map((s) => ({ strike: s.strike, gex: Math.round(s.gex) })),
    putCallOi: round(levels.putCallOi, 4),
    putCallVolume: round(levels.putCallVolume, 4),
    atmIv: round(levels.atmIv, 4),
    expectedMove: round(levels.expectedMove, 4),
  };
}
