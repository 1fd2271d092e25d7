import { describe, expect, it } from 'vitest';
import { quotaFromHeaders } from '../../../src/cli/watch.js';

describe('the REST quota on the status line, from the proxy headers', () => {
  it.each([
    // 22 spent since the start, 18 of 20 left now: 2 used in this window, not "22/20 exhausted".
    [
      { 'x-quota-used': '22', 'x-quota-limit': '20', 'x-quota-left': '18', 'x-quota-window-ms': '1000' },
      { used: 2, limit: 20, windowMs: 1000 },
    ],
    [
      { 'x-quota-used': '5', 'x-quota-limit': '5', 'x-quota-left': '0', 'x-quota-window-ms': '60000' },
      { used: 5, limit: 5, windowMs: 60000 },
    ],
    [
      { 'x-quota-limit': '50', 'x-quota-left': '50' },
      { used: 0, limit: 50, windowMs: 1000 },
    ],
  ])('reads %j as %j', (headers, expected) => {
    expect(quotaFromHeaders(headers)).toEqual(expected);
  });

  it.each([
    [{}],
    [{ 'x-quota-limit': '20' }],
    [{ 'x-quota-limit': '0', 'x-quota-left': '0' }],
    [{ 'x-quota-limit': 'x', 'x-quota-left': '3' }],
  ])('ignores %j (no proxy quota headers)', (headers) => {
    expect(quotaFromHeaders(headers)).toBeUndefined();
  });
});
