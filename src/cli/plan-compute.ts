/**
 * The trade plan of one contract from Massive's REST data, shared by `massive plan` and the watch
 * screen's contract view so both show the same numbers. Three reads: the contract's snapshot
 * (quote, greeks, the underlying's price), the underlying's daily bars for ATR(14), and the chain
 * of the contract's own expiry for the key levels its targets may sit on.
 */
import type { Settings } from '../config/index.js';
import { MassiveError } from '../lib/errors.js';
import { aggsPath, optionChainPath, optionContractSnapshotPath } from '../massive/endpoints.js';
import type { Bar, OptionContractSnapshot } from '../massive/rest-models.js';
import { parseAggregates } from '../massive/rest-parse-aggs.js';
import { parseOptionContractSnapshot } from '../massive/rest-parse-options.js';
import { dailyAtr } from '../market/indicators/daily-atr.js';
import { keyLevels, type KeyLevels } from '../market/levels/key-levels.js';
import { buildTradePlan, type KeyLevel, type TradePlan } from '../market/trade-plan.js';
import type { RestClient } from '../rest/index.js';
import { addDays, MAX_PAGE_SIZE, marketDate } from './chain-args.js';
import { fetchChain, snapshotTime, underlyingSpot } from './chain-fetch.js';
import { planSettingsFrom, type PlanQuery } from './plan-args.js';

/** Calendar days of daily bars asked for: ATR(14) needs 14 finished sessions, holidays to spare. */
const ATR_LOOKBACK_DAYS = 45;

/**
 * Daily bars of the underlying over the lookback, oldest first; none when the key's plan has no
 * aggregates for it (the plan is then refused for want of an ATR, which says what is missing).
 */
export async function fetchDailyBars(rest: RestClient, underlying: string, today: string): Promise<readonly Bar[]> {
  const path = aggsPath(underlying, 1, 'day', addDays(today, -ATR_LOOKBACK_DAYS), today, {
    adjusted: true,
    sort: 'asc',
    limit: 120,
  });
  try {
    const parsed = parseAggregates((await rest.get(path)).body);
    return parsed.ok ? parsed.value.bars : [];
  } catch (error) {
    if (error instanceof MassiveError && (error.code === 'NOT_ENTITLED' || error.code === 'NOT_FOUND')) return [];
    throw error;
  }
}

/** The levels a target or stop may sit on, named as the reasons show them. */
export function namedLevels(levels: KeyLevels): KeyLevel[] {
  const named: [string, number | null][] = [
    ['call wall', levels.callWall],
    ['put wall', levels.putWall],
    ['max pain', levels.maxPain],
    ['gamma flip', levels.gammaFlip],
  ];
  return named.filter((l): l is [string, number] => l[1] !== null).map(([name, price]) => ({ name, price }));
}

export interface ComputedPlan {
  readonly plan: TradePlan;
  /** The contract's snapshot the plan was made from (quote, greeks). */
  readonly snapshot: OptionContractSnapshot;
  /** Market time of the snapshot. */
  readonly asOf: number;
}

export interface ComputePlanOptions {
  readonly settings: Settings;
  readonly now: number;
  /** Daily bars, when the caller keeps them (ATR uses finished sessions only, so they last a day). */
  readonly dailyBars?: (underlying: string, today: string) => Promise<readonly Bar[]>;
}

/** The plan for `query`; throws UPSTREAM with the reason when no plan can be made. */
export async function computePlan(
  rest: RestClient,
  query: Pick<PlanQuery, 'contract' | 'option' | 'underlying' | 'entry' | 'risk'>,
  o: ComputePlanOptions,
): Promise<ComputedPlan> {
  const snap = parseOptionContractSnapshot(
    (await rest.get(optionContractSnapshotPath(query.underlying, query.contract))).body,
  );
  if (!snap.ok) throw new MassiveError('UPSTREAM', `no usable snapshot for ${query.contract}: ${snap.reason}`);
  const asOf = snapshotTime([snap.value], o.now);
  const today = marketDate(asOf);
  const bars = o.dailyBars ?? ((u: string, d: string) => fetchDailyBars(rest, u, d));
  const [daily, chain] = await Promise.all([
    bars(query.underlying, today),
    fetchChain(rest, optionChainPath(query.underlying, { expirationDate: query.option.expiry, limit: MAX_PAGE_SIZE })),
  ]);
  const spot = snap.value.underlyingPrice ?? (await underlyingSpot(rest, query.underlying, chain.contracts));
  const levels = keyLevels({
    contracts: chain.contracts,
    spot,
    nowMs: snapshotTime(chain.contracts, asOf),
    expiry: query.option.expiry,
  });
  const result = buildTradePlan({
    contract: snap.value,
    spot,
    atr: dailyAtr(daily, today),
    levels: namedLevels(levels),
    ...(query.entry !== undefined ? { entry: query.entry } : {}),
    riskDollars: query.risk ?? o.settings.planRiskPerTrade,
    nowMs: asOf,
    settings: planSettingsFrom(o.settings),
  });
  if (!result.ok) throw new MassiveError('UPSTREAM', `no plan for ${query.contract}: ${result.reason}`);
  return { plan: result.plan, snapshot: snap.value, asOf };
}
