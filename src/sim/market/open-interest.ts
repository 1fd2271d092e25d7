/**
 * Open interest of a simulated contract, shaped like a real index-ETF chain so key levels in
 * `--demo` read like a session's: calls pile up a little above the money and puts (more of them)
 * further below, round strikes and monthly expiries draw more, and near expiries crowd closer to
 * the money. Open interest is the clearing house's count from the night before, so it depends only
 * on the strike against the underlying's previous close, never on today's price path: every
 * snapshot of one day agrees, whichever contracts a socket happens to follow.
 */
import type { ContractSpec } from './options.js';
import { unitFromName } from './prng.js';

const YEAR_MS = 365 * 86_400_000;

/** Third Friday of its month: the monthly expiry, where open interest concentrates. */
function isMonthly(expiry: string): boolean {
  const day = Number(expiry.slice(8));
  return new Date(`${expiry}T12:00:00Z`).getUTCDay() === 5 && day >= 15 && day <= 21;
}

/** Width of the open-interest hump: one standard move to expiry at about 18 % vol, at least 1.5 %. */
function humpWidth(expiry: string, nowMs: number): number {
  const years = Math.max(1 / 365, (Date.parse(`${expiry}T21:00:00Z`) - nowMs) / YEAR_MS);
  return Math.max(0.015, 0.18 * Math.sqrt(years));
}

/**
 * Contracts open for `spec`, from the seed and its ticker (deterministic), the underlying's
 * previous close and the instant the day's count is taken (for the time left to expiry).
 */
export function simOpenInterest(
  seed: number,
  spec: Pick<ContractSpec, 'ticker' | 'strike' | 'expiry' | 'right'>,
  refPrice: number,
  nowMs: number,
): number {
  const width = humpWidth(spec.expiry, nowMs);
  const x = spec.strike / refPrice - 1;
  const call = spec.right === 'call';
  const centre = call ? 0.5 * width : -0.9 * width;
  const shape = Math.exp(-(((x - centre) / width) ** 2)) * (call ? 1 : 1.3);
  const round = spec.strike % 10 === 0 ? 2 : spec.strike % 5 === 0 ? 1.4 : 1;
  const monthly = isMonthly(spec.expiry) ? 2 : 1;
  const noise = 0.5 + unitFromName(seed, spec.ticker, 5);
  return Math.round(100 + shape * round * monthly * noise * 20_000);
}

/**
 * Day volume so far of a contract nobody streams: a turnover of its open interest, highest near
 * the money, times the share of the regular session gone by (`sessionFraction`, 0 before the open,
 * 1 after the close). Like open interest it ignores the price path, so it only grows through the
 * day; a contract that starts streaming adds its prints on top.
 */
export function simDayVolume(
  seed: number,
  spec: Pick<ContractSpec, 'ticker' | 'strike' | 'expiry' | 'right'>,
  refPrice: number,
  nowMs: number,
  sessionFraction: number,
): number {
  const width = humpWidth(spec.expiry, nowMs);
  const x = spec.strike / refPrice - 1;
  const turnover = 0.02 + 0.5 * Math.exp(-((x / width) ** 2));
  const noise = 0.5 + unitFromName(seed, spec.ticker, 3);
  const fraction = Math.min(1, Math.max(0, sessionFraction));
  return Math.round(simOpenInterest(seed, spec, refPrice, nowMs) * turnover * noise * fraction);
}
