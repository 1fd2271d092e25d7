import { describe, it, expect } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cliProcessRig, runCli } from '../helpers/cli.js';

const { configDir, spawnUntil } = cliProcessRig('massive-e2e-proxy-');

async function poll<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('massive proxy, token and status (built binary)', () => {
  it('runs a demo daemon that watch, token and status find through the config directory', {
    timeout: 90_000,
  }, async () => {
    const dir = configDir();
    const env = { MASSIVE_CONFIG_DIR: dir };
    const daemon = await spawnUntil(['proxy', '--demo'], env, /massive token/);
    expect(daemon.out()).toMatch(/REST\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(statSync(join(dir, 'proxy.json')).mode & 0o777).toBe(0o600);

    const token = await runCli(['token'], env);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^mt1\.[\w-]+\.[\w-]+\n$/);

    const watch = await spawnUntil(['watch', 'SPY', '--demo', '--json'], env, /"type":"quote"/);
    const st = await poll(
      async () =>
        JSON.parse((await runCli(['status', '--json'], env)).stdout) as {
          upstreams: Record<string, { subscriptions: Record<string, number>; upstream: { state: string } }>;
          clients: { clientId?: string }[];
          quota: { used: number; left: number; limit: number };
          daemon: { demo: boolean };
          entitlements: Record<string, { entitlement?: unknown }>;
        },
      (s) =>
        s.upstreams.stocks!.subscriptions['T.SPY'] === 1 &&
        ['stocks', 'options', 'indices'].every((c) => s.entitlements[c]?.entitlement !== undefined),
    );
    expect(st.upstreams.stocks!.subscriptions).toMatchObject({ 'T.SPY': 1, 'Q.SPY': 1 });
    expect(st.upstreams.stocks!.upstream.state).toBe('live');
    expect(st.clients.some((c) => c.clientId === 'watch')).toBe(true);
    expect(st.quota.used + st.quota.left).toBeGreaterThan(0);
    expect(st.quota.limit).toBeGreaterThan(0);
    expect(st.daemon.demo).toBe(true);

    const human = await runCli(['status'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/stocks\s+live/);
    expect(human.stdout).toMatch(/T\.SPY ×1/);
    expect(human.stdout).toMatch(/REST quota\s+used \d+, left \d+ of \d+/);
    expect(human.stdout).toMatch(/watch\s+stocks/);
    // What the key has per asset class, as detected: the demo key is Advanced everywhere.
    expect(human.stdout).toMatch(/^feeds\s+stocks real-time · options real-time · indices real-time$/m);
    expect(human.stdout).toMatch(
      /^\s+stocks\s+channels T,Q,A,AM,LULD,NOI; REST realtime, snapshots, quotes; detected; auth attempts real-time 1, delayed 0$/m,
    );

    // watch leaving does not stop the daemon; SIGTERM does, and takes the file with it.
    watch.child.kill('SIGINT');
    await new Promise((r) => watch.child.once('close', r));
    expect((await runCli(['status', '--json'], env)).code).toBe(0);
    daemon.child.kill('SIGTERM');
    expect(await new Promise((r) => daemon.child.once('close', r))).toBe(0);
    expect(existsSync(join(dir, 'proxy.json'))).toBe(false);
  });

  it('says clearly that no proxy runs and exits 1 for token and status', { timeout: 60_000 }, async () => {
    const env = { MASSIVE_CONFIG_DIR: configDir() };
    for (const cmd of [['token'], ['status'], ['status', '--json']]) {
      const r = await runCli(cmd, env);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/no massive proxy is running; start one with `massive proxy`/);
    }
  });

  it('refuses a second daemon on the same config directory', { timeout: 60_000 }, async () => {
    const env = { MASSIVE_CONFIG_DIR: configDir() };
    await spawnUntil(['proxy', '--demo'], env, /massive token/);
    const second = await runCli(['proxy', '--demo'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('listens beyond loopback only with --allow-remote, and warns when it does', { timeout: 60_000 }, async () => {
    const env = { MASSIVE_CONFIG_DIR: configDir() };
    const refused = await runCli(['proxy', '--demo', '--host', '0.0.0.0'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--allow-remote/);
    // Without TLS (issue 16) it takes --insecure as well; proxy-tls-cli.test.ts covers the TLS side.
    const open = await spawnUntil(
      ['proxy', '--demo', '--host', '0.0.0.0', '--allow-remote', '--insecure'],
      env,
      /massive token/,
    );
    expect(open.err()).toMatch(/WARNING: listening on 0\.0\.0\.0/);
    expect(open.err()).toMatch(/tokens travel in clear text/);
    expect((await runCli(['token'], env)).code).toBe(0);
  });
});
