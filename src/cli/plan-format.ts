/** Output of `massive plan`: the JSON document of the README and a short report for people. */
import type { TradePlan } from '../market/trade-plan.js';
import { formatFixed, formatPrice } from '../ui/format.js';

export interface PlanDocument {
  readonly type: 'plan';
  readonly v: 1;
  readonly ts: string;
  readonly demo: boolean;
  readonly contract: string;
  readonly underlying: string;
  readonly right: 'call' | 'put';
  readonly style: TradePlan['style'];
  readonly spot: number;
  readonly entry: number;
  readonly targets: readonly { readonly underlying: number; readonly premium: number }[];
  readonly stop: { readonly underlying: number; readonly premium: number };
  readonly rewardRisk: number | null;
  readonly breakeven: number;
  readonly maxLoss: number;
  readonly contracts: number;
  readonly grade: TradePlan['grade'];
  readonly reasons: readonly string[];
}

const cents = (n: number): number => Math.round(n * 100) / 100;
const point = (p: { readonly underlying: number; readonly premium: number }) => ({
  underlying: cents(p.underlying),
  premium: cents(p.premium),
});

/** The `--json` object: prices to the cent, reward to risk to two decimals. */
export function planDocument(
  meta: { readonly ts: string; readonly demo: boolean; readonly contract: string; readonly underlying: string },
  plan: TradePlan,
): PlanDocument {
  return {
    type: 'plan',
    v: 1,
    ts: meta.ts,
    demo: meta.demo,
    contract: meta.contract,
    underlying: meta.underlying,
    right: plan.right,
    style: plan.style,
    spot: plan.spot,
    entry: cents(plan.entry),
    targets: plan.targets.map(point),
    stop: point(plan.stop),
    rewardRisk: plan.rewardRisk === null ? null : cents(plan.rewardRisk),
    breakeven: cents(plan.breakeven),
    maxLoss: cents(plan.maxLoss),
    contracts: plan.contracts,
    grade: plan.grade,
    reasons: plan.reasons,
  };
}

/** The report: header, the levels with their premiums, the numbers, then every reason. */
export function planReport(header: string, doc: PlanDocument): string {
  const row = (label: string, p: { underlying: number; premium: number }): string =>
    // Premiums keep two decimals even under $1 (option ticks), unlike sub-dollar stock prices.
    `${label.padEnd(10)}${formatPrice(p.underlying).padStart(10)}${formatFixed(p.premium, 2).padStart(10)}`;
  const out = [
    header,
    `${doc.right} · ${doc.style} · entry ${formatFixed(doc.entry, 2)} · grade ${doc.grade}${doc.grade === 'D' ? ' (untradeable)' : ''}`,
    '',
    `${''.padEnd(10)}${'Underlying'.padStart(10)}${'Premium'.padStart(10)}`,
    row('Entry', { underlying: doc.spot, premium: doc.entry }),
    ...doc.targets.map((t, i) => row(`Target ${i + 1}`, t)),
    row('Stop', doc.stop),
    '',
    `Reward/risk  ${doc.rewardRisk === null ? '—' : formatFixed(doc.rewardRisk, 2)}`,
    `Breakeven    ${formatPrice(doc.breakeven)} at expiry`,
    `Max loss     $${formatFixed(doc.maxLoss, 2)} per contract`,
    `Contracts    ${doc.contracts}`,
    '',
    ...doc.reasons.map((r) => `· ${r}`),
  ];
  return `${out.join('\n')}\n`;
}
