/** Output of `massive levels`: the JSON document of the README and a short table for people. */
import type { LevelsDocument } from '../headless/levels-json.js';
import { formatFixed, formatIv, formatMoney, formatPrice, formatStrike } from '../ui/format.js';

// The document is the NDJSON writer's too (watch emits it as `levels` events): one shape.
export { levelsDocument, type LevelsDocument } from '../headless/levels-json.js';

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
  return `${out.join('\n')}\n`;
}
