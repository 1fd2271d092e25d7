import { describe, expect, it } from 'vitest';
import { nextPhaseChange, sessionPhase, type SessionPhase } from '../../../src/market/session.js';
import { newYorkTime } from '../../../src/lib/new-york.js';

const at = (iso: string) => Date.parse(iso);

describe('market session calendar (America/New_York)', () => {
  it.each<[string, SessionPhase]>([
    ['2026-03-10T08:59:00Z', 'pre'], // 04:59 EDT, after the March DST switch
    ['2026-01-06T08:59:00Z', 'closed'], // 03:59 EST, before pre-market
    ['2026-01-06T09:00:00Z', 'pre'], // 04:00 EST
    ['2026-01-06T14:29:59Z', 'pre'], // 09:29:59
    ['2026-01-06T14:30:00Z', 'regular'], // 09:30
    ['2026-01-06T20:59:59Z', 'regular'], // 15:59:59
    ['2026-01-06T21:00:00Z', 'after'], // 16:00
    ['2026-01-07T00:59:00Z', 'after'], // 19:59
    ['2026-01-07T01:00:00Z', 'closed'], // 20:00
    ['2026-01-10T16:00:00Z', 'closed'], // Saturday
    ['2026-01-11T16:00:00Z', 'closed'], // Sunday
    ['2026-01-19T16:00:00Z', 'closed'], // MLK day holiday
    ['2026-07-03T15:00:00Z', 'closed'], // Independence Day observed
    ['2026-11-27T17:30:00Z', 'regular'], // day after Thanksgiving 12:30 EST
    ['2026-11-27T18:00:00Z', 'after'], // early close at 13:00
    ['2026-11-27T22:00:00Z', 'closed'], // after-hours ends 17:00 on early closes
    ['2026-03-10T13:30:00Z', 'regular'], // 09:30 EDT after the DST switch
    ['2026-03-10T13:29:00Z', 'pre'],
  ])('%s is %s', (iso, phase) => {
    expect(sessionPhase(at(iso))).toBe(phase);
  });

  it.each([
    ['2026-01-06T12:00:00Z', -300],
    ['2026-07-07T12:00:00Z', -240],
  ])('knows the New York offset at %s', (iso, offset) => {
    expect(newYorkTime(at(iso)).offset).toBe(offset);
  });

  it.each([
    ['Friday after-hours → Monday pre-market', '2026-01-09T23:00:00Z', '2026-01-12T09:00:00.000Z'],
    ['Saturday → Monday pre-market', '2026-01-10T12:00:00Z', '2026-01-12T09:00:00.000Z'],
    ['Friday before MLK day → Tuesday pre-market', '2026-01-16T23:00:00Z', '2026-01-20T09:00:00.000Z'],
    ['overnight → 04:00', '2026-01-06T03:00:00Z', '2026-01-06T09:00:00.000Z'],
  ])('finds the next session open: %s', (_name, from, expected) => {
    const t = at(from);
    // From after-hours, the next open comes after the close that ends it.
    const closed = sessionPhase(t) === 'closed' ? t : nextPhaseChange(t);
    expect(new Date(nextPhaseChange(closed)).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-01-06T14:00:00Z', '2026-01-06T14:30:00.000Z'],
    ['2026-01-06T15:00:00Z', '2026-01-06T21:00:00.000Z'],
    ['2026-11-27T15:00:00Z', '2026-11-27T18:00:00.000Z'],
  ])('finds the next phase change after %s', (from, expected) => {
    expect(new Date(nextPhaseChange(at(from))).toISOString()).toBe(expected);
  });

  it.each([NaN, Infinity, -Infinity])('treats a malformed instant (%s) as closed rather than throwing', (ms) => {
    expect(sessionPhase(ms)).toBe('closed');
  });
});
