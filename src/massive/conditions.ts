/**
 * Trade-condition update rules: which prints may move Last, the day's volume and high/low.
 *
 * Massive publishes them per condition id at `GET /v3/reference/conditions?asset_class=stocks|options`
 * (https://massive.com/docs/rest/stocks/market-operations/condition-codes) as
 * `update_rules.consolidated.{updates_open_close, updates_volume, updates_high_low}`; its own
 * aggregates let a trade set the close iff `updates_open_close`, and when a print carries several
 * conditions a "no" from any of them wins (https://massive.com/blog/understanding-trade-eligibility).
 * Last is the running close, so the same rule decides whether a print may move it.
 *
 * Pure: the parser takes a response body, the loader in stream/ does the fetching and caching.
 * Ids are unique per data type only (a quote condition may reuse a trade condition's id), so only
 * rows that apply to trades are kept.
 */
import { isOptionTicker } from './symbology.js';

export type ConditionAssetClass = 'stocks' | 'options';

export const CONDITION_ASSET_CLASSES: readonly ConditionAssetClass[] = ['stocks', 'options'];

export interface ConditionRule {
  /** `updates_open_close`: the print may set Last (the running close). */
  readonly updatesLast: boolean;
  readonly updatesVolume: boolean;
  readonly updatesHighLow: boolean;
}

/** Rules of one asset class by condition id; ids not listed are regular sales. */
export type ConditionRules = Readonly<Record<number, ConditionRule>>;

export type ConditionTables = Readonly<Record<ConditionAssetClass, ConditionRules>>;

/** H = updates high/low, O = updates open/close (Last), V = updates volume; '-' = does not. */
type Flags = `${'H' | '-'}${'O' | '-'}${'V' | '-'}`;
/** Marks a row not seen in a capture of the live endpoint (taken from a secondary reference). */
const UNCONFIRMED = true;
type Row = readonly [id: number, name: string, flags: Flags, unconfirmed?: boolean];

/**
 * Built-in rules, used until (or unless) the endpoint answers. Stocks: ids 1–10 as in the
 * official Python client's recorded `/v3/reference/conditions?asset_class=stocks` response; 12–16,
 * 22, 32, 35, 37, 41, 52 and 53 as in public captures of the live endpoint; rows marked
 * UNCONFIRMED follow the CTA/UTP last-sale eligibility matrices as restated by third parties.
 */
const STOCK_ROWS: readonly Row[] = [
  [0, 'Regular Sale', 'HOV', UNCONFIRMED],
  [1, 'Acquisition', 'HOV'],
  [2, 'Average Price Trade', '--V'],
  [3, 'Automatic Execution', 'HOV'],
  [4, 'Bunched Trade', 'HOV'],
  [5, 'Bunched Sold Trade', 'H-V'],
  [6, 'CAP Election', 'HOV'],
  [7, 'Cash Sale', '--V'],
  [8, 'Closing Prints', 'HOV'],
  [9, 'Cross Trade', 'HOV'],
  [10, 'Derivatively Priced', 'H-V'],
  [11, 'Distribution', 'HOV', UNCONFIRMED],
  [12, 'Form T / Extended Hours', '--V'],
  [13, 'Extended Trading Hours (Sold Out of Sequence)', '--V'],
  [14, 'Intermarket Sweep', 'HOV'],
  [15, 'Market Center Official Close', '---'],
  [16, 'Market Center Official Open', '---'],
  [17, 'Market Center Opening Trade', 'HOV', UNCONFIRMED],
  [18, 'Market Center Reopening Trade', 'HOV', UNCONFIRMED],
  [19, 'Market Center Closing Trade', 'HOV', UNCONFIRMED],
  [20, 'Next Day', '--V', UNCONFIRMED],
  [21, 'Price Variation Trade', '--V', UNCONFIRMED],
  [22, 'Prior Reference Price', 'H-V'],
  [23, 'Rule 155 Trade (AMEX)', 'HOV', UNCONFIRMED],
  [24, 'Rule 127 NYSE', 'HOV', UNCONFIRMED],
  [25, 'Opening Prints', 'HOV', UNCONFIRMED],
  [27, 'Stopped Stock (Regular Trade)', 'HOV', UNCONFIRMED],
  [28, 'Re-Opening Prints', 'HOV', UNCONFIRMED],
  [29, 'Seller', '--V', UNCONFIRMED],
  [30, 'Sold Last', 'HOV', UNCONFIRMED],
  [31, 'Sold Last and Stopped Stock', 'HOV', UNCONFIRMED],
  [32, 'Sold (Out Of Sequence)', 'H-V'],
  [33, 'Sold (Out Of Sequence) and Stopped Stock', 'H-V', UNCONFIRMED],
  [34, 'Split Trade', 'HOV', UNCONFIRMED],
  [35, 'Stock Option', 'HOV'],
  [36, 'Yellow Flag Regular Trade', 'HOV', UNCONFIRMED],
  [37, 'Odd Lot Trade', '--V'],
  [38, 'Corrected Consolidated Close', 'HO-', UNCONFIRMED],
  [41, 'Trade Thru Exempt', 'HOV'],
  [52, 'Contingent Trade', '--V'],
  [53, 'Qualified Contingent Trade', '--V'],
];

/**
 * Options (OPRA message types as Massive numbers them, 201–248). All UNCONFIRMED: no capture of
 * the options rows was at hand; they follow OPRA's last-sale rules. A late report in sequence is
 * still the last sale, one out of sequence is not; cancels carry no new volume; legs of complex
 * (multi-leg, stock-tied) orders are priced as a package and do not set an option's last sale.
 */
const OPTION_ROWS: readonly Row[] = [
  [201, 'Canceled', '---', UNCONFIRMED],
  [202, 'Late and Out Of Sequence', 'H-V', UNCONFIRMED],
  [203, 'Last and Canceled', '---', UNCONFIRMED],
  [204, 'Late', 'HOV', UNCONFIRMED],
  [205, 'Opening Trade and Canceled', '---', UNCONFIRMED],
  [206, 'Opening Trade, Late, and Out Of Sequence', 'H-V', UNCONFIRMED],
  [207, 'Only Trade and Canceled', '---', UNCONFIRMED],
  [208, 'Opening Trade and Late', 'HOV', UNCONFIRMED],
  [209, 'Automatic Execution', 'HOV', UNCONFIRMED],
  [210, 'Reopening Trade', 'HOV', UNCONFIRMED],
  [219, 'Intermarket Sweep Order', 'HOV', UNCONFIRMED],
  [227, 'Single Leg Auction Non ISO', 'HOV', UNCONFIRMED],
  [228, 'Single Leg Auction ISO', 'HOV', UNCONFIRMED],
  [229, 'Single Leg Cross Non ISO', 'HOV', UNCONFIRMED],
  [230, 'Single Leg Cross ISO', 'HOV', UNCONFIRMED],
  [231, 'Single Leg Floor Trade', 'HOV', UNCONFIRMED],
  ...[232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247].map(
    (id): Row => [id, 'Multi Leg or Stock Options trade', '--V', UNCONFIRMED],
  ),
  [248, 'Extended Hours Trade', '--V', UNCONFIRMED],
];

function fromRows(rows: readonly Row[]): ConditionRules {
  const out: Record<number, ConditionRule> = {};
  for (const [id, , f] of rows) {
    out[id] = { updatesHighLow: f[0] === 'H', updatesLast: f[1] === 'O', updatesVolume: f[2] === 'V' };
  }
  return out;
}

export const DEFAULT_CONDITION_TABLES: ConditionTables = {
  stocks: fromRows(STOCK_ROWS),
  options: fromRows(OPTION_ROWS),
};

/**
 * Whether a trade with these conditions may move Last: only if every one of them allows it.
 * No conditions is a regular sale; an id the table does not know is treated as regular, so a new
 * code never freezes the quote. Called per trade, so it allocates nothing.
 */
export function tradeUpdatesLast(rules: ConditionRules, conditions: readonly number[] | undefined): boolean {
  if (conditions === undefined) return true;
  for (let i = 0; i < conditions.length; i++) {
    const rule = rules[conditions[i] as number];
    if (rule !== undefined && !rule.updatesLast) return false;
  }
  return true;
}

/** The rules that apply to a symbol's trades: options for `O:` contracts, stocks otherwise. */
export function conditionRulesFor(tables: ConditionTables, symbol: string): ConditionRules {
  return isOptionTicker(symbol) ? tables.options : tables.stocks;
}

export interface ConditionsPage {
  /** Trade-condition rules found on the page. */
  readonly rules: ConditionRules;
  /** Absolute URL of the next page, when there is one. */
  readonly nextUrl: string | undefined;
  /** Rows that could not be used (no id, no rules, not about trades, another asset class). */
  readonly skipped: number;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A missing or non-boolean flag does not restrict: an unreadable rule must not freeze Last. */
const flag = (o: Obj, key: string): boolean => o[key] !== false;

function parseRow(row: unknown, assetClass: ConditionAssetClass): readonly [number, ConditionRule] | undefined {
  if (!isObj(row)) return undefined;
  const id = row['id'];
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) return undefined;
  if (row['asset_class'] !== undefined && row['asset_class'] !== assetClass) return undefined;
  const types = row['data_types'];
  if (Array.isArray(types) && !types.includes('trade')) return undefined;
  const rules = isObj(row['update_rules']) ? row['update_rules']['consolidated'] : undefined;
  if (!isObj(rules)) return undefined;
  const rule: ConditionRule = {
    updatesLast: flag(rules, 'updates_open_close'),
    updatesVolume: flag(rules, 'updates_volume'),
    updatesHighLow: flag(rules, 'updates_high_low'),
  };
  return [id, rule];
}

/**
 * One page of `/v3/reference/conditions` for `assetClass`. Tolerant: junk rows are counted in
 * `skipped`, and a body that is not an envelope with a `results` array is an error string.
 */
export function parseConditionsPage(body: unknown, assetClass: ConditionAssetClass): ConditionsPage | string {
  if (!isObj(body)) return 'conditions: body is not an object';
  const results = body['results'];
  if (!Array.isArray(results)) return 'conditions: no results array';
  const rules: Record<number, ConditionRule> = {};
  let skipped = 0;
  for (const row of results) {
    const parsed = parseRow(row, assetClass);
    if (parsed) rules[parsed[0]] = parsed[1];
    else skipped++;
  }
  const next = body['next_url'];
  return { rules, nextUrl: typeof next === 'string' && next.length > 0 ? next : undefined, skipped };
}

const CACHE_VERSION = 1;

/** The on-disk cache of the rules fetched per asset class, each with the time it was fetched. */
export interface CachedRules {
  readonly savedAt: number;
  readonly rules: ConditionRules;
}

export type ConditionCache = Partial<Record<ConditionAssetClass, CachedRules>>;

export function serializeConditionCache(cache: ConditionCache): string {
  return JSON.stringify({ v: CACHE_VERSION, classes: cache });
}

function isRule(v: unknown): v is ConditionRule {
  if (!isObj(v)) return false;
  return (
    typeof v['updatesLast'] === 'boolean' &&
    typeof v['updatesVolume'] === 'boolean' &&
    typeof v['updatesHighLow'] === 'boolean'
  );
}

/**
 * Reads the cache, keeping only asset classes fetched within `maxAgeMs` of `now` (and not in the
 * future: a clock that jumped back must not keep a table forever). Anything unreadable is a miss.
 */
export function parseConditionCache(text: string, now: number, maxAgeMs: number): ConditionCache {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  const classes: unknown = isObj(raw) && raw['v'] === CACHE_VERSION ? raw['classes'] : undefined;
  if (!isObj(classes)) return {};
  const out: Partial<Record<ConditionAssetClass, CachedRules>> = {};
  for (const assetClass of CONDITION_ASSET_CLASSES) {
    const entry: unknown = classes[assetClass];
    if (!isObj(entry)) continue;
    const savedAt: unknown = entry['savedAt'];
    const stored: unknown = entry['rules'];
    if (typeof savedAt !== 'number' || !isObj(stored)) continue;
    const age = now - savedAt;
    if (!(age >= 0 && age <= maxAgeMs)) continue;
    const rules: Record<number, ConditionRule> = {};
    for (const [key, rule] of Object.entries(stored)) {
      const id = Number(key);
      if (Number.isInteger(id) && id >= 0 && isRule(rule)) rules[id] = rule;
    }
    out[assetClass] = { savedAt, rules };
  }
  return out;
}

/** Fetched rules over the built-in ones: the endpoint wins; codes it did not list keep the default. */
export function withDefaults(fetched: Partial<Record<ConditionAssetClass, ConditionRules>>): ConditionTables {
  return {
    stocks: { ...DEFAULT_CONDITION_TABLES.stocks, ...fetched.stocks },
    options: { ...DEFAULT_CONDITION_TABLES.options, ...fetched.options },
  };
}
