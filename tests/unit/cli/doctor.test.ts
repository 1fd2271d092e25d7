import { describe, expect, it } from 'vitest';
import { diagnose, type DoctorFacts } from '../../../src/cli/doctor.js';
import { daemonMismatch } from '../../../src/cli/doctor-daemon.js';
import { formatDoctor } from '../../../src/cli/doctor-format.js';
import type { ProxyStatus } from '../../../src/proxy/index.js';

const API = 'https://api.massive.com';
const WS = 'wss://socket.massive.com';

function hub(cluster: 'stocks' | 'options' | 'indices', state = 'live', lastError?: string) {
  return {
    cluster,
    upstream: { state, reconnects: 0, evictions: 0, ...(lastError ? { lastError } : {}) },
    authAttempts: { realtime: 1, delayed: 0 },
    clients: 1,
    subscriptions: { 'T.SPY': 1 },
    framesIn: 0,
  };
}

function status(patch: Partial<ProxyStatus> = {}): ProxyStatus {
  return {
    httpUrl: 'http://127.0.0.1:4000',
    wsUrl: 'ws://127.0.0.1:4000',
    upstreams: { stocks: hub('stocks'), options: hub('options'), indices: hub('indices') },
    entitlements: {
      stocks: { authAttempts: { realtime: 1, delayed: 0 } },
      options: { authAttempts: { realtime: 0, delayed: 0 } },
      indices: { authAttempts: { realtime: 0, delayed: 0 } },
    },
    keyRejected: false,
    clients: [],
    rest: {},
    flow: { mode: 'window', underlyings: {} },
    quota: { used: 3, left: 47, limit: 50, intervalMs: 1000 },
    ...patch,
  } as unknown as ProxyStatus;
}

const HEALTHY: DoctorFacts = {
  node: 'v20.11.0',
  nodeMajorRequired: 20,
  demo: false,
  config: { dir: '/cfg', file: '/cfg/config.json', dirMode: 0o700, fileMode: 0o600 },
  key: 'env',
  upstream: { apiBase: API, wsBase: WS, custom: false },
  daemon: {
    pid: 42,
    httpUrl: 'http://127.0.0.1:4000',
    startedAt: 0,
    demo: false,
    apiBase: API,
    wsBase: WS,
    status: status(),
  },
  plans: { stocks: 'auto', options: 'auto', indices: 'auto' },
  terminal: { isTTY: true, columns: 120, rows: 40, colorLevel: 3, noColor: false, theme: 'dark' },
  now: 3_600_000,
};

const problems = (f: DoctorFacts) => diagnose(f).filter((c) => c.status === 'problem');

describe('doctor checks', () => {
  it('finds nothing wrong with a healthy setup', () => {
    expect(problems(HEALTHY)).toEqual([]);
    expect(formatDoctor({ version: '1.0.0', platform: 'linux-x64', node: HEALTHY.node }, diagnose(HEALTHY))).toMatch(
      /no problems found\n$/,
    );
  });

  it.each<[string, Partial<DoctorFacts>, string, RegExp]>([
    ['Node 18', { node: 'v18.19.0' }, 'node', /nvm install 20/],
    ['a garbled Node version', { node: 'banana' }, 'node', /Node.js 20 or newer/],
    ['a world-readable directory', { config: { ...HEALTHY.config, dirMode: 0o755 } }, 'config', /^chmod 700 '\/cfg'$/],
    [
      'a group-readable file',
      { config: { ...HEALTHY.config, fileMode: 0o640 } },
      'config',
      /^chmod 600 '\/cfg\/config.json'$/,
    ],
    [
      'a file that is not JSON',
      { config: { ...HEALTHY.config, fileError: 'not valid JSON' } },
      'config',
      /massive config set/,
    ],
    ['no key and no proxy', { key: 'none', daemon: undefined }, 'key', /massive config set apiKey/],
    ['an unreadable key', { key: 'unreadable' }, 'key', /config file/],
    [
      'a demo daemon while not in demo',
      { daemon: { ...HEALTHY.daemon!, demo: true } },
      'proxy',
      /massive watch --demo/,
    ],
    [
      'a daemon on another upstream',
      { daemon: { ...HEALTHY.daemon!, apiBase: 'http://127.0.0.1:9000' } },
      'proxy',
      /MASSIVE_API_BASE=http:\/\/127.0.0.1:9000/,
    ],
    [
      'a daemon whose status cannot be read',
      { daemon: { ...HEALTHY.daemon!, status: undefined, statusError: 'timeout' } },
      'proxy',
      /kill 42/,
    ],
    [
      'a failed upstream',
      {
        daemon: {
          ...HEALTHY.daemon!,
          status: status({
            upstreams: {
              stocks: hub('stocks', 'auth_failed', 'auth_failed'),
              options: hub('options'),
              indices: hub('indices'),
            } as unknown as ProxyStatus['upstreams'],
          }),
        },
      },
      'proxy',
      /massive status/,
    ],
    [
      'a rejected key',
      { daemon: { ...HEALTHY.daemon!, status: status({ keyRejected: true }) } },
      'feeds',
      /massive config set apiKey/,
    ],
  ])('reports %s as a problem of %s with what to do', (_label, patch, id, fix) => {
    const found = problems({ ...HEALTHY, ...patch });
    expect(found.map((c) => c.id)).toContain(id);
    expect(found.find((c) => c.id === id)!.fix).toMatch(fix);
  });

  it.each<[string, Partial<DoctorFacts>, string, RegExp]>([
    ['no daemon', { daemon: undefined }, 'proxy', /massive proxy/],
    [
      'a spent quota',
      { daemon: { ...HEALTHY.daemon!, status: status({ quota: { used: 50, left: 0, limit: 50, intervalMs: 1000 } }) } },
      'quota',
      /spent/,
    ],
    ['a pipe instead of a terminal', { terminal: { ...HEALTHY.terminal, isTTY: false } }, 'terminal', /not a terminal/],
  ])('mentions %s without calling it a problem', (_label, patch, id, text) => {
    const f = { ...HEALTHY, ...patch };
    expect(problems(f)).toEqual([]);
    const c = diagnose(f).find((x) => x.id === id)!;
    expect(`${c.detail} ${c.fix ?? ''}`).toMatch(text);
  });

  it.each([
    [{ columns: 80, rows: 24, colorLevel: 1, noColor: false, theme: 'dark' }, '80×24, 16 colours, theme dark', true],
    [
      { columns: 200, rows: 50, colorLevel: 3, noColor: true, theme: 'dark' },
      '200×50, no colour (NO_COLOR), theme dark',
      false,
    ],
    [
      { columns: 200, rows: 50, colorLevel: 2, noColor: false, theme: 'mono' },
      '200×50, no colour (theme mono), theme mono',
      false,
    ],
  ])('describes the terminal %j', (t, detail, small) => {
    const c = diagnose({ ...HEALTHY, terminal: { isTTY: true, ...t } }).find((x) => x.id === 'terminal')!;
    expect(c.detail).toBe(detail);
    expect(c.fix !== undefined).toBe(small);
  });

  it('lists per asset class what the detected feed allows', () => {
    const st = status({
      entitlements: {
        stocks: {
          entitlement: {
            feed: 'delayed',
            channels: ['A', 'AM'],
            recency: 'delayed',
            snapshots: true,
            restQuotes: false,
            source: 'detected',
          },
          authAttempts: { realtime: 1, delayed: 1 },
        },
        options: { authAttempts: { realtime: 0, delayed: 0 } },
        indices: {
          entitlement: {
            feed: 'rest',
            channels: [],
            recency: 'eod',
            snapshots: false,
            restQuotes: false,
            source: 'cached',
          },
          authAttempts: { realtime: 0, delayed: 0 },
        },
      },
    } as Partial<ProxyStatus>);
    const c = diagnose({ ...HEALTHY, daemon: { ...HEALTHY.daemon!, status: st } }).find((x) => x.id === 'feeds')!;
    expect(c.lines).toEqual([
      'stocks   delayed 15m: stream A,AM; REST delayed 15m, snapshots (detected)',
      'options  ? (not used yet)',
      'indices  REST only: no stream; REST end of day (cached)',
    ]);
  });
});

describe('daemonMismatch', () => {
  const real = { pid: 7, demo: false, apiBase: API, wsBase: WS };
  it.each([
    ['the same upstream', real, { demo: false, apiBase: `${API}/`, wsBase: WS }, undefined],
    ['a demo daemon for a demo client', { ...real, demo: true }, { demo: true, apiBase: API, wsBase: WS }, undefined],
    [
      'a demo daemon for a real client',
      { ...real, demo: true },
      { demo: false, apiBase: API, wsBase: WS },
      'demo-daemon',
    ],
    ['a real daemon for a demo client', real, { demo: true, apiBase: API, wsBase: WS }, 'real-daemon-for-demo'],
    ['another REST base', real, { demo: false, apiBase: 'http://127.0.0.1:9000', wsBase: WS }, 'other-upstream'],
    ['another WebSocket base', real, { demo: false, apiBase: API, wsBase: 'ws://127.0.0.1:9000' }, 'other-upstream'],
  ] as const)('judges %s', (_label, info, want, kind) => {
    expect(daemonMismatch(info, want)?.kind).toBe(kind);
  });

  it('names the upstream the daemon serves and only the setting that differs', () => {
    const m = daemonMismatch(real, { demo: false, apiBase: API, wsBase: 'ws://127.0.0.1:9000' })!;
    expect(m.message).toBe(
      `the running proxy (pid 7) serves another upstream, ${WS}, not ws://127.0.0.1:9000: to use it, set MASSIVE_WS_BASE=${WS} (the setting that selects the upstream)`,
    );
  });
});
