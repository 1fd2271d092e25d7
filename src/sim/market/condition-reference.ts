/**
 * The trade-condition reference the simulator serves at `/v3/reference/conditions` (Massive docs,
 * https://massive.com/docs/rest/stocks/market-operations/condition-codes.md): every code the
 * simulator prints plus the common stock sale conditions, with the update rules that say whether a
 * trade moves the high/low, the open/close (the "last") and the volume. A client that builds bars
 * from `T` must apply them, or an odd lot at a stale price moves its last.
 *
 * Sources, code by code:
 * - stocks 1–10, 37, 41: OBSERVED (rows of the live listing as reproduced by public client tests
 *   and captures, including the id, name, SIP letters and both rule sets);
 * - stocks 12, 14, 16, 32, 38: names and consolidated rules OBSERVED; the market-center rules
 *   equal to them and the SIP letters are UNCONFIRMED;
 * - stocks 0, 13, 15, 22, 52, 53: from the older Polygon condition glossary; UNCONFIRMED;
 * - options: ids, names and OPRA letters as in conditions.ts; every update rule UNCONFIRMED
 *   (OPRA's last-sale eligibility as we read it: canceled prints move nothing, a late report in
 *   sequence is still the last sale but one out of sequence is not, complex-order legs only add
 *   volume; the same reading as the client's built-in table in src/massive/conditions.ts).
 */
import { OPTION_CONDITION_NAMES } from './conditions.js';

export interface UpdateRules {
  readonly updates_high_low: boolean;
  readonly updates_open_close: boolean;
  readonly updates_volume: boolean;
}

export interface ConditionRecord {
  readonly id: number;
  readonly name: string;
  readonly asset_class: 'stocks' | 'options';
  readonly sip_mapping: Readonly<Record<string, string>>;
  readonly type: 'sale_condition' | 'trade_thru_exempt';
  readonly data_types: readonly ['trade'];
  readonly update_rules: { readonly consolidated: UpdateRules; readonly market_center: UpdateRules };
  readonly legacy?: true;
}

/** `hl`/`oc`/`vol` as 1/0, the way the tables below are written. */
type Flags = readonly [0 | 1, 0 | 1, 0 | 1];

function rules(f: Flags): UpdateRules {
  return { updates_high_low: f[0] === 1, updates_open_close: f[1] === 1, updates_volume: f[2] === 1 };
}

const ALL: Flags = [1, 1, 1];
const VOLUME_ONLY: Flags = [0, 0, 1];
const NO_LAST: Flags = [1, 0, 1];
const NOTHING: Flags = [0, 0, 0];

/** [id, name, SIP letters, consolidated, market center (default: the same), type]. */
type StockRow = readonly [number, string, Record<string, string>, Flags, Flags?, ConditionRecord['type']?];

const STOCK_ROWS: readonly StockRow[] = [
  [0, 'Regular Sale', { CTA: '@', UTP: '@' }, ALL],
  [1, 'Acquisition', { UTP: 'A' }, ALL],
  [2, 'Average Price Trade', { CTA: 'B', UTP: 'W' }, VOLUME_ONLY],
  [3, 'Automatic Execution', { CTA: 'E' }, ALL],
  [4, 'Bunched Trade', { UTP: 'B' }, ALL],
  [5, 'Bunched Sold Trade', { UTP: 'G' }, NO_LAST],
  [7, 'Cash Sale', { CTA: 'C', UTP: 'C' }, VOLUME_ONLY],
  [8, 'Closing Prints', { UTP: '6' }, ALL],
  [9, 'Cross Trade', { CTA: 'X', UTP: 'X' }, ALL],
  [10, 'Derivatively Priced', { CTA: '4', UTP: '4' }, NO_LAST],
  [12, 'Form T/Extended Hours', { CTA: 'T', UTP: 'T' }, VOLUME_ONLY],
  [13, 'Extended Trading Hours (Sold Out Of Sequence)', { CTA: 'U', UTP: 'U' }, VOLUME_ONLY],
  [14, 'Intermarket Sweep', { CTA: 'F', UTP: 'F' }, ALL],
  [15, 'Market Center Official Close', { UTP: 'M' }, NOTHING, [1, 1, 0]],
  [16, 'Market Center Official Open', { UTP: 'Q' }, NOTHING],
  [22, 'Prior Reference Price', { CTA: 'P', UTP: 'P' }, NO_LAST],
  [32, 'Sold (Out Of Sequence)', { CTA: 'Z', UTP: 'Z' }, NO_LAST],
  [37, 'Odd Lot Trade', { CTA: 'I', UTP: 'I', FINRA_TDDS: 'I' }, VOLUME_ONLY],
  [38, 'Corrected Consolidated Close (per listing market)', { CTA: '9', UTP: '9' }, [1, 1, 0]],
  [41, 'Trade Thru Exempt', { CTA: '1', UTP: 'X' }, ALL, undefined, 'trade_thru_exempt'],
  [52, 'Contingent Trade', { CTA: 'V', UTP: 'V' }, VOLUME_ONLY],
  [53, 'Qualified Contingent Trade', { CTA: '7', UTP: '7' }, VOLUME_ONLY],
];

/** OPRA trade-message letters of the option ids (conditions.ts) and their update rules. */
const OPTION_ROWS: readonly (readonly [number, string, Flags])[] = [
  [201, 'A', NOTHING],
  [202, 'B', NO_LAST],
  [203, 'C', NOTHING],
  [204, 'D', ALL],
  [205, 'E', NOTHING],
  [206, 'F', NO_LAST],
  [207, 'G', NOTHING],
  [208, 'H', ALL],
  [209, 'I', ALL],
  [210, 'J', ALL],
  [219, 'S', ALL],
  [227, 'a', ALL],
  [228, 'b', ALL],
  [229, 'c', ALL],
  [230, 'd', ALL],
  [231, 'e', ALL],
  [232, 'f', VOLUME_ONLY],
  [233, 'g', VOLUME_ONLY],
  [234, 'h', VOLUME_ONLY],
  [235, 'i', VOLUME_ONLY],
  [236, 'j', VOLUME_ONLY],
];

function record(
  asset: ConditionRecord['asset_class'],
  id: number,
  name: string,
  sip: Record<string, string>,
  c: Flags,
  m: Flags,
  type: ConditionRecord['type'],
): ConditionRecord {
  return {
    id,
    name,
    asset_class: asset,
    sip_mapping: sip,
    type,
    data_types: ['trade'],
    update_rules: { consolidated: rules(c), market_center: rules(m) },
  };
}

/** Every record, stocks then options, each by id. */
export const CONDITION_RECORDS: readonly ConditionRecord[] = [
  ...STOCK_ROWS.map(([id, name, sip, c, m, type]) =>
    record('stocks', id, name, sip, c, m ?? c, type ?? 'sale_condition'),
  ),
  ...OPTION_ROWS.map(([id, letter, f]) =>
    record('options', id, OPTION_CONDITION_NAMES[id]!, { OPRA: letter }, f, f, 'sale_condition'),
  ),
];
