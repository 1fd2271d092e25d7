import { describe, it, expect, afterEach, vi } from 'vitest';
import { connect, type Socket } from 'node:net';
import { startProxy, type Proxy as ProxyUnderTest, type ProxyOptions } from '../../src/proxy/index.js';
import { startFakeUpstream, type FakeUpstream } from './proxy-helpers.js';

// The HTTP limits against a real proxy, spoken to over raw TCP so a test can be as slow or as
// large as an abusive client is.
const KEY = 'limits-http-real-key-0016';
let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

async function setup(limits: ProxyOptions['limits']): Promise<ProxyUnderTest> {
  upstream = await startFakeUpstream(KEY);
  proxy = await startProxy({ apiKey: KEY, apiBase: upstream.httpUrl, wsBase: upstream.wsUrl, limits });
  return proxy;
}

/** A raw connection to the proxy collecting everything it answers, and whether it was closed. */
async function raw(): Promise<{ socket: Socket; text: () => string; ended: Promise<void> }> {
  const url = new URL(proxy!.httpUrl);
  const socket = connect(Number(url.port), url.hostname);
  sockets.push(socket);
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString()));
  socket.on('error', () => {});
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, text: () => text, ended };
}

const statusLine = (text: string) => text.split('\r\n')[0];
const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;

describe('proxy limits: HTTP', () => {
  it('answers a client too slow with its headers 408 and closes', async () => {
    await setup({ headersTimeoutMs: 200, requestTimeoutMs: 5_000 });
    const c = await raw();
    c.socket.write('GET /v2/aggs/ticker/AAPL/prev HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await c.ended;
    expect(statusLine(c.text())).toBe('HTTP/1.1 408 Request Timeout');
    expect(bodyOf(c.text())).toMatchObject({ status: 'ERROR', code: 'REQUEST_TIMEOUT' });
    expect(String(bodyOf(c.text()).error)).toBe('request headers not received within 200 ms');
    expect(proxy!.status().refused).toMatchObject({ headersTimeout: 1, requestTimeout: 0 });
  });

  it('closes a connection whose body is too slow to arrive (request timeout)', async () => {
    // The 405 goes out as soon as the headers are read; the timeout must come well after it even
    // on a loaded machine (at 300 ms it once fired first in CI, answering 408 instead).
    await setup({ headersTimeoutMs: 100, requestTimeoutMs: 1_500, maxBodyBytes: 1_000 });
    const c = await raw();
    c.socket.write(
      `POST /v2/aggs/ticker/AAPL/prev HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${proxy!.issueToken('slow')}\r\n` +
        'Content-Length: 500\r\n\r\n' +
        'x'.repeat(10),
    );
    await c.ended;
    // Answered already (405: GET only), so the timeout closes the connection without a second response.
    expect(c.text().match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 405']);
    expect(proxy!.status().refused).toMatchObject({ requestTimeout: 1, headersTimeout: 0 });
  });

  it('answers headers over the size limit 431', async () => {
    await setup({ maxHeaderBytes: 1_024 });
    const c = await raw();
    c.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Junk: ${'j'.repeat(4_000)}\r\n\r\n`);
    await c.ended;
    expect(statusLine(c.text())).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(bodyOf(c.text())).toMatchObject({ code: 'HEADERS_TOO_LARGE' });
    expect(proxy!.status().refused?.headerBytes).toBe(1);
  });

  it('answers a declared body over the size limit 413 before reading it, token or not', async () => {
    await setup({ maxBodyBytes: 100 });
    const c = await raw();
    c.socket.write('POST /v2/aggs/ticker/AAPL/prev HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n');
    await c.ended;
    expect(statusLine(c.text())).toBe('HTTP/1.1 413 Payload Too Large');
    expect(bodyOf(c.text())).toMatchObject({ code: 'BODY_TOO_LARGE', error: 'request body larger than 100 bytes' });
    expect(proxy!.status().refused?.bodyBytes).toBe(1);
  });

  it('cuts off a chunked body once it passes the size limit', async () => {
    await setup({ maxBodyBytes: 100 });
    const c = await raw();
    c.socket.write(
      `POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${proxy!.issueToken('big')}\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = 'y'.repeat(64);
    for (let i = 0; i < 4; i++) c.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await c.ended;
    await vi.waitFor(() => expect(proxy!.status().refused?.bodyBytes).toBe(1));
  });

  it('serves a well-behaved request under every limit', async () => {
    await setup({ headersTimeoutMs: 200, requestTimeoutMs: 400, maxHeaderBytes: 2_048, maxBodyBytes: 100 });
    const c = await raw();
    c.socket.write(
      `GET /v2/aggs/ticker/AAPL/prev HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${proxy!.issueToken('ok')}\r\nConnection: close\r\n\r\n`,
    );
    await c.ended;
    expect(statusLine(c.text())).toBe('HTTP/1.1 200 OK');
    expect(Object.values(proxy!.status().refused ?? {}).every((n) => n === 0)).toBe(true);
  });
});
