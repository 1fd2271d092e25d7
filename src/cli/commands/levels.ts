import type { Command } from 'commander';
import { runLevels } from '../levels.js';

const HELP = `
Reads one option-chain snapshot (every page; --expiry/--dte are sent to Massive as filters, no
flag reads the whole chain) and computes, as defined in the README:
  call wall / put wall   strike with the largest call / put open interest
  max pain               strike minimising what holders are paid at expiry (one expiry)
  net GEX                dealer gamma, $ per 1% move, per strike and in total
  gamma flip             price where total net GEX changes sign (±10% of spot), or none
  put/call OI, volume    put total ÷ call total
  ATM IV, expected move  at the strike nearest spot, nearest expiry: IV and call + put mid

Output: a table, or with --json one JSON object on one line:
  {"type":"levels","v":1,"ts":"…","demo":false,"underlying":"SPY","spot":675.12,
   "expiry":"2026-12-04","callWall":690,"putWall":660,"maxPain":675,"gammaFlip":668.43,
   "netGexTotal":1234567890,"netGex":[{"strike":660,"gex":-12345678}, …],
   "putCallOi":1.21,"putCallVolume":0.98,"atmIv":0.1823,"expectedMove":7.85}
Unknown values are null.

Examples:
  massive levels SPY --dte 0..30
  massive levels I:SPX --expiry 2026-12-18 --json | jq '.gammaFlip'`;

/** Registers `massive levels`; the help text after the options is its specification. */
export function registerLevels(program: Command): void {
  program
    .command('levels')
    .description('key levels from the option chain: walls, max pain, net GEX, gamma flip, P/C, expected move')
    .argument('<symbol>', 'underlying, e.g. SPY or I:SPX')
    .option('--expiry <date>', 'one expiration date YYYY-MM-DD (max pain and ATM are read there)')
    .option('--dte <range>', 'days to expiry, e.g. 0..30 or 7 (not with --expiry)')
    .option('--json', 'one JSON object instead of the table')
    .option('--demo', 'use the built-in simulator (no API key needed; data is synthetic)')
    .option('--seed <n>', 'simulator seed with --demo')
    .addHelpText('after', HELP)
    .action(async (symbol: string, opts) => {
      program.setOptionValue('exitCode', await runLevels(symbol, opts));
    });
}
