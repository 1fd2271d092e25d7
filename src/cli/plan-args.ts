/**
 * `massive plan` options → what the command needs: the contract and its underlying, the entry,
 * the dollar risk, and the plan settings. Pure; every check throws a USAGE error (exit 2).
 */
import type { Settings } from '../config/index.js';
import { parseOptionTicker, underlyingOfRoot, type OptionTicker } from '../massive/symbology.js';
import type { AtrMultiples, PlanSettings, TradeStyle } from '../market/trade-plan.js';
import { usageError } from './exit.js';

export interface PlanOptions {
  readonly entry?: string;
  readonly risk?: string;
}

export interface PlanQuery {
  readonly contract: string;
  readonly option: OptionTicker;
  readonly underlying: string;
  readonly entry: number | undefined;
  /** From --risk; undefined means the planRiskPerTrade setting. */
  readonly risk: number | undefined;
}

function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.trim().replace(/^\$/, ''));
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw usageError(`--${flag} takes a number above 0, got ${JSON.stringify(text)}`);
  return n;
}

/** Validates the contract (`O:SPY261218C00650000`, the `O:` optional) and the flags. */
export function buildPlanQuery(contract: string, opts: PlanOptions): PlanQuery {
  const text = contract.trim().toUpperCase();
  const ticker = text.startsWith('O:') ? text : `O:${text}`;
  const option = parseOptionTicker(ticker);
  if (!option)
    throw usageError(`${JSON.stringify(contract)} is not an option contract; write it like O:SPY261218C00650000`);
  return {
    contract: ticker,
    option,
    underlying: underlyingOfRoot(option.root),
    entry: positiveNumber('entry', opts.entry),
    risk: positiveNumber('risk', opts.risk),
  };
}

const triple = (v: readonly number[]): AtrMultiples => ({ target1: v[0]!, target2: v[1]!, stop: v[2]! });
const three = (v: readonly number[]): readonly [number, number, number] => [v[0]!, v[1]!, v[2]!];

/** The plan settings from the resolved settings (each already validated by its parser). */
export function planSettingsFrom(
  s: Pick<
    Settings,
    | 'planAtrScalp'
    | 'planAtrDay'
    | 'planAtrSwing'
    | 'planAtrPosition'
    | 'planHoldDays'
    | 'planGradeSpreadPct'
    | 'planGradeVolume'
    | 'planGradeOi'
  >,
): PlanSettings {
  const hold = s.planHoldDays;
  const holdDays: Record<TradeStyle, number> = { scalp: hold[0]!, day: hold[1]!, swing: hold[2]!, position: hold[3]! };
  return {
    multiples: {
      scalp: triple(s.planAtrScalp),
      day: triple(s.planAtrDay),
      swing: triple(s.planAtrSwing),
      position: triple(s.planAtrPosition),
    },
    holdDays,
    grade: {
      spreadPct: three(s.planGradeSpreadPct),
      volume: three(s.planGradeVolume),
      openInterest: three(s.planGradeOi),
    },
  };
}
