/** `massive levels`: key levels of one option-chain snapshot through the proxy, as a table or JSON. */
import { resolveSettings } from '../config/index.js';
import { createLogger } from '../lib/logger.js';
import { optionChainPath } from '../massive/endpoints.js';
import { keyLevels } from '../market/levels/key-levels.js';
import { createRestClient } from '../rest/index.js';
import { formatPrice, formatVolume } from '../ui/format.js';
import { startBackend } from './backend.js';
import { marketDate } from './chain-args.js';
import { fetchChain, MAX_CHAIN_PAGES, snapshotTime, underlyingSpot } from './chain-fetch.js';
import { usageError } from './exit.js';
import { buildLevelsQuery, type LevelsOptions } from './levels-args.js';
import { levelsDocument, levelsTable } from './levels-format.js';

export interface LevelsCommandOptions extends LevelsOptions {
  readonly json?: boolean;
  readonly demo?: boolean;
  readonly seed?: string;
}

/** Parses `--seed` (simulator seed with --demo); throws USAGE. */
export function parseSeed(text: string | undefined): number {
  const seed = text === undefined ? 7 : Number(text);
  if (!Number.isInteger(seed) || seed < 0)
    throw usageError(`--seed takes a whole number ≥ 0, got ${JSON.stringify(text)}`);
  return seed;
}

/** Runs the command; resolves to the exit code. Usage errors are thrown before any network. */
export async function runLevels(
  symbol: string,
  options: LevelsCommandOptions,
  now: number = Date.now(),
): Promise<number> {
  const query = buildLevelsQuery(symbol, options, marketDate(now));
  const seed = parseSeed(options.seed);
  const { settings } = resolveSettings();
  const logger = createLogger({ level: 'warn', sink: 'stderr' });
  const backend = await startBackend({ demo: options.demo === true, seed, settings, logger });
  const rest = createRestClient({
    baseUrl: backend.proxy.httpUrl,
    auth: () => backend.proxy.issueToken('levels'),
    logger,
  });
  try {
    const chain = await fetchChain(rest, optionChainPath(query.underlying, query.filters));
    if (chain.skipped > 0)
      process.stderr.write(`massive: skipped ${chain.skipped} malformed contract(s) in the response\n`);
    if (chain.stop === 'cap') {
      process.stderr.write(
        `massive: read the first ${MAX_CHAIN_PAGES} pages of the chain only; narrow it with --dte or --expiry\n`,
      );
    }
    const spot = await underlyingSpot(rest, query.underlying, chain.contracts);
    const levels = keyLevels({
      contracts: chain.contracts,
      spot,
      nowMs: snapshotTime(chain.contracts, now),
      ...(query.expiry ? { expiry: query.expiry } : {}),
    });
    const doc = levelsDocument(
      { ts: new Date(now).toISOString(), demo: backend.demo, underlying: query.underlying, spot },
      levels,
    );
    if (options.json) {
      process.stdout.write(JSON.stringify(doc) + '\n');
    } else {
      const n = chain.contracts.length;
      const header = [
        `${query.underlying}${spot !== undefined ? ` ${formatPrice(spot)}` : ''}`,
        doc.expiry ? `${query.expiry ? 'expiry' : 'nearest expiry'} ${doc.expiry}` : 'no contracts match these filters',
        `${formatVolume(n)} contract${n === 1 ? '' : 's'}`,
        backend.demo ? 'DEMO DATA' : '',
      ]
        .filter(Boolean)
        .join(' · ');
      process.stdout.write(levelsTable(header, doc));
    }
    return 0;
  } finally {
    await rest.close();
    await backend.close();
  }
}
