import { optionChainPath } from '../massive/endpoints.js';
import { parseOptionChain } from '../massive/rest-parse-options.js';
import { nyDate } from '../market/ny-date.js';
import type { ContractInfo } from '../market/flow/aggregator.js';
import type { RestClient } from '../rest/index.js';

export interface ContractInfoSink {
  setContractInfo(contract: string, info: ContractInfo): void;
}

/** Days of expiries whose open interest is loaded: the near ones, where flow concentrates. */
const HORIZON_DAYS = 10;

/**
 * Loads prior-day open interest, IV and day volume for an underlying's near-dated contracts from
 * one chain snapshot page (filters sent as query parameters, not applied after download), so the
 * flow tape can show vol/OI and the opening-position heuristic. One REST call per underlying.
 */
export async function loadContractInfo(rest: Pick<RestClient, 'get'>, underlying: string, sink: ContractInfoSink, nowMs: number, signal?: AbortSignal): Promise<number> {
  const today = nyDate(nowMs);
  const until = nyDate(nowMs + HORIZON_DAYS * 86_400_000);
  const path = optionChainPath(underlying, { expirationDateGte: today, expirationDateLte: until, sort: 'expiration_date', order: 'asc', limit: 250 });
  const res = await rest.get(path, signal ? { signal } : undefined);
  const parsed = parseOptionChain(res.body);
  if (!parsed.ok) throw new Error(`option chain for ${underlying}: ${parsed.reason}`);
  for (const c of parsed.value) sink.setContractInfo(c.ticker, { openInterest: c.openInterest, iv: c.impliedVolatility, volume: c.volume });
  return parsed.value.length;
}
