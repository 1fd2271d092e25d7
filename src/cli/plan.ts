/**
 * `massive plan`: a trade plan for one option contract through the proxy. Three REST reads: the
 * contract's snapshot (quote, greeks, the underlying's price), the underlying's daily bars for
 * ATR(14), and the chain of the contract's own expiry for the key levels its targets may sit on.
 */
import { MassiveError } from '../lib/errors.js';
import { aggsPath, optionChainPath, optionContractSnapshotPath } from '../massive/endpoints.js';
import type { Bar } from '../massive/rest-models.js';
import { parseAggregates } from '../massive/rest-parse-aggs.js';
import { parseOptionContractSnapshot } from '../massive/rest-parse-options.js';
import { dailyAtr } from '../market/indicators/daily-atr.js';
import { keyLevels, type KeyLevels } from '../market/levels/key-levels.js';
import { buildTradePlan, type KeyLevel } from '../market/trade-plan.js';
import type { RestClient } from '../rest/index.js';
import { formatPrice } from '../ui/format.js';
import { openRestSession } from './rest-session.js';
import { addDays, MAX_PAGE_SIZE, marketDate } from './chain-args.js';
import { fetchChain, snapshotTime, underlyingSpot } from './chain-fetch.js';
import { buildPlanQuery, planSettingsFrom, type PlanOptions } from './plan-args.js';
import { planDocument, planReport } from './plan-format.js';

export interface PlanCommandOptions extends PlanOptions {
  readonly json?: boolean;
  readonly demo?: boolean;
  readonly seed?: string;
}

/** Calendar days of daily bars asked for: ATR(14) needs 14 finished sessions, holidays to spare. */
const ATR_LOOKBACK_DAYS = 45;

/**
 * Daily bars of the underlying over the lookback, oldest first; none when the key's plan has no
 * aggregates for it (the plan is then refused for want of an ATR, which says what is missing).
 */
async function fetchDailyBars(rest: RestClient, underlying: string, today: string): Promise<readonly Bar[]> {
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
function namedLevels(levels: KeyLevels): KeyLevel[] {
  const named: [string, number | null][] = [
    ['call wall', levels.callWall],
    ['put wall', levels.putWall],
    ['max pain', levels.maxPain],
    ['gamma flip', levels.gammaFlip],
  ];
  return named.filter((l): l is [string, number] => l[1] !== null).map(([name, price]) => ({ name, price }));
}

/** Runs the command; resolves to the exit code. Usage errors are thrown before any network. */
export async function runPlan(
  contract: string,
  options: PlanCommandOptions,
  now: number = Date.now(),
): Promise<number> {
  const query = buildPlanQuery(contract, options);
  const session = await openRestSession('plan', options);
  const { rest, settings } = session;
  try {
    const snap = parseOptionContractSnapshot(
      (await rest.get(optionContractSnapshotPath(query.underlying, query.contract))).body,
    );
    if (!snap.ok) throw new MassiveError('UPSTREAM', `no usable snapshot for ${query.contract}: ${snap.reason}`);
    const asOf = snapshotTime([snap.value], now);
    const today = marketDate(asOf);
    const [bars, chain] = await Promise.all([
      fetchDailyBars(rest, query.underlying, today),
      fetchChain(
        rest,
        optionChainPath(query.underlying, { expirationDate: query.option.expiry, limit: MAX_PAGE_SIZE }),
      ),
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
      atr: dailyAtr(bars, today),
      levels: namedLevels(levels),
      ...(query.entry !== undefined ? { entry: query.entry } : {}),
      riskDollars: query.risk ?? settings.planRiskPerTrade,
      nowMs: asOf,
      settings: planSettingsFrom(settings),
    });
    if (!result.ok) throw new MassiveError('UPSTREAM', `no plan for ${query.contract}: ${result.reason}`);
    const doc = planDocument(
      { ts: new Date(now).toISOString(), demo: session.demo, contract: query.contract, underlying: query.underlying },
      result.plan,
    );
    if (options.json) process.stdout.write(JSON.stringify(doc) + '\n');
    else {
      const header = [
        `${query.contract}`,
        `${query.underlying} ${formatPrice(doc.spot)}`,
        session.demo ? 'DEMO DATA' : '',
      ]
        .filter(Boolean)
        .join(' · ');
      process.stdout.write(planReport(header, doc));
    }
    return 0;
  } finally {
    await session.close();
  }
}
