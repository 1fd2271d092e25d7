import type { Command } from 'commander';
import { runPlan } from '../plan.js';

const HELP = `
A plan for buying one option contract, as defined in the README: the style from days to expiry
(≤2 scalp, ≤14 day, ≤60 swing, else position), targets and a stop on the underlying (the nearest
call wall, put wall, max pain or gamma flip within each daily-ATR(14) budget, else the budget),
the premium there (mid + Δ·move + ½Γ·move², Γ dropped for swing and position, minus theta over
the hold), reward to risk, breakeven, max loss, contracts for the dollar risk, and a liquidity
grade A–D (D: untradeable). A put's targets are below spot.

Settings: planRiskPerTrade, planAtrScalp|Day|Swing|Position, planHoldDays, planGradeSpreadPct,
planGradeVolume, planGradeOi (massive config list).

Output: a report, or with --json one JSON object on one line:
  {"type":"plan","v":1,"ts":"…","demo":false,"contract":"O:SPY261218C00650000",
   "underlying":"SPY","right":"call","style":"swing","spot":642.1,"entry":10,
   "targets":[{"underlying":650,"premium":13.9},{"underlying":655.4,"premium":16.2}],
   "stop":{"underlying":638.5,"premium":8.2},"rewardRisk":2.17,"breakeven":660,
   "maxLoss":1000,"contracts":2,"grade":"A","reasons":["swing: 30 days to expiry", …]}

Examples:
  massive plan O:SPY261218C00650000
  massive plan O:QQQ261204P00600000 --entry 4.20 --risk 300 --json`;

/** Registers `massive plan`; the help text after the options is its specification. */
export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('a trade plan for one option contract: targets, stop, premiums, reward/risk, size, liquidity grade')
    .argument('<contract>', 'option contract, e.g. O:SPY261218C00650000')
    .option('--entry <price>', 'premium paid (default: the quote mid)')
    .option('--risk <dollars>', 'dollars to risk to the stop (default: the planRiskPerTrade setting)')
    .option('--json', 'one JSON object instead of the report')
    .option('--demo', 'use the built-in simulator (no API key needed; data is synthetic)')
    .option('--seed <n>', 'simulator seed with --demo')
    .addHelpText('after', HELP)
    .action(async (contract: string, opts) => {
      program.setOptionValue('exitCode', await runPlan(contract, opts));
    });
}
