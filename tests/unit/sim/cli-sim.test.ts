import { describe, expect, it } from 'vitest';
import { parseLoad, parseSimKeys } from '../../../src/cli/sim.js';

describe('massive sim --load', () => {
  it.each([
    ['flat:100000', 'flat', 100_000],
    ['burst:20000', 'burst', 20_000],
    ['lull:5000', 'lull', 5000],
    ['2500', 'flat', 2500],
  ])('parses %s as %s at %i events/s', (value, profile, eventsPerSec) => {
    expect(parseLoad(value)).toEqual({ profile, eventsPerSec });
  });

  it.each(['', 'flat', 'flat:', 'sine:100', 'flat:-5', 'flat:0', 'flat:1e9', 'flat:abc'])(
    'rejects %j as a usage error',
    (value) => {
      expect(() => parseLoad(value)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    },
  );
});

describe('massive sim --key', () => {
  const ALL = { stocks: 'advanced', options: 'advanced', indices: 'advanced' };

  it.each([
    [undefined, { 'demo-key': ALL }],
    [[], { 'demo-key': ALL }],
    ['K', { K: ALL }],
    [['K'], { K: ALL }],
    ['K=stocks:starter,options:advanced', { K: { stocks: 'starter', options: 'advanced' } }],
    [
      ['A=free', 'B=all:developer', 'C'],
      {
        A: { stocks: 'basic', options: 'basic', indices: 'basic' },
        B: { stocks: 'developer', options: 'developer', indices: 'developer' },
        C: ALL,
      },
    ],
    ['K=indices:advanced', { K: { indices: 'advanced' } }],
  ] as const)('reads %j as %j', (values, keys) => {
    expect(parseSimKeys(values as never)).toEqual(keys);
  });

  it.each([
    ['K=', /no plan given/],
    ['K=stocks:gold', /unknown plan level "gold"/],
    ['K=bonds:advanced', /unknown asset class "bonds"/],
    ['=stocks:advanced', /empty key/],
    [['K', 'K=free'], /twice/],
  ] as const)('rejects %j as a usage error that says why', (values, why) => {
    expect(() => parseSimKeys(values as never)).toThrow(
      expect.objectContaining({ code: 'USAGE', message: expect.stringMatching(why) }),
    );
  });
});
