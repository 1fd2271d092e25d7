import { describe, it, expect } from 'vitest';
import { isLoopbackHost, requestToken, screenRequest } from '../../../src/proxy/security.js';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.0.1:8080', true],
    ['localhost:1', true],
    ['LOCALHOST', true],
    ['[::1]:9000', true],
    ['[::1]', true],
    [undefined, false],
    ['', false],
    ['evil.com', false],
    ['127.0.0.1.evil.com', false],
    ['localhost.evil.com:80', false],
    ['127.0.0.1:80:80', false],
    ['127.0.0.1:abc', false],
    ['[::1]x', false],
    ['0.0.0.0', false],
    ['192.168.1.2:80', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('screenRequest', () => {
  it('refuses any request carrying an Origin header, even a loopback one', () => {
    expect(screenRequest({ headers: { host: '127.0.0.1:1', origin: 'http://127.0.0.1:1' } })?.status).toBe(403);
  });
  it('refuses a rebinding Host header', () => {
    expect(screenRequest({ headers: { host: 'attacker.example:80' } })?.status).toBe(403);
  });
  it('lets a plain loopback request through', () => {
    expect(screenRequest({ headers: { host: '127.0.0.1:1' } })).toBeUndefined();
  });
});

describe('requestToken', () => {
  it.each([
    [{ authorization: 'Bearer abc' }, '/x', 'abc'],
    [{ authorization: 'bearer   abc ' }, '/x', 'abc'],
    [{}, '/x?apiKey=qq&b=1', 'qq'],
    [{ authorization: 'Basic zz' }, '/x', undefined],
    [{}, '/x', undefined],
  ])('reads the token from headers %j and url %s', (headers, path, expected) => {
    expect(requestToken({ headers }, new URL(path, 'http://127.0.0.1'))).toBe(expected);
  });
});
