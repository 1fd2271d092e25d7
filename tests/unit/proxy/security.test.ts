import { describe, it, expect } from 'vitest';
import { isIpLiteralHost, isLoopbackHost, requestToken, screenRequest } from '../../../src/proxy/security.js';

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

describe('isIpLiteralHost', () => {
  it.each([
    ['10.0.0.5', true],
    ['10.0.0.5:8080', true],
    ['[fe80::1]:80', true],
    ['256.1.1.1', false],
    ['evil.com', false],
    ['10.0.0.5.evil.com', false],
    ['1.2.3', false],
    [undefined, false],
  ])('%s → %s', (host, expected) => {
    expect(isIpLiteralHost(host)).toBe(expected);
  });
});

describe('screenRequest beyond loopback', () => {
  it('accepts an IP-address Host only when the proxy was opened to the network', () => {
    expect(screenRequest({ headers: { host: '192.168.1.5:80' } })?.status).toBe(403);
    expect(screenRequest({ headers: { host: '192.168.1.5:80' } }, { allowRemote: true })).toBeUndefined();
  });
  it('still refuses names (rebinding) and origins when open to the network', () => {
    expect(screenRequest({ headers: { host: 'attacker.example' } }, { allowRemote: true })?.status).toBe(403);
    expect(screenRequest({ headers: { host: '192.168.1.5', origin: 'http://x' } }, { allowRemote: true })?.status).toBe(
      403,
    );
  });
});
