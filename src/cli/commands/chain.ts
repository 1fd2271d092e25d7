import type { Command } from 'commander';
import { runChain } from '../chain.js';

const HELP = `
Filters are sent to Massive as query parameters; pages are followed until the chain (or --limit)
is complete. --moneyness first reads the underlying's price, then asks for that strike range.

Output: a table, or with --json one JSON document on one line:
  {"type":"chain","v":1,"ts":"…","demo":false,"underlying":"SPY","spot":642.1,
   "filters":{"expiration_date":"2026-12-18","contract_type":"call","limit":250},
   "count":2,"truncated":false,
   "contracts":[{"contract":"O:SPY261218C00650000","expiry":"2026-12-18","right":"call",
     "strike":650,"bid":9.9,"ask":10.1,"last":10,"volume":1200,"openInterest":5400,"iv":0.21,
     "delta":0.41,"gamma":0.012,"theta":-0.08,"vega":0.9,"breakEven":660,
     "underlyingPrice":642.1,"updatedMs":1767625200000}, …]}
Unknown values are null. "truncated" is true when --limit was reached (there may be more).

Examples:
  massive chain SPY --expiry 2026-12-18 --type call
  massive chain SPY --dte 0..7 --moneyness 0.98..1.02
  massive chain QQQ --dte 30 --strike 400..450 --json | jq '.contracts[].delta'`;

export function registerChain(program: Command): void {
  program
    .command('chain')
    .description('one filtered option-chain snapshot: strikes, quotes, greeks, IV, break-even')
    .argument('<symbol>', 'underlying, e.g. SPY or I:SPX')
    .option('--expiry <date>', 'expiration date YYYY-MM-DD (or a range a..b)')
    .option('--dte <range>', 'days to expiry, e.g. 0..30 or 7 (not with --expiry)')
    .option('--type <call|put>', 'calls or puts only')
    .option('--strike <range>', 'strike range, e.g. 640..660 or 650')
    .option('--moneyness <range>', 'strike ÷ spot, e.g. 0.95..1.05 (not with --strike)')
    .option('--limit <n>', 'at most this many contracts')
    .option('--json', 'one JSON document instead of the table')
    .option('--demo', 'use the built-in simulator (no API key needed; data is synthetic)')
    .option('--seed <n>', 'simulator seed with --demo')
    .addHelpText('after', HELP)
    .action(async (symbol: string, opts) => {
      program.setOptionValue('exitCode', await runChain(symbol, opts));
    });
}
