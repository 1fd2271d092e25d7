import { normalizeUserSymbol } from '../massive/symbology.js';
import { usageError } from './exit.js';

/** Validates the symbols given on the command line; any malformed one is a usage error. */
export function parseWatchSymbols(input: readonly string[]): string[] {
  const out: string[] = [];
  const bad: string[] = [];
  for (const raw of input.flatMap((s) => s.split(','))) {
    if (raw.trim() === '') continue;
    const symbol = normalizeUserSymbol(raw);
    if (symbol === undefined) bad.push(raw);
    else if (!out.includes(symbol)) out.push(symbol);
  }
  if (bad.length > 0) {
    throw usageError(
      `invalid symbol${bad.length > 1 ? 's' : ''}: ${bad.map((b) => JSON.stringify(b)).join(', ')} (expected tickers like SPY, BRK.B or I:SPX)`,
    );
  }
  if (out.length === 0) throw usageError('no symbols given: try `massive watch SPY QQQ --demo`');
  return out;
}
