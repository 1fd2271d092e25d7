/**
 * Alert rules (`--alert "SPY>600"`, `flow.premium>1e6:SPY`): a pure parser and pure, edge-triggered
 * evaluators. The store (or whoever owns the clock) keeps the `AlertState` between calls; nothing
 * here reads time or does I/O.
 *
 * Grammar, hand-written because it is five tokens long and a parser library would cost more
 * than it saves:
 *   rule      := quoteRule | flowRule
 *   quoteRule := SYMBOL [ "." field ] op number          SPY>600, I:VIX>=20, SPY.changePct<-1
 *   flowRule  := "flow." flowField op number [ ":" SYMBOL ]   flow.premium>1e6:SPY
 *   field     := price | last | change | changePct | pct | volume
 *   flowField := premium | size
 *   op        := > | >= | < | <=
 *   number    := a JS number (1e6, -1.5, 1_000_000) with an optional k/m/b suffix (250k, 1.5m)
 */
import { normalizeUserSymbol } from '../massive/symbology.js';
import type { FlowPrint } from './types.js';

export type AlertOp = '>' | '>=' | '<' | '<=';
export type QuoteField = 'price' | 'change' | 'changePct' | 'volume';
export type FlowField = 'premium' | 'size';

export type AlertTarget =
  | { readonly kind: 'quote'; readonly symbol: string; readonly field: QuoteField }
  | { readonly kind: 'flow'; readonly field: FlowField; readonly underlying: string | undefined };

export interface AlertRule {
  /** The canonical spelling (e.g. `SPY.price>600`); unique per distinct rule, used as its id. */
  readonly id: string;
  /** What the user typed. */
  readonly text: string;
  readonly target: AlertTarget;
  readonly op: AlertOp;
  readonly threshold: number;
}

export type AlertParseResult =
  | { readonly ok: true; readonly rule: AlertRule }
  | { readonly ok: false; readonly error: string };

/** One firing, in the shape MarketSnapshot.alerts and the NDJSON `alert` event carry. */
export interface AlertFiring {
  readonly id: string;
  readonly rule: string;
  readonly message: string;
  readonly time: number;
}

/** Armed flags per rule id; a rule missing from the map is armed. */
export type AlertState = Readonly<Record<string, boolean>>;

/** The numeric fields of a quote a rule can read; a structural subset of the store's QuoteRow. */
export interface AlertQuote {
  readonly price: number | undefined;
  readonly change: number | undefined;
  readonly changePct: number | undefined;
  readonly volume: number | undefined;
}

const RULE =
  /^\s*([^\s<>=]+?)\s*(>=|<=|>|<)\s*([-+]?[0-9][0-9_]*(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?|[-+]?\.[0-9]+)\s*([kmb])?\s*(?::\s*(\S+)\s*)?$/i;

const QUOTE_FIELDS: Readonly<Record<string, QuoteField>> = {
  price: 'price',
  last: 'price',
  change: 'change',
  chg: 'change',
  changepct: 'changePct',
  pct: 'changePct',
  volume: 'volume',
  vol: 'volume',
};

const FLOW_FIELDS: Readonly<Record<string, FlowField>> = { premium: 'premium', size: 'size' };
const SUFFIX: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9 };

/** Parses one rule; the error says what was expected, for a usage message. */
export function parseAlertRule(text: string): AlertParseResult {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, error: 'empty alert rule' };
  const m = RULE.exec(text);
  if (!m)
    return {
      ok: false,
      error: `alert ${JSON.stringify(text)}: expected e.g. SPY>600, SPY.changePct<-1 or flow.premium>1e6`,
    };
  const [, lhs = '', op = '>', numText = '', suffix, scope] = m;
  // + 0 turns "-0" into the 0 the rule's id spells, so a rule reads back as itself.
  const threshold = Number(numText.replace(/_/g, '')) * (suffix ? SUFFIX[suffix.toLowerCase()]! : 1) + 0;
  if (!Number.isFinite(threshold))
    return { ok: false, error: `alert ${JSON.stringify(text)}: ${numText} is not a number` };
  const rule = (target: AlertTarget, id: string): AlertParseResult => ({
    ok: true,
    rule: {
      id: `${id}${op}${threshold}${target.kind === 'flow' && target.underlying ? `:${target.underlying}` : ''}`,
      text: text.trim(),
      target,
      op: op as AlertOp,
      threshold,
    },
  });

  if (/^flow\./i.test(lhs)) {
    const field = FLOW_FIELDS[lhs.slice(5).toLowerCase()];
    if (!field) return { ok: false, error: `alert ${JSON.stringify(text)}: flow rules read flow.premium or flow.size` };
    let underlying: string | undefined;
    if (scope !== undefined) {
      underlying = normalizeUserSymbol(scope);
      if (!underlying) return { ok: false, error: `alert ${JSON.stringify(text)}: ${scope} is not a ticker` };
    }
    return rule({ kind: 'flow', field, underlying }, `flow.${field}`);
  }
  if (scope !== undefined)
    return { ok: false, error: `alert ${JSON.stringify(text)}: ":SYMBOL" only applies to flow rules` };
  // The symbol is everything before the last dot that names a field, so BRK.B>400 still works.
  const dot = lhs.lastIndexOf('.');
  const maybeField = dot > 0 ? QUOTE_FIELDS[lhs.slice(dot + 1).toLowerCase()] : undefined;
  const symbolText = maybeField ? lhs.slice(0, dot) : lhs;
  const symbol = normalizeUserSymbol(symbolText);
  if (!symbol) return { ok: false, error: `alert ${JSON.stringify(text)}: ${symbolText} is not a ticker` };
  const field = maybeField ?? 'price';
  return rule({ kind: 'quote', symbol, field }, `${symbol}.${field}`);
}

/** Parses every rule; all errors are collected so the user fixes them in one go. */
export function parseAlertRules(texts: readonly string[]): {
  readonly rules: readonly AlertRule[];
  readonly errors: readonly string[];
} {
  const rules: AlertRule[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    const r = parseAlertRule(text);
    if (!r.ok) errors.push(r.error);
    else if (!seen.has(r.rule.id)) {
      seen.add(r.rule.id);
      rules.push(r.rule);
    }
  }
  return { rules, errors };
}

function compare(value: number, op: AlertOp, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

function formatNumber(value: number, field: QuoteField | FlowField): string {
  if (field === 'changePct') return `${value.toFixed(2)}%`;
  if (field === 'premium') return `$${compact(value)}`;
  if (field === 'volume' || field === 'size') return compact(value);
  return String(Math.round(value * 100) / 100);
}

function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${+(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${+(value / 1e3).toFixed(1)}K`;
  return String(Math.round(value));
}

/**
 * Evaluates the quote rules against the latest quotes. Edge-triggered: a rule fires when its
 * condition holds while armed (so also on the first observation), then stays quiet until the
 * condition has been false once (re-armed). A symbol without the value leaves the rule as it was.
 */
export function evaluateQuoteAlerts(
  rules: readonly AlertRule[],
  state: AlertState,
  quotes: Readonly<Record<string, AlertQuote | undefined>>,
  now: number,
): { readonly state: AlertState; readonly fired: readonly AlertFiring[] } {
  const next: Record<string, boolean> = { ...state };
  const fired: AlertFiring[] = [];
  for (const rule of rules) {
    if (rule.target.kind !== 'quote') continue;
    const value = quotes[rule.target.symbol]?.[rule.target.field];
    if (value === undefined || !Number.isFinite(value)) continue;
    const armed = next[rule.id] ?? true;
    if (compare(value, rule.op, rule.threshold)) {
      if (armed) {
        const { symbol, field } = rule.target;
        const name = field === 'price' ? symbol : `${symbol} ${field}`;
        fired.push({
          id: `${rule.id}@${now}`,
          rule: rule.text,
          message: `${name} ${formatNumber(value, field)} ${rule.op} ${formatNumber(rule.threshold, field)}`,
          time: now,
        });
      }
      next[rule.id] = false;
    } else {
      next[rule.id] = true;
    }
  }
  return { state: next, fired };
}

/**
 * Evaluates the flow rules against one print. Each print is its own event, so every matching
 * print fires (no arming); the id is derived from the print's so a replay cannot double-fire.
 */
export function evaluateFlowAlerts(rules: readonly AlertRule[], print: FlowPrint): readonly AlertFiring[] {
  const fired: AlertFiring[] = [];
  for (const rule of rules) {
    if (rule.target.kind !== 'flow') continue;
    if (rule.target.underlying !== undefined && rule.target.underlying !== print.underlying) continue;
    const value = print[rule.target.field];
    if (!Number.isFinite(value) || !compare(value, rule.op, rule.threshold)) continue;
    const right = print.right === 'call' ? 'C' : 'P';
    fired.push({
      id: `${rule.id}@${print.id}`,
      rule: rule.text,
      message: `flow ${print.underlying} ${print.expiry} ${print.strike}${right} ${print.kind} ${formatNumber(value, rule.target.field)} ${rule.op} ${formatNumber(rule.threshold, rule.target.field)}`,
      time: print.time,
    });
  }
  return fired;
}
