/**
 * `massive levels` options → the chain query. Pure (`today` is a parameter). The expiry flags
 * are chain's (--expiry, --dte, sent to Massive as filters), except that --expiry names one date:
 * max pain is defined over a single expiry.
 */
import type { OptionChainFilters } from '../massive/endpoints.js';
import { buildChainQuery } from './chain-args.js';
import { usageError } from './exit.js';

export interface LevelsOptions {
  readonly expiry?: string;
  readonly dte?: string;
}

export interface LevelsQuery {
  readonly underlying: string;
  readonly filters: OptionChainFilters;
  /** --expiry, when given: the expiry of max pain and ATM; else the nearest in the chain. */
  readonly expiry: string | undefined;
}

/** Validates the options and builds the query; throws USAGE errors (exit 2). */
export function buildLevelsQuery(symbol: string, opts: LevelsOptions, today: string): LevelsQuery {
  if (opts.expiry?.includes('..'))
    throw usageError(
      `--expiry takes one date like 2026-12-18 (use --dte for a range), got ${JSON.stringify(opts.expiry)}`,
    );
  const query = buildChainQuery(symbol, { expiry: opts.expiry, dte: opts.dte }, today);
  return { underlying: query.underlying, filters: query.filters, expiry: opts.expiry };
}
