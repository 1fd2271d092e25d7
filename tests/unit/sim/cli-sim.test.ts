import { describe, expect, it } from 'vitest';
import { parseLoad } from '../../../src/cli/sim.js';

describe('massive sim --load', () => {
  it.each([
    ['flat:100000', 'flat', 100_000],
    ['burst:20000', 'burst', 20_000],
    ['lull:5000', 'lull', 5000],
    ['2500', 'flat', 2500],
  ])('parses %s as %s at %i events/s', (value, profile, eventsPerSec) => {
    expect(parseLoad(value)).toEqual({ profile, eventsPerSec });
  });

  it.each(['', 'flat', 'flat:', 'sine:100', 'flat:-5', 'flat:0', 'flat:1e9', 'flat:abc'])('rejects %j as a usage error', (value) => {
    expect(() => parseLoad(value)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
