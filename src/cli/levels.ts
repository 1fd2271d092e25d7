/** `massive levels`: key levels of one option-chain snapshot through the proxy, as a table or JSON. */
import { formatPrice, formatVolume } from '../ui/format.js';
import { type ReportOptions, runReport, warnSkipped } from './rest-session.js';
import { marketDate } from './chain-args.js';
import { MAX_CHAIN_PAGES } from './chain-fetch.js';
import { computeLevels } from './levels-compute.js';
import { buildLevelsQuery, type LevelsOptions } from './levels-args.js';
import { levelsDocument, levelsTable } from './levels-format.js';

export interface LevelsCommandOptions extends LevelsOptions, ReportOptions {}

/** Runs the command; resolves to the exit code. Usage errors are thrown before any network. */
export async function runLevels(
  symbol: string,
  options: LevelsCommandOptions,
  now: number = Date.now(),
): Promise<number> {
  const query = buildLevelsQuery(symbol, options, marketDate(now));
  return runReport('levels', options, async ({ rest, demo }) => {
    const { chain, spot, levels } = await computeLevels(rest, query, now);
    warnSkipped(chain.skipped);
    if (chain.stop === 'cap') {
      process.stderr.write(
        `massive: read the first ${MAX_CHAIN_PAGES} pages of the chain only; narrow it with --dte or --expiry\n`,
      );
    }
    const doc = levelsDocument({ ts: new Date(now).toISOString(), demo, underlying: query.underlying, spot }, levels);
    const n = chain.contracts.length;
    return {
      json: () => doc,
      header: [
        `${query.underlying}${spot !== undefined ? ` ${formatPrice(spot)}` : ''}`,
        doc.expiry ? `${query.expiry ? 'expiry' : 'nearest expiry'} ${doc.expiry}` : 'no contracts match these filters',
        `${formatVolume(n)} contract${n === 1 ? '' : 's'}`,
      ],
      text: (header) => levelsTable(header, doc),
    };
  });
}
