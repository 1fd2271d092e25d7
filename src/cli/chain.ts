/** `massive chain`: one filtered option-chain snapshot through the proxy, as a table or JSON. */
import { MassiveError } from '../lib/errors.js';
import {
  indicesSnapshotPath,
  optionChainPath,
  stockSnapshotPath,
  type OptionChainFilters,
} from '../massive/endpoints.js';
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import { isIndexSnapshotError, parseIndicesSnapshot, parseStockSnapshotSingle } from '../massive/rest-parse.js';
import { parseOptionContractItem } from '../massive/rest-parse-options.js';
import { isIndexTicker } from '../massive/symbology.js';
import type { RestClient } from '../rest/index.js';
import { openRestSession } from './rest-session.js';
import { buildChainQuery, marketDate, strikeRangeFromMoneyness, type ChainOptions } from './chain-args.js';
import { chainTable, contractJson, sortChain, type ChainDocument } from './chain-format.js';
import { formatPrice } from '../ui/format.js';

export interface ChainCommandOptions extends ChainOptions {
  readonly json?: boolean;
  readonly demo?: boolean;
  readonly seed?: string;
}

/** The underlying's last price: the stock or index snapshot, else the chain's own underlying price. */
async function fetchSpot(rest: RestClient, underlying: string): Promise<number | undefined> {
  try {
    if (isIndexTicker(underlying)) {
      const parsed = parseIndicesSnapshot((await rest.get(indicesSnapshotPath([underlying]))).body);
      const item = parsed.ok ? parsed.value.find((i) => !isIndexSnapshotError(i)) : undefined;
      if (item && !isIndexSnapshotError(item) && item.value !== undefined) return item.value;
    } else {
      const parsed = parseStockSnapshotSingle((await rest.get(stockSnapshotPath(underlying))).body);
      if (parsed.ok && parsed.value.price !== undefined) return parsed.value.price;
    }
  } catch (error) {
    // Plans without stock snapshots still carry the underlying's price on every chain row.
    if (!(error instanceof MassiveError) || (error.code !== 'NOT_ENTITLED' && error.code !== 'NOT_FOUND')) throw error;
  }
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

/** Runs the command; resolves to the exit code. Usage errors are thrown before any network. */
export async function runChain(
  symbol: string,
  options: ChainCommandOptions,
  now: number = Date.now(),
): Promise<number> {
  const query = buildChainQuery(symbol, options, marketDate(now));
  const session = await openRestSession('chain', options);
  const { rest } = session;
  try {
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
    const contracts: OptionContractSnapshot[] = [];
    let skipped = 0;
    let limited = false;
    // Filters travel as query parameters; pages are followed only as far as --limit needs.
    for await (const page of rest.paginate<unknown>(path)) {
      for (const item of page) {
        const parsed = parseOptionContractItem(item);
        if (typeof parsed === 'string') skipped += 1;
        else contracts.push(parsed);
      }
      if (query.limit !== undefined && contracts.length >= query.limit) {
        limited = true;
        break;
      }
    }
    if (skipped > 0) process.stderr.write(`massive: skipped ${skipped} malformed contract(s) in the response\n`);
    const rows = sortChain(query.limit !== undefined ? contracts.slice(0, query.limit) : contracts);
    spot ??= rows.find((c) => c.underlyingPrice !== undefined)?.underlyingPrice;
    if (options.json) {
      const doc: ChainDocument = {
        type: 'chain',
        v: 1,
        ts: new Date(now).toISOString(),
        demo: session.demo,
        underlying: query.underlying,
        spot: spot ?? null,
        filters: queryParams(path),
        count: rows.length,
        truncated: limited,
        contracts: rows.map(contractJson),
      };
      process.stdout.write(`${JSON.stringify(doc)}\n`);
    } else {
      const header = [
        `${query.underlying}${spot !== undefined ? ` ${formatPrice(spot)}` : ''}`,
        `${rows.length} contract${rows.length === 1 ? '' : 's'}${limited ? ` (first ${query.limit}; raise --limit for more)` : ''}`,
        session.demo ? 'DEMO DATA' : '',
      ]
        .filter(Boolean)
        .join(' · ');
      process.stdout.write(chainTable(header, rows, process.stdout.isTTY ? process.stdout.columns : undefined));
    }
    return 0;
  } finally {
    await session.close();
  }
}
