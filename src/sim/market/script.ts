/**
 * Scripted option prints for tests and demos: a flow-classification test needs a sweep, a block
 * and a split it can predict exactly, which random flow cannot give. `resolveScript` turns the
 * caller's loose description (right, strike, days to expiry) into concrete contracts and instants;
 * the cursor prints them (steps.ts) with a consistent quote just before.
 */
import { parseOptionTicker, type OptionRight } from '../../massive/symbology.js';
import { underlyingOfRoot, type ContractSpec } from './options.js';
import type { PricePlacement } from './option-flow.js';
import type { ScheduledPrint } from './steps.js';
import { newYorkTime } from './session.js';

/** One print as a test describes it. */
export interface ScriptedOptionPrint {
  /** Exact contract (`O:SPY261218C00650000`); otherwise picked from the chain by the fields below. */
  readonly contract?: string;
  /** @default 'call' */
  readonly right?: OptionRight;
  /** Nearest listed strike to this; @default at the money. */
  readonly strike?: number;
  /** First expiry at least this many calendar days out; @default 0 (the nearest expiry). */
  readonly dte?: number;
  /** OPRA participant id (300s). */
  readonly exchange: number;
  /** A price, or where against the NBBO in force: bid, ask, mid, one tick above the ask or below the bid. */
  readonly price: number | PricePlacement;
  /** Contracts. */
  readonly size: number;
  /** Condition ids (conditions.ts); @default [209] automatic execution. */
  readonly conditions?: readonly number[];
  /** Market-time offset from now, ms (prints within one second share their quote). */
  readonly atOffsetMs: number;
}

/** What a scripted print resolved to. */
export interface ScriptResult {
  readonly contract: string;
  /** Market time of the print (ms); the matching quote is 1 ms earlier (or in the same ms). */
  readonly t: number;
}

const PLACEMENTS = new Set(['bid', 'ask', 'mid', 'above_ask', 'below_bid']);

function daysBetween(fromDate: string, toDate: string): number {
  return Math.round((Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / 86_400_000);
}

function pickContract(chain: readonly ContractSpec[], spot: number, today: string, p: ScriptedOptionPrint): string {
  const right = p.right ?? 'call';
  if (right !== 'call' && right !== 'put')
    throw new TypeError(`right must be call or put, got ${JSON.stringify(right)}`);
  const expiries = [...new Set(chain.map((c) => c.expiry))].sort();
  const expiry = expiries.find((e) => daysBetween(today, e) >= (p.dte ?? 0));
  if (!expiry) throw new TypeError(`no expiry ${p.dte ?? 0} or more days out`);
  const candidates = chain.filter((c) => c.expiry === expiry && c.right === right);
  const target = p.strike ?? spot;
  let best = candidates[0];
  for (const c of candidates) if (Math.abs(c.strike - target) < Math.abs(best!.strike - target)) best = c;
  if (!best) throw new TypeError('the chain has no such contract');
  return best.ticker;
}

/** Resolves a script against an underlying's chain at market time `now`; throws a TypeError on bad input. */
export function resolveScript(
  chain: readonly ContractSpec[],
  spot: number,
  now: number,
  prints: readonly ScriptedOptionPrint[],
): ScheduledPrint[] {
  if (!Array.isArray(prints) || prints.length === 0) throw new TypeError('prints must be a non-empty array');
  const underlying = chain[0]?.underlying;
  const today = newYorkTime(now).date;
  return prints.map((raw: unknown, i): ScheduledPrint => {
    const where = `prints[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new TypeError(`${where} must be an object`);
    // Input may come as JSON over the control endpoint, so every field is checked at run time.
    const p = raw as ScriptedOptionPrint;
    if (!Number.isInteger(p.exchange) || p.exchange <= 0)
      throw new TypeError(`${where}.exchange must be a participant id`);
    if (!Number.isInteger(p.size) || p.size <= 0) throw new TypeError(`${where}.size must be a positive integer`);
    if (!Number.isFinite(p.atOffsetMs) || p.atOffsetMs < 0) throw new TypeError(`${where}.atOffsetMs must be >= 0`);
    const price: number | PricePlacement = p.price;
    if (!(typeof price === 'number' && price > 0) && !(typeof price === 'string' && PLACEMENTS.has(price))) {
      throw new TypeError(`${where}.price must be a positive number or one of ${[...PLACEMENTS].join(', ')}`);
    }
    if (
      p.conditions !== undefined &&
      (!Array.isArray(p.conditions) || !p.conditions.every((c: unknown) => Number.isInteger(c)))
    ) {
      throw new TypeError(`${where}.conditions must be integers`);
    }
    let contract: string;
    if (p.contract !== undefined) {
      const occ = parseOptionTicker(p.contract);
      if (!occ || (underlying !== undefined && underlyingOfRoot(occ.root) !== underlying))
        throw new TypeError(`${where}.contract is not an option on ${underlying}`);
      contract = p.contract;
    } else {
      contract = pickContract(chain, spot, today, p);
    }
    return {
      contract,
      t: now + Math.floor(p.atOffsetMs),
      exchange: p.exchange,
      price,
      size: p.size,
      conditions: p.conditions ?? [209],
    };
  });
}
