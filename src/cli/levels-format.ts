/** Output of `massive levels`: the JSON document of the README and a short table for people. */
import type { KeyLevels } from '../market/levels/key-levels.js';
import { formatFixed, formatIv, formatMoney, formatPrice, formatStrike } from '../ui/format.js';

export interface LevelsDocument {
  readonly type: 'levels';
  readonly v: 1;
  readonly ts: string;
  readonly demo: boolean;
  readonly underlying: string;
  readonly spot: number | null;
  readonly expiry: string | null;
  readonly callWall: number | null;
  readonly putWall: number | null;
  readonly maxPain: number | null;
  readonly gammaFlip: number | null;
  /** Dollars per 1 % move, whole dollars. */
  readonly netGexTotal: number | null;
  readonly netGex: readonly { readonly strike: number; readonly gex: number }[];
  readonly putCallOi: number | null;
  readonly putCallVolume: number | null;
  readonly atmIv: number | null;
  readonly expectedMove: number | null;
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

/** Strikes the table lists: the largest by size, shown in strike order (`--json` has them all). */
export const TABLE_STRIKES = 15;

const dash = (text: string): string => (text === '' ? '—' : text);
const signedMoney = (v: number | null): string => (v === null ? '' : `${v > 0 ? '+' : ''}${formatMoney(v)}`);

/** The table: one line per level, then net GEX at the strikes that carry the most of it. */
export function levelsTable(header: string, doc: LevelsDocument): string {
  const spot = doc.spot ?? undefined;
  const pct = (v: number | null): string =>
    v === null || spot === undefined ? '' : ` (${formatFixed((v / spot) * 100, 2)}%)`;
  const rows: [string, string][] = [
    ['Call wall', formatStrike(doc.callWall ?? undefined)],
    ['Put wall', formatStrike(doc.putWall ?? undefined)],
    ['Max pain', formatStrike(doc.maxPain ?? undefined)],
    ['Gamma flip', doc.gammaFlip === null ? 'none within ±10% of spot' : formatPrice(doc.gammaFlip)],
    ['Net GEX', doc.netGexTotal === null ? '' : `${signedMoney(doc.netGexTotal)} per 1% move`],
    ['Put/call OI', formatFixed(doc.putCallOi ?? undefined, 2)],
    ['Put/call volume', formatFixed(doc.putCallVolume ?? undefined, 2)],
    ['ATM IV', formatIv(doc.atmIv ?? undefined)],
    ['Expected move', doc.expectedMove === null ? '' : `±${formatPrice(doc.expectedMove)}${pct(doc.expectedMove)}`],
  ];
  const out = [header, ...rows.map(([k, v]) => `${k.padEnd(16)}${dash(v)}`)];
  if (doc.netGex.length > 0) {
    const top = [...doc.netGex]
      .sort((a, b) => Math.abs(b.gex) - Math.abs(a.gex))
      .slice(0, TABLE_STRIKES)
      .sort((a, b) => a.strike - b.strike);
    out.push(
      '',
      `Net GEX by strike (${top.length} largest of ${doc.netGex.length}; --json has every strike)`,
      `${'Strike'.padStart(10)}${'GEX'.padStart(12)}`,
    );
    for (const s of top) out.push(`${formatStrike(s.strike).padStart(10)}${signedMoney(s.gex).padStart(12)}`);
  }
  return out.join('\n') + '\n';
}
