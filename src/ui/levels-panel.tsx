/**
 * Key levels on screen (issue 14): a two-line section for the detail view and the short SPX line
 * of the bias panel. Numbers are the desk's (the same computation as `massive levels`).
 */
import { Box, Text } from 'ink';
import type { LevelsEntry } from '../store/options-desk.js';
import { formatAge, formatFixed, formatIv, formatMoney, formatPrice, formatStrike } from './format.js';
import type { Theme } from './theme.js';

/** Lines the detail view's levels section takes. */
export const levelsSectionLines = 2;

const signedMoney = (v: number | null): string => (v === null ? '' : `${v > 0 ? '+' : ''}${formatMoney(v)}`);
const join = (parts: readonly (string | false)[]): string => parts.filter(Boolean).join(' · ');

/** The two lines of text: walls, pain, flip and GEX; then ratios, ATM IV, move, expiry and age. */
export function levelsLines(entry: LevelsEntry, now: number): [string, string] {
  const l = entry.levels;
  const move =
    l.expectedMove === null
      ? ''
      : `move ±${formatPrice(l.expectedMove)}${entry.spot ? ` (${formatFixed((l.expectedMove / entry.spot) * 100, 2)}%)` : ''}`;
  return [
    join([
      l.callWall !== null && `call wall ${formatStrike(l.callWall)}`,
      l.putWall !== null && `put wall ${formatStrike(l.putWall)}`,
      l.maxPain !== null && `max pain ${formatStrike(l.maxPain)}`,
      `γ flip ${l.gammaFlip === null ? 'none ±10%' : formatPrice(l.gammaFlip)}`,
      l.netGexTotal !== null && `net GEX ${signedMoney(l.netGexTotal)}/1%`,
    ]),
    join([
      l.putCallOi !== null && `P/C OI ${formatFixed(l.putCallOi, 2)}`,
      l.atmIv !== null && `ATM IV ${formatIv(l.atmIv)}`,
      move,
      l.expiry !== null && `exp ${l.expiry}`,
      `${formatAge(now - entry.at)} ago`,
    ]),
  ];
}

export interface LevelsSectionProps {
  readonly entry: LevelsEntry | undefined;
  /** Why there are no levels (e.g. no option snapshots in the plan). */
  readonly note?: string | undefined;
  readonly now: number;
  readonly theme: Theme;
}

/** The detail view's levels: two lines, or one line saying why there are none yet. */
export function LevelsSection({ entry, note, now, theme }: LevelsSectionProps): React.JSX.Element {
  const [first, second] = entry ? levelsLines(entry, now) : [undefined, undefined];
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text wrap="truncate-end">
        <Text bold>Levels </Text>
        {first ?? (
          <Text color={note ? theme.warning : undefined} dimColor={!note}>
            {note ?? 'loading the chain…'}
          </Text>
        )}
      </Text>
      <Text wrap="truncate-end">
        {'       '}
        {second ?? ''}
      </Text>
    </Box>
  );
}

/** The bias panel's SPX line, within `width`: `SPX walls 6900/6700 pain 6800 flip 6812`. */
export function spxLevelsText(entry: LevelsEntry): string {
  const l = entry.levels;
  const k = (v: number | null): string => (v === null ? '—' : formatStrike(v));
  const flip = l.gammaFlip === null ? '' : ` flip ${formatStrike(Math.round(l.gammaFlip))}`;
  return `SPX walls ${k(l.callWall)}/${k(l.putWall)} pain ${k(l.maxPain)}${flip}`;
}
