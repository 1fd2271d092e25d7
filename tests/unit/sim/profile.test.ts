import { describe, expect, it } from 'vitest';
import { defaultStart, regularActivity, sessionActivity } from '../../../src/sim/market/profile.js';
import { sessionPhase } from '../../../src/sim/market/session.js';

describe('sessionActivity', () => {
  it.each([
    ['2026-01-06T08:00:00Z', 'closed', false, false, 0], // 03:00 EST
    ['2026-01-06T12:00:00Z', 'pre', true, false, 0], // 07:00 EST
    ['2026-01-06T17:00:00Z', 'regular', true, true, 1], // 12:00 EST
    ['2026-01-06T22:00:00Z', 'after', true, false, 0], // 17:00 EST
    ['2026-01-10T17:00:00Z', 'closed', false, false, 0], // Saturday
    ['2026-11-26T17:00:00Z', 'closed', false, false, 0], // Thanksgiving
  ])('at %s is %s (moves %s, indices %s, options > 0: %i)', (iso, phase, moves, indices, options) => {
    const a = sessionActivity(Date.parse(iso));
    expect(a.phase).toBe(phase);
    expect(a.moves).toBe(moves);
    expect(a.indices).toBe(indices);
    expect(a.options > 0 ? 1 : 0).toBe(options);
  });

  it('trades stocks thinly in extended hours and not at all when closed', () => {
    const pre = sessionActivity(Date.parse('2026-01-06T12:00:00Z')).stocks;
    const noon = sessionActivity(Date.parse('2026-01-06T17:00:00Z')).stocks;
    expect(pre).toBeGreaterThan(0);
    expect(pre).toBeLessThan(noon / 3);
    expect(sessionActivity(Date.parse('2026-01-06T08:00:00Z')).stocks).toBe(0);
  });
});

describe('regularActivity', () => {
  it('is busy at the open and into the close, with a lull at mid-day', () => {
    const open = regularActivity(0);
    const noon = regularActivity(150);
    const close = regularActivity(385);
    expect(open).toBeGreaterThan(2.5 * noon);
    expect(close).toBeGreaterThan(2 * noon);
    expect(noon).toBeGreaterThan(0.3);
  });

  it('averages roughly one over a full session', () => {
    let sum = 0;
    for (let m = 0; m < 390; m++) sum += regularActivity(m);
    expect(sum / 390).toBeGreaterThan(0.6);
    expect(sum / 390).toBeLessThan(1.4);
  });
});

describe('defaultStart', () => {
  it.each([
    ['2026-01-06T17:00:00Z', '2026-01-06T17:00:00.000Z'], // open: now
    ['2026-01-07T03:00:00Z', '2026-01-06T15:30:00.000Z'], // Tuesday night: Tuesday 10:30
    ['2026-01-10T17:00:00Z', '2026-01-09T17:00:00.000Z'], // Saturday noon: Friday noon
    ['2026-11-26T04:43:00Z', '2026-11-25T15:30:00.000Z'], // Thanksgiving eve night: Wednesday 10:30
  ])('from %s starts at %s', (now, start) => {
    const ms = defaultStart(Date.parse(now));
    expect(new Date(ms - (ms % 60_000)).toISOString()).toBe(start);
    expect(sessionPhase(ms)).toBe('regular');
  });
});
