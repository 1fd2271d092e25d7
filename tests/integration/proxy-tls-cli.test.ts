import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliProcessRig, runCli } from '../helpers/cli.js';

// `massive proxy --tls-cert/--tls-key` and the --allow-remote refusal, through the built binary;
// `status` and `token` then find the TLS daemon and trust it through the discovery file.
const FIXTURES = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
const CERT = join(FIXTURES, 'cert.pem');
const KEY_FILE = join(FIXTURES, 'key.pem');

const { configDir, spawnUntil } = cliProcessRig('massive-tls-cli-');

describe('massive proxy with TLS (built binary)', () => {
  it.each([
    [
      '--allow-remote on 0.0.0.0 without TLS',
      ['--host', '0.0.0.0', '--allow-remote'],
      /--allow-remote without TLS would send tokens in clear text/,
    ],
    ['--allow-remote without TLS', ['--allow-remote'], /--allow-remote without TLS/],
    ['a certificate without its key', ['--tls-cert', CERT], /--tls-cert and --tls-key go together/],
    ['--insecure alone', ['--insecure'], /--insecure only goes with --allow-remote/],
    [
      "a key that is not the certificate's",
      ['--tls-cert', CERT, '--tls-key', CERT],
      /--tls-key .*cert\.pem does not go with --tls-cert/,
    ],
    [
      'a missing certificate file',
      ['--tls-cert', join(FIXTURES, 'missing.pem'), '--tls-key', KEY_FILE],
      /--tls-cert .*missing\.pem: cannot read it \(ENOENT\)/,
    ],
  ])('refuses %s with exit 2 and says why', async (_label, args, message) => {
    const r = await runCli(['proxy', '--demo', ...args], { MASSIVE_CONFIG_DIR: configDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('serves HTTPS/WSS; status and token find it and trust its certificate through the discovery file', {
    timeout: 60_000,
  }, async () => {
    const dir = configDir();
    const env = { MASSIVE_CONFIG_DIR: dir };
    const daemon = await spawnUntil(
      ['proxy', '--demo', '--host', '0.0.0.0', '--allow-remote', '--tls-cert', CERT, '--tls-key', KEY_FILE],
      env,
      /massive token/,
    );
    expect(daemon.out()).toMatch(/REST\s+https:\/\/127\.0\.0\.1:\d+/);
    expect(daemon.out()).toMatch(/WebSocket\s+wss:\/\/127\.0\.0\.1:\d+/);
    expect(daemon.out()).toMatch(/TLS\s+certificate SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(daemon.err()).toContain('traffic is encrypted (TLS)');
    const info = JSON.parse(readFileSync(join(dir, 'proxy.json'), 'utf8')) as { tls: { cert: string } };
    expect(info.tls.cert).toBe(readFileSync(CERT, 'utf8'));
    expect(JSON.stringify(info)).not.toContain('PRIVATE KEY');

    // watch finds the daemon the same way and streams through it over WSS.
    const watch = await spawnUntil(['watch', 'SPY', '--demo', '--json'], env, /"type":"quote"[^\n]*"symbol":"SPY"/);
    expect(watch.out()).toContain('"transport":"live"');

    const status = await runCli(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^massive proxy {2}https:\/\/127\.0\.0\.1:\d+/);
    expect(status.stdout).toContain('limits (refused since the start)');
    expect(status.stdout).toMatch(/c\d+\s+watch\s+stocks/);
    const token = await runCli(['token', '--json'], env);
    expect(token.code).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ httpUrl: expect.stringMatching(/^https:/) });
    // Pointed at a CA that did not sign it, the client refuses the proxy and says what to do.
    const wrong = await runCli(['status'], { ...env, MASSIVE_PROXY_CA: join(FIXTURES, 'other-cert.pem') });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('presented a certificate this machine does not trust');
    // doctor lists it as a finding about the proxy and goes on with its other checks.
    const doctor = await runCli(['doctor', '--demo'], { ...env, MASSIVE_PROXY_CA: join(FIXTURES, 'other-cert.pem') });
    expect(doctor.stdout).toContain('presented a certificate this machine does not trust');
    expect(doctor.stdout).toMatch(/node/i);
  });
});
