import { describe, expect, it } from 'vitest';
import { marketStatusBody, sessionPhase } from '../../../src/sim/market/session.js';
import { at } from '../../helpers/json.js';

describe('sessionPhase', () => {
  it.each([
    ['2026-01-06T08:59:00Z', 'closed'], // 03:59 EST
    ['2026-01-06T09:00:00Z', 'pre'], // 04:00 EST
    ['2026-01-06T14:29:00Z', 'pre'],
    ['2026-01-06T14:30:00Z', 'regular'], // 09:30 EST
    ['2026-01-06T20:59:00Z', 'regular'],
    ['2026-01-06T21:00:00Z', 'after'], // 16:00 EST
    ['2026-01-07T00:59:00Z', 'after'],
    ['2026-01-07T01:00:00Z', 'closed'], // 20:00 EST
    ['2026-07-07T13:30:00Z', 'regular'], // 09:30 EDT
    ['2026-07-07T13:29:00Z', 'pre'],
    ['2026-01-10T15:00:00Z', 'closed'], // Saturday
    ['2026-11-26T15:00:00Z', 'closed'], // Thanksgiving
    ['2026-11-27T17:59:00Z', 'regular'], // early close day, 12:59 EST
    ['2026-11-27T18:00:00Z', 'after'],
    ['2026-11-27T22:00:00Z', 'closed'], // 17:00 EST on an early-close day
  ])('at %s is %s', (iso, phase) => {
    expect(sessionPhase(Date.parse(iso))).toBe(phase);
  });
});

describe('marketStatusBody', () => {
  it('marks pre-market as extended hours with earlyHours and the New York offset', () => {
    expect(marketStatusBody(Date.parse('2026-07-07T12:00:00Z'))).toMatchObject({
      market: 'extended-hours',
      earlyHours: true,
      afterHours: false,
      serverTime: '2026-07-07T08:00:00-04:00',
    });
  });

  it('closes exchanges but keeps crypto open at the weekend', () => {
    const body = marketStatusBody(Date.parse('2026-01-10T15:00:00Z'));
    expect(body['market']).toBe('closed');
    expect(at(body, 'exchanges', 'nyse')).toBe('closed');
    expect(at(body, 'currencies', 'crypto')).toBe('open');
  });
});
