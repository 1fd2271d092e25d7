import { normalizeUserSymbol } from '../massive/symbology.js';
import type { FlowKind, FlowPrint, Sentiment } from '../market/types.js';

/**
 * The tape filter typed after `/`: space-separated terms, all of which must hold.
 *   SPY QQQ        underlying is one of these
 *   >100k  >=1.5m  premium at least this ($; k, m, b suffixes)
 *   c | calls      calls only;  p | puts  puts only
 *   sweep block split single   the order kind (several are or-ed)
 *   bull | bear    sentiment
 * Single letters c and p always mean calls and puts, never the tickers C and P.
 */
export interface FlowFilter {
  readonly underlyings: readonly string[];
  readonly minPremium: number | undefined;
  /** Premium must be strictly above the minimum (`>`), or at least it (`>=`). */
  readonly strict: boolean;
  readonly right: 'call' | 'put' | undefined;
  readonly kinds: readonly FlowKind[];
  readonly sentiment: Sentiment | undefined;
}

export interface ParsedFlowFilter {
  readonly filter: FlowFilter;
  /** Terms that were not understood; the rest of the filter still applies. */
  readonly unknown: readonly string[];
}

const RIGHTS: Readonly<Record<string, 'call' | 'put'>> = {
  c: 'call',
  call: 'call',
  calls: 'call',
  p: 'put',
  put: 'put',
  puts: 'put',
};
const KINDS: Readonly<Record<string, FlowKind>> = {
  sweep: 'sweep',
  sweeps: 'sweep',
  block: 'block',
  blocks: 'block',
  split: 'split',
  splits: 'split',
  single: 'single',
};
const SENTIMENTS: Readonly<Record<string, Sentiment>> = {
  bull: 'bullish',
  bullish: 'bullish',
  bear: 'bearish',
  bearish: 'bearish',
};
const MULTIPLIER: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };
const PREMIUM = /^(>=?)\$?(\d+(?:\.\d+)?)([kmb]?)$/i;

export function parseFlowFilter(text: string): ParsedFlowFilter {
  const underlyings: string[] = [];
  const kinds: FlowKind[] = [];
  const unknown: string[] = [];
  let minPremium: number | undefined;
  let strict = false;
  let right: 'call' | 'put' | undefined;
  let sentiment: Sentiment | undefined;
  for (const term of text.split(/[\s,]+/).filter(Boolean)) {
    const lower = term.toLowerCase();
    const premium = PREMIUM.exec(term);
    if (premium) {
      minPremium = Number(premium[2]) * MULTIPLIER[premium[3]!.toLowerCase()]!;
      strict = premium[1] === '>';
    } else if (RIGHTS[lower]) right = RIGHTS[lower];
    else if (KINDS[lower]) kinds.push(KINDS[lower]);
    else if (SENTIMENTS[lower]) sentiment = SENTIMENTS[lower];
    else {
      const symbol = normalizeUserSymbol(term);
      if (symbol) underlyings.push(symbol);
      else unknown.push(term);
    }
  }
  return { filter: { underlyings, minPremium, strict, right, kinds, sentiment }, unknown };
}

export function isEmptyFilter(f: FlowFilter): boolean {
  return (
    f.underlyings.length === 0 &&
    f.minPremium === undefined &&
    f.right === undefined &&
    f.kinds.length === 0 &&
    f.sentiment === undefined
  );
}

export function matchesFlow(f: FlowFilter, print: FlowPrint): boolean {
  if (f.underlyings.length > 0 && !f.underlyings.includes(print.underlying)) return false;
  if (f.minPremium !== undefined && (f.strict ? !(print.premium > f.minPremium) : !(print.premium >= f.minPremium)))
    return false;
  if (f.right !== undefined && print.right !== f.right) return false;
  if (f.kinds.length > 0 && !f.kinds.includes(print.kind)) return false;
  if (f.sentiment !== undefined && print.sentiment !== f.sentiment) return false;
  return true;
}

/** The prints that pass; the same array when the filter is empty, so memoised views stay put. */
export function filterFlow(f: FlowFilter, flow: readonly FlowPrint[]): readonly FlowPrint[] {
  return isEmptyFilter(f) ? flow : flow.filter((p) => matchesFlow(f, p));
}
