/** `massive levels`: key levels of one option-chain snapshot through the proxy, as a table or JSON. */
import { formatPrice, formatVolume } from '../ui/format.js';
import { openRestSession } from './rest-session.js';
import { marketDate } from './chain-args.js';
import { MAX_CHAIN_PAGES } from './chain-fetch.js';
import { computeLevels } from './levels-compute.js';
import { buildLevelsQuery, type LevelsOptions } from './levels-args.js';
import { levelsDocument, levelsTable } from './levels-format.js';

export interface LevelsCommandOptions extends LevelsOptions {
  readonly json?: boolean;
  readonly demo?: boolean;
  readonly seed?: string;
}

/** Runs the command; resolves to the exit code. Usage errors are thrown before any network. */
export async function runLevels(
  symbol: string,
  options: LevelsCommandOptions,
  now: number = Date.now(),
): Promise<number> {
  const query = buildLevelsQuery(symbol, options, marketDate(now));
  const session = await openRestSession('levels', options);
  const { rest } = session;
  try {
    const { chain, spot, levels } = await computeLevels(rest, query, now);
    if (chain.skipped > 0)
      process.stderr.write(`massive: skipped ${chain.skipped} malformed contract(s) in the response\n`);
    if (chain.stop === 'cap') {
      process.stderr.write(
        `massive: read the first ${MAX_CHAIN_PAGES} pages of the chain only; narrow it with --dte or --expiry\n`,
      );
    }
    const doc = levelsDocument(
      { ts: new Date(now).toISOString(), demo: session.demo, underlying: query.underlying, spot },
      levels,
    );
    if (options.json) {
      process.stdout.write(`${JSON.stringify(doc)}\n`);
    } else {
      const n = chain.contracts.length;
      const header = [
        `${query.underlying}${spot !== undefined ? ` ${formatPrice(spot)}` : ''}`,
        doc.expiry ? `${query.expiry ? 'expiry' : 'nearest expiry'} ${doc.expiry}` : 'no contracts match these filters',
        `${formatVolume(n)} contract${n === 1 ? '' : 's'}`,
        session.demo ? 'DEMO DATA' : '',
      ]
        .filter(Boolean)
        .join(' · ');
      process.stdout.write(levelsTable(header, doc));
    }
    return 0;
  } finally {
    await session.close();
  }
}
