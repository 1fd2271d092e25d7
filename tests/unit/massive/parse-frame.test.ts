import { describe, it, expect } from 'vitest';
import type { Cluster } from '../../../src/massive/events.js';
import { parseFrame } from '../../../src/massive/parse-frame.js';

// Exact samples from docs/massive-api.md §1.2, §1.4 and §2.
const DOC_FRAMES: ReadonlyArray<readonly [string, Cluster, string]> = [
  ['connected status', 'stocks', '[{"ev":"status","status":"connected","message":"Connected Successfully"}]'],
  ['auth_success status', 'options', '[{"ev":"status","status":"auth_success","message":"authenticated"}]'],
  [
    'max_connections status',
    'indices',
    '[{"ev":"status","status":"max_connections","message":"Maximum number of websocket connections exceeded. You have reached the connection limit for your account. Please contact support at https://polygon.io/contact to increase your limit."}]',
  ],
  [
    'stocks trade',
    'stocks',
    '[{"ev":"T","sym":"AAPL","x":10,"i":"5096","z":3,"p":161.87,"s":300,"c":[14,41],"t":1651684192462,"q":4009402}]',
  ],
  [
    'stocks quote',
    'stocks',
    '[{"ev":"Q","sym":"MSFT","bx":4,"bp":414.12,"bs":3,"ax":7,"ap":414.15,"as":2,"c":0,"i":[604],"t":1718200000123,"q":50385480,"z":3}]',
  ],
  [
    'stocks minute aggregate',
    'stocks',
    '[{"ev":"AM","sym":"AAPL","v":27465,"av":31253344,"op":227.52,"vw":228.0412,"o":228.01,"c":228.07,"h":228.09,"l":227.99,"a":227.8751,"z":61,"s":1718200020000,"e":1718200080000}]',
  ],
  [
    'options trade',
    'options',
    '[{"ev":"T","sym":"O:SPY251219C00650000","x":316,"p":12.34,"s":2,"c":[209],"t":1765900000123,"q":651921857}]',
  ],
  [
    'options quote',
    'options',
    '[{"ev":"Q","sym":"O:SPY251219C00650000","bx":302,"ax":302,"bp":12.30,"ap":12.40,"bs":17,"as":24,"t":1765900000456,"q":844090872}]',
  ],
  [
    'options minute aggregate',
    'options',
    '[{"ev":"AM","sym":"O:SPY251219C00650000","v":2,"av":8,"op":12.2,"vw":12.05,"o":12.05,"c":12.05,"h":12.05,"l":12.05,"a":12.13,"z":2,"s":1765900020000,"e":1765900080000}]',
  ],
  ['index value', 'indices', '[{"ev":"V","val":3988.5,"T":"I:SPX","t":1678220098130}]'],
  [
    'index second aggregate',
    'indices',
    '[{"ev":"A","sym":"I:SPX","op":3985.67,"o":3985.67,"c":3985.67,"h":3985.67,"l":3985.67,"s":1678220675805,"e":1678220675805}]',
  ],
];

describe('parseFrame on the documented samples', () => {
  it.each(DOC_FRAMES)('accepts the %s sample unchanged', (_name, cluster, frame) => {
    const parsed = parseFrame(cluster, frame);
    expect(parsed.issues).toEqual([]);
    expect(parsed.events).toEqual(JSON.parse(frame));
  });

  it('accepts a Buffer as well as a string', () => {
    const frame = DOC_FRAMES[3]![2];
    const parsed = parseFrame('stocks', Buffer.from(frame, 'utf8'));
    expect(parsed.events).toHaveLength(1);
    expect(parsed.events[0]).toMatchObject({ ev: 'T', sym: 'AAPL', p: 161.87 });
  });

  it('keeps every element of a mixed batch, status included, in order', () => {
    const frame =
      '[{"ev":"T","sym":"AAPL","p":1,"s":1,"t":1651684192462},' +
      '{"ev":"status","status":"error","message":"not authorized"},' +
      '{"ev":"Q","sym":"AAPL","bp":1,"ap":2,"t":1651684192463}]';
    const parsed = parseFrame('stocks', frame);
    expect(parsed.events.map((e) => e.ev)).toEqual(['T', 'status', 'Q']);
    expect(parsed.issues).toEqual([]);
  });

  it('tolerates omitted optional fields and keeps unknown ones', () => {
    const parsed = parseFrame(
      'stocks',
      '[{"ev":"T","sym":"AAPL","p":1.5,"s":100,"t":1651684192462,"trfi":202,"ds":"100.5"}]',
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.events[0]).toMatchObject({ ev: 'T', trfi: 202, ds: '100.5' });
    expect(parsed.events[0]).not.toHaveProperty('c');
  });
});

describe('parseFrame on malformed input', () => {
  it.each([
    ['invalid JSON', '[{"ev":"T",', 'invalid JSON'],
    ['an object instead of an array', '{"ev":"T","sym":"AAPL","p":1,"s":1,"t":1651684192462}', 'not a JSON array'],
    ['a bare number', '42', 'not a JSON array'],
    ['an empty string', '', 'invalid JSON'],
  ])('reports %s as a frame-level issue', (_name, frame, reason) => {
    const parsed = parseFrame('stocks', frame);
    expect(parsed.events).toEqual([]);
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]!.index).toBe(-1);
    expect(parsed.issues[0]!.reason).toContain(reason);
  });

  it.each<readonly [string, Cluster, string, string]>([
    ['a trade missing p', 'stocks', '{"ev":"T","sym":"AAPL","s":1,"t":1651684192462}', 'price'],
    ['a trade with a NaN string price', 'stocks', '{"ev":"T","sym":"AAPL","p":"NaN","s":1,"t":1651684192462}', 'price'],
    [
      'a trade with a numeric string price',
      'stocks',
      '{"ev":"T","sym":"AAPL","p":"161.87","s":1,"t":1651684192462}',
      'price',
    ],
    ['a trade with a negative size', 'stocks', '{"ev":"T","sym":"AAPL","p":1,"s":-5,"t":1651684192462}', 'size'],
    ['a trade without sym', 'options', '{"ev":"T","p":1,"s":1,"t":1651684192462}', 'sym'],
    [
      'a trade with a string timestamp',
      'stocks',
      '{"ev":"T","sym":"AAPL","p":1,"s":1,"t":"1651684192462"}',
      'timestamp',
    ],
    ['a trade without t', 'stocks', '{"ev":"T","sym":"AAPL","p":1,"s":1}', 'timestamp'],
    ['a trade with a null size', 'stocks', '{"ev":"T","sym":"AAPL","p":1,"s":null,"t":1651684192462}', 'size'],
    [
      'a trade with a string size',
      'options',
      '{"ev":"T","sym":"O:SPY251219C00650000","p":1,"s":"2","t":1651684192462}',
      'size',
    ],
    ['a quote with a string ask', 'stocks', '{"ev":"Q","sym":"MSFT","bp":1,"ap":"2","t":1718200000123}', 'ask'],
    [
      'a quote with a negative bid',
      'options',
      '{"ev":"Q","sym":"O:SPY251219C00650000","bp":-0.05,"ap":1,"t":1718200000123}',
      'bid',
    ],
    ['a quote without t', 'options', '{"ev":"Q","sym":"O:SPY251219C00650000","ap":1}', 'timestamp'],
    [
      'a quote with null bid',
      'options',
      '{"ev":"Q","sym":"O:SPY251219C00650000","bp":null,"ap":1,"t":1718200000123}',
      'bid',
    ],
    [
      'an aggregate missing h',
      'stocks',
      '{"ev":"AM","sym":"AAPL","o":1,"c":1,"l":1,"s":1718200020000,"e":1718200080000}',
      'o/h/l/c',
    ],
    ['an aggregate missing e', 'indices', '{"ev":"A","sym":"I:SPX","o":1,"h":1,"c":1,"l":1,"s":1718200020000}', 'end'],
    ['an index value without val', 'indices', '{"ev":"V","T":"I:SPX","t":1678220098130}', 'val'],
    [
      'an index value with sym instead of T',
      'indices',
      '{"ev":"V","sym":"I:SPX","val":1,"t":1678220098130}',
      'ticker T',
    ],
    ['a status without status', 'stocks', '{"ev":"status","message":"x"}', 'status'],
    ['an element without ev', 'stocks', '{"sym":"AAPL","p":1}', 'ev'],
    ['an unknown ev', 'stocks', '{"ev":"LULD","T":"MSFT","h":218.96,"l":198.11,"t":1601316752683746}', 'unknown ev'],
    [
      'an index value on the stocks cluster',
      'stocks',
      '{"ev":"V","val":3988.5,"T":"I:SPX","t":1678220098130}',
      'unknown ev',
    ],
    [
      'a trade on the indices cluster',
      'indices',
      '{"ev":"T","sym":"AAPL","p":1,"s":1,"t":1651684192462}',
      'unknown ev',
    ],
    ['a number element', 'stocks', '7', 'not an object'],
    ['a null element', 'stocks', 'null', 'not an object'],
    ['a nested array element', 'stocks', '[]', 'not an object'],
  ])('skips %s and reports its index while keeping good neighbours', (_name, cluster, bad, reason) => {
    const good =
      cluster === 'indices'
        ? '{"ev":"V","val":1,"T":"I:VIX","t":1678220098130}'
        : '{"ev":"status","status":"success","message":"ok"}';
    const parsed = parseFrame(cluster, `[${good},${bad},${good}]`);
    expect(parsed.events).toHaveLength(2);
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]!.index).toBe(1);
    expect(parsed.issues[0]!.reason).toContain(reason);
  });

  it('returns an empty result for an empty array', () => {
    expect(parseFrame('stocks', '[]')).toEqual({ events: [], issues: [] });
  });

  it('drops optional fields of the wrong type instead of the event', () => {
    const parsed = parseFrame(
      'stocks',
      '[{"ev":"T","sym":"AAPL","p":1,"s":1,"t":1651684192462,"c":["14"],"x":"ten","i":5096},' +
        '{"ev":"AM","sym":"AAPL","o":1,"h":1,"l":1,"c":1,"s":1718200020000,"e":1718200080000,"v":null,"otc":"yes"}]',
    );
    expect(parsed.issues).toEqual([]);
    const [trade, bar] = parsed.events;
    expect(trade).not.toHaveProperty('c');
    expect(trade).not.toHaveProperty('x');
    expect(trade).toHaveProperty('i', '5096');
    expect(bar).not.toHaveProperty('v');
    expect(bar).not.toHaveProperty('otc');
  });

  it('fills in an empty message for a status without one', () => {
    const parsed = parseFrame('stocks', '[{"ev":"status","status":"success"}]');
    expect(parsed.events).toEqual([{ ev: 'status', status: 'success', message: '' }]);
  });
});

// Massive's Go server tags every field omitempty: a zero is sent by leaving the field out.
describe('parseFrame on omitted zero fields', () => {
  it.each<readonly [string, Cluster, string, Record<string, unknown>]>([
    [
      'a trade without s is a trade of size 0',
      'stocks',
      '{"ev":"T","sym":"AAPL","p":161.87,"t":1651684192462}',
      { p: 161.87, s: 0 },
    ],
    [
      'an option trade without s',
      'options',
      '{"ev":"T","sym":"O:SPY251219C00650000","p":0.05,"c":[209],"t":1765900000123}',
      { s: 0 },
    ],
    [
      'an option quote without bp has no bid',
      'options',
      '{"ev":"Q","sym":"O:SPY251219C00650000","ax":302,"ap":0.05,"as":24,"t":1765900000456}',
      { bp: 0, ap: 0.05, bs: 0, as: 24 },
    ],
    [
      'a quote without ap has no ask',
      'stocks',
      '{"ev":"Q","sym":"MSFT","bp":414.12,"bs":3,"t":1718200000123}',
      { bp: 414.12, ap: 0, as: 0 },
    ],
    [
      'a quote with neither side',
      'options',
      '{"ev":"Q","sym":"O:SPY251219C00650000","t":1765900000456}',
      { bp: 0, ap: 0, bs: 0, as: 0 },
    ],
    ['a quote without sizes', 'stocks', '{"ev":"Q","sym":"MSFT","bp":1,"ap":2,"t":1718200000123}', { bs: 0, as: 0 }],
  ])('accepts %s', (_name, cluster, element, expected) => {
    const parsed = parseFrame(cluster, `[${element}]`);
    expect(parsed.issues).toEqual([]);
    expect(parsed.events[0]).toMatchObject(expected);
  });

  it('leaves present values alone, zero included', () => {
    const parsed = parseFrame(
      'options',
      '[{"ev":"Q","sym":"O:SPY251219C00650000","bp":0,"ap":0.1,"bs":0,"as":5,"t":1765900000456}]',
    );
    expect(parsed.events[0]).toMatchObject({ bp: 0, ap: 0.1, bs: 0, as: 5 });
  });

  it('drops a quote size of the wrong type instead of inventing 0', () => {
    const parsed = parseFrame('stocks', '[{"ev":"Q","sym":"MSFT","bp":1,"ap":2,"bs":"3","t":1718200000123}]');
    expect(parsed.issues).toEqual([]);
    expect(parsed.events[0]).not.toHaveProperty('bs');
    expect(parsed.events[0]).toHaveProperty('as', 0);
  });
});

describe('parseFrame timestamp normalisation', () => {
  it.each<readonly [string, Cluster, string, Record<string, number>]>([
    ['µs trade time', 'stocks', '{"ev":"T","sym":"A","p":1,"s":1,"t":1601316752683746}', { t: 1_601_316_752_683 }],
    ['ns trade time', 'options', '{"ev":"T","sym":"A","p":1,"s":1,"t":1401715883806000000}', { t: 1_401_715_883_806 }],
    [
      'huge ns quote time',
      'stocks',
      '{"ev":"Q","sym":"A","bp":1,"ap":1,"t":1718200000123456789}',
      { t: 1_718_200_000_123 },
    ],
    ['seconds index time', 'indices', '{"ev":"V","T":"I:SPX","val":1,"t":1678220098}', { t: 1_678_220_098_000 }],
    [
      'ns aggregate window',
      'stocks',
      '{"ev":"A","sym":"A","o":1,"h":1,"l":1,"c":1,"s":1718200020000000000,"e":1718200021000000000}',
      { s: 1_718_200_020_000, e: 1_718_200_021_000 },
    ],
    ['ms stays ms', 'stocks', '{"ev":"T","sym":"A","p":1,"s":1,"t":1651684192462}', { t: 1_651_684_192_462 }],
  ])('normalises %s to ms', (_name, cluster, element, expected) => {
    const parsed = parseFrame(cluster, `[${element}]`);
    expect(parsed.issues).toEqual([]);
    expect(parsed.events[0]).toMatchObject(expected);
  });
});
