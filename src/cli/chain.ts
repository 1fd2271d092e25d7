/** `massive chain`: one filtered option-chain snapshot through the proxy, as a table or JSON. */
import { MassiveError } from '../lib/errors.js';
import { optionChainPath, type OptionChainFilters } from '../massive/endpoints.js';
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import { parseOptionContractItem } from '../massive/rest-parse-options.js';
import type { RestClient } from '../rest/index.js';
import { snapshotSpot } from './chain-fetch.js';
import { runReport, warnSkipped, type ReportOptions } from './rest-session.js';
import { buildChainQuery, marketDate, strikeRangeFromMoneyness, type ChainOptions } from './chain-args.js';
import { chainTable, contractJson, sortChain, type ChainDocument } from './chain-format.js';
import { formatPrice } from '../ui/format.js';

export interface ChainCommandOptions extends ChainOptions, ReportOptions {}

/** The underlying's last price: the stock or index snapshot, else the chain's own underlying price. */
async function fetchSpot(rest: RestClient, underlying: string): Promise<number | undefined> {
  // Plans without stock snapshots still carry the underlying's price on every chain row.
  const spot = await snapshotSpot(rest, underlying);
  if (spot !== undefined) return spot;
  const page = (await rest.get<{ results?: unknown }>(optionChainPath(underlying, { limit: 1 }))).body.results;
  const first = Array.isArray(page) ? parseOptionContractItem(page[0]) : undefined;
  return typeof first === 'object' ? first.underlyingPrice : undefined;
}

function queryParams(path: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of new URLSearchParams(path.split('?')[1] ?? ''))
    out[k] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  return out;
}

/** The filtered chain, followed only as far as --limit needs; `limited` when it stopped there. */
async function readChain(
  rest: RestClient,
  path: string,
  limit: number | undefined,
): Promise<{ readonly rows: OptionContractSnapshot[]; readonly limited: boolean }> {
  const contracts: OptionContractSnapshot[] = [];
  let skipped = 0;
  let limited = false;
  // Filters travel as query parameters.
  for await (const page of rest.paginate<unknown>(path)) {
    for (const item of page) {
      const parsed = parseOptionContractItem(item);
      if (typeof parsed === 'string') skipped += 1;
      else contracts.push(parsed);
    }
    if (limit !== undefined && contracts.length >= limit) {
      limited = true;
      break;
    }
  }
  warnSkipped(skipped);
  return { rows: sortChain(limit !== undefined ? contracts.slice(0, limit) : contracts), limited };
}

/** Runs the command; resolves to the exit code. Usage errors are thrown before any network. */
export async function runChain(
  symbol: string,
  options: ChainCommandOptions,
  now: number = Date.now(),
): Promise<number> {
  const query = buildChainQuery(symbol, options, marketDate(now));
  return runReport('chain', options, async ({ rest, demo }) => {
    let spot: number | undefined;
    let filters: OptionChainFilters = query.filters;
    if (query.moneyness) {
      spot = await fetchSpot(rest, query.underlying);
      if (spot === undefined)
        throw new MassiveError(
          'UPSTREAM',
          `no price for ${query.underlying}, so --moneyness cannot be turned into strikes; use --strike`,
        );
      filters = { ...filters, ...strikeRangeFromMoneyness(query.moneyness, spot) };
    }
    const path = optionChainPath(query.underlying, filters);
    const { rows, limited } = await readChain(rest, path, query.limit);
    spot ??= rows.find((c) => c.underlyingPrice !== undefined)?.underlyingPrice;
    const json = (): ChainDocument => ({
      type: 'chain',
      v: 1,
      ts: new Date(now).toISOString(),
      demo,
      underlying: query.underlying,
      spot: spot ?? null,
      filters: queryParams(path),
      count: rows.length,
      truncated: limited,
      contracts: rows.map(contractJson),
    });
    const more = limited ? ` (first ${query.limit}; raise --limit for more)` : '';
    return {
      json,
      header: [
        `${query.underlying}${spot !== undefined ? ` ${formatPrice(spot)}` : ''}`,
        `${rows.length} contract${rows.length === 1 ? '' : 's'}${more}`,
      ],
      text: (header) => chainTable(header, rows, process.stdout.isTTY ? process.stdout.columns : undefined),
    };
  });
}
