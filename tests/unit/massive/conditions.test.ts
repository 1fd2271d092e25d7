import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONDITION_TABLES,
  conditionRulesFor,
  parseConditionCache,
  parseConditionsPage,
  serializeConditionCache,
  tradeUpdatesLast,
  withDefaults,
  type ConditionRules,
} from '../../../src/massive/conditions.js';
import { conditionsPath } from '../../../src/massive/endpoints.js';

const stocks = DEFAULT_CONDITION_TABLES.stocks;
const options = DEFAULT_CONDITION_TABLES.options;

/** A row as `/v3/reference/conditions` returns it. */
function row(
  id: number,
  oc: boolean,
  vol = true,
  hl = oc,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const rules = { updates_high_low: hl, updates_open_close: oc, updates_volume: vol };
  return {
    asset_class: 'stocks',
    data_types: ['trade'],
    id,
    name: `c${id}`,
    sip_mapping: {},
    type: 'sale_condition',
    update_rules: { consolidated: rules, market_center: rules },
    ...extra,
  };
}

describe('tradeUpdatesLast', () => {
  it.each<readonly [string, ConditionRules, readonly number[] | undefined, boolean]>([
    ['no conditions (a regular sale)', stocks, undefined, true],
    ['an empty list', stocks, [], true],
    ['an intermarket sweep, trade-through exempt', stocks, [14, 41], true],
    ['an odd lot', stocks, [37], false],
    ['an average-price print', stocks, [2], false],
    ['an odd lot inside a sweep (any "no" wins)', stocks, [14, 37, 41], false],
    ['an out-of-sequence print', stocks, [32], false],
    ['a Form T extended-hours print', stocks, [12], false],
    ['a market center official close', stocks, [15], false],
    ['a code the table does not know', stocks, [9999], true],
    ['a negative or fractional junk id', stocks, [-1, 1.5], true],
    ['an electronic option print', options, [209], true],
    ['a canceled option print', options, [201], false],
    ['an option spread leg', options, [232], false],
    ['a late option print reported in sequence', options, [204], true],
    ['a late, out-of-sequence option print', options, [202], false],
  ])('%s', (_name, rules, conditions, expected) => {
    expect(tradeUpdatesLast(rules, conditions)).toBe(expected);
  });

  it('counts an odd lot toward volume but not a canceled option print', () => {
    expect(stocks[37]?.updatesVolume).toBe(true);
    expect(options[201]?.updatesVolume).toBe(false);
  });

  it('picks the options rules for O: contracts and the stock rules otherwise', () => {
    expect(conditionRulesFor(DEFAULT_CONDITION_TABLES, 'O:SPY251219C00650000')).toBe(options);
    expect(conditionRulesFor(DEFAULT_CONDITION_TABLES, 'SPY')).toBe(stocks);
  });
});

describe('parseConditionsPage', () => {
  it('reads the documented response into rules and the next page', () => {
    const body = {
      status: 'OK',
      request_id: 'r1',
      count: 3,
      next_url: 'https://api.massive.com/v3/reference/conditions?cursor=YXA9Mg',
      results: [row(2, false), row(14, true), row(10, false, true, true)],
    };
    const page = parseConditionsPage(body, 'stocks');
    expect(page).toEqual({
      rules: {
        2: { updatesLast: false, updatesVolume: true, updatesHighLow: false },
        14: { updatesLast: true, updatesVolume: true, updatesHighLow: true },
        10: { updatesLast: false, updatesVolume: true, updatesHighLow: true },
      },
      nextUrl: 'https://api.massive.com/v3/reference/conditions?cursor=YXA9Mg',
      skipped: 0,
    });
  });

  it.each<readonly [string, unknown]>([
    ['a null row', null],
    ['a string row', 'x'],
    ['a row without id', { ...row(1, true), id: undefined }],
    ['a row with a string id', { ...row(1, true), id: '1' }],
    ['a row with a negative id', row(-3, true)],
    [
      'a quote condition (ids are unique per data type only)',
      row(37, true, true, true, { data_types: ['bbo', 'nbbo'], type: 'quote_condition' }),
    ],
    ['a row of another asset class', row(37, true, true, true, { asset_class: 'options' })],
    ['a row without update_rules', { ...row(5, true), update_rules: undefined }],
    ['a row whose consolidated rules are not an object', { ...row(5, true), update_rules: { consolidated: [] } }],
  ])('skips %s and keeps the good rows', (_name, junk) => {
    const page = parseConditionsPage({ results: [row(37, false), junk] }, 'stocks');
    if (typeof page === 'string') throw new Error(page);
    expect(Object.keys(page.rules)).toEqual(['37']);
    expect(page.skipped).toBe(1);
    expect(page.nextUrl).toBeUndefined();
  });

  it('does not let an unreadable flag restrict a print', () => {
    const junk = { id: 7, update_rules: { consolidated: { updates_open_close: 'no', updates_volume: null } } };
    const page = parseConditionsPage({ results: [junk] }, 'options');
    expect(typeof page !== 'string' && page.rules[7]).toEqual({
      updatesLast: true,
      updatesVolume: true,
      updatesHighLow: true,
    });
  });

  it.each<readonly [string, unknown]>([
    ['null', null],
    ['an array', []],
    ['an envelope without results', { status: 'OK' }],
    ['results that are not an array', { results: {} }],
  ])('reports %s as an error', (_name, body) => {
    expect(typeof parseConditionsPage(body, 'stocks')).toBe('string');
  });

  it.each([
    ['an empty next_url', ''],
    ['a numeric next_url', 3],
  ])('ignores %s', (_name, next) => {
    const page = parseConditionsPage({ results: [], next_url: next }, 'stocks');
    expect(typeof page !== 'string' && page.nextUrl).toBeUndefined();
  });
});

describe('the conditions cache', () => {
  const DAY = 86_400_000;
  const T = Date.UTC(2026, 10, 25, 15);
  const rules = { 37: { updatesLast: false, updatesVolume: true, updatesHighLow: false } };

  it('round-trips what was fetched, each class with its own age', () => {
    const text = serializeConditionCache({
      stocks: { savedAt: T, rules },
      options: { savedAt: T - DAY - 1, rules: {} },
    });
    expect(parseConditionCache(text, T + 1000, DAY)).toEqual({ stocks: { savedAt: T, rules } });
  });

  it.each<readonly [string, string]>([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ v: 99, classes: { stocks: { savedAt: T, rules } } })],
    ['classes that are not an object', JSON.stringify({ v: 1, classes: [] })],
    ['a string savedAt', JSON.stringify({ v: 1, classes: { stocks: { savedAt: String(T), rules } } })],
    ['a table saved in the future', JSON.stringify({ v: 1, classes: { stocks: { savedAt: T + 60_000, rules } } })],
  ])('treats %s as a miss', (_name, text) => {
    expect(parseConditionCache(text, T, DAY)).toEqual({});
  });

  it('drops malformed rules inside a good entry', () => {
    const text = JSON.stringify({
      v: 1,
      classes: { stocks: { savedAt: T, rules: { ...rules, x: rules[37], 5: { updatesLast: 'no' } } } },
    });
    expect(parseConditionCache(text, T, DAY).stocks?.rules).toEqual(rules);
  });

  it('lays fetched rules over the defaults, the endpoint winning', () => {
    const tables = withDefaults({ stocks: { 37: { updatesLast: true, updatesVolume: true, updatesHighLow: true } } });
    expect(tables.stocks[37]?.updatesLast).toBe(true);
    expect(tables.stocks[2]?.updatesLast).toBe(false);
    expect(tables.options).toEqual(options);
  });
});

describe('conditionsPath', () => {
  it('spells the documented query', () => {
    expect(conditionsPath({ assetClass: 'options', dataType: 'trade', limit: 1000 })).toBe(
      '/v3/reference/conditions?asset_class=options&data_type=trade&limit=1000',
    );
    expect(conditionsPath()).toBe('/v3/reference/conditions');
  });
});
