import { describe, it, expect } from 'vitest';
import { MassiveError } from '../../../src/lib/errors.js';
import { cacheKey, errorBody, rewriteNextUrl, statusForError } from '../../../src/proxy/rest-gateway.js';

describe('statusForError', () => {
  it.each([
    ['NOT_ENTITLED', 403, 403],
    ['NOT_FOUND', 404, 404],
    ['RATE_LIMITED', 429, 429],
    ['AUTH_FAILED', 401, 401],
    ['TIMEOUT', undefined, 504],
    ['UPSTREAM', 503, 502],
    ['UPSTREAM', undefined, 502],
    ['UPSTREAM', 400, 400],
  ] as const)('maps %s (upstream HTTP %s) to %i', (code, status, expected) => {
    expect(statusForError(new MassiveError(code, 'x', status === undefined ? {} : { status }))).toBe(expected);
  });
});

describe('rewriteNextUrl', () => {
  it('points next_url at the proxy and drops any apiKey', () => {
    const body = { results: [], next_url: 'https://api.massive.com/v3/snapshot/options/SPY?cursor=abc&apiKey=k' };
    expect(rewriteNextUrl(body, 'http://127.0.0.1:9')).toEqual({
      results: [],
      next_url: 'http://127.0.0.1:9/v3/snapshot/options/SPY?cursor=abc',
    });
  });
  it.each([[undefined], ['text'], [{ results: [] }], [{ next_url: 'not a url' }]])('leaves %j alone', (body) => {
    expect(rewriteNextUrl(body, 'http://p')).toEqual(body);
  });
});

describe('cacheKey', () => {
  it('ignores the caller credential so clients share entries', () => {
    expect(cacheKey(new URL('http://h/v2/x?a=1&apiKey=tok1'))).toBe(cacheKey(new URL('http://h/v2/x?a=1&apiKey=tok2')));
    expect(cacheKey(new URL('http://h/v2/x?apiKey=t'))).toBe('/v2/x');
  });
});

describe('errorBody', () => {
  it.each([
    [403, 'status', 'NOT_AUTHORIZED', 'message'],
    [404, 'status', 'NOT_FOUND', 'message'],
    [401, 'status', 'ERROR', 'error'],
    [502, 'status', 'ERROR', 'error'],
  ])('HTTP %i uses the Massive body shape', (status, k, v, textKey) => {
    const body = errorBody(status, 'why', 'CODE', 'rid');
    expect(body[k]).toBe(v);
    expect(body[textKey]).toBe('why');
    expect(body.request_id).toBe('rid');
  });
});
