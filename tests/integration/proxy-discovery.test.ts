import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { findDaemon, readDaemonInfo, removeDaemonInfo, startProxy, writeDaemonInfo } from '../../src/proxy/index.js';
import { createRestClient } from '../../src/rest/index.js';
import type { ProxyUnderTest } from '../helpers/proxy-rig.js';

const UP = { demo: false, apiBase: 'http://127.0.0.1:1', wsBase: 'ws://127.0.0.1:1' };
let proxy: ProxyUnderTest | undefined;
let dir: string | undefined;
afterEach(async () => {
  await proxy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  proxy = undefined;
  dir = undefined;
});

describe('daemon discovery', () => {
  it('lets another process find the daemon and mint tokens it accepts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'massive-disc-'));
    const secret = randomBytes(32);
    proxy = await startProxy({
      apiKey: 'disc-key-0004',
      apiBase: 'http://127.0.0.1:1',
      wsBase: 'ws://127.0.0.1:1',
      secret,
    });
    const file = writeDaemonInfo(dir, {
      httpUrl: proxy.httpUrl,
      wsUrl: proxy.wsUrl,
      pid: process.pid,
      startedAt: Date.now(),
      secret: secret.toString('base64url'),
      ...UP,
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const found = await findDaemon(dir);
    expect(found?.info.httpUrl).toBe(proxy.httpUrl);
    const rest = createRestClient({
      baseUrl: found!.info.httpUrl,
      auth: () => found!.tokens.issue('other'),
      retries: 0,
    });
    expect((await rest.get('/_proxy/status')).status).toBe(200);
    removeDaemonInfo(dir);
    expect(readDaemonInfo(dir)).toBeUndefined();
  });

  it('ignores a file whose secret the running proxy does not accept', async () => {
    dir = mkdtempSync(join(tmpdir(), 'massive-disc-'));
    proxy = await startProxy({ apiKey: 'disc-key-0004', apiBase: 'http://127.0.0.1:1', wsBase: 'ws://127.0.0.1:1' });
    writeDaemonInfo(dir, {
      httpUrl: proxy.httpUrl,
      wsUrl: proxy.wsUrl,
      pid: process.pid,
      startedAt: 0,
      secret: 'AAAA',
      ...UP,
    });
    expect(await findDaemon(dir)).toBeUndefined();
  });

  it.each([
    ['a dead pid', { pid: 2 ** 22 + 12345 }],
    ['a non-loopback url', { httpUrl: 'http://10.0.0.1:80' }],
    ['missing fields', { secret: undefined }],
    ['no demo flag (an older file)', { demo: undefined }],
    ['a non-loopback url without remote', { httpUrl: 'http://192.168.1.5:80' }],
  ])('treats a file with %s as no daemon', (_l, patch) => {
    dir = mkdtempSync(join(tmpdir(), 'massive-disc-'));
    const info = {
      httpUrl: 'http://127.0.0.1:9',
      wsUrl: 'ws://127.0.0.1:9',
      pid: process.pid,
      startedAt: 0,
      secret: 'x',
      ...UP,
      ...patch,
    };
    writeFileSync(join(dir, 'proxy.json'), JSON.stringify(info));
    expect(readDaemonInfo(dir)).toBeUndefined();
  });

  it('accepts an IP-address url from a daemon that listens beyond loopback', () => {
    dir = mkdtempSync(join(tmpdir(), 'massive-disc-'));
    writeDaemonInfo(dir, {
      httpUrl: 'http://192.168.1.5:8080',
      wsUrl: 'ws://192.168.1.5:8080',
      pid: process.pid,
      startedAt: 0,
      secret: 'x',
      ...UP,
      remote: true,
    });
    expect(readDaemonInfo(dir)?.httpUrl).toBe('http://192.168.1.5:8080');
  });

  it('does not remove a file that names another daemon', () => {
    dir = mkdtempSync(join(tmpdir(), 'massive-disc-'));
    writeDaemonInfo(dir, {
      httpUrl: 'http://127.0.0.1:9',
      wsUrl: 'ws://127.0.0.1:9',
      pid: process.pid,
      startedAt: 0,
      secret: 'x',
      ...UP,
    });
    removeDaemonInfo(dir, process.pid + 1);
    expect(readDaemonInfo(dir)?.pid).toBe(process.pid);
  });
});
