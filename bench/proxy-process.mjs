// Starts `massive proxy` in its own process (so its CPU can be read from /proc) in front of a
// simulator, with an isolated config directory; tokens are minted from the daemon file's secret
// exactly as `massive token` does.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { daemonTokenIssuer, readDaemonInfo } from '../dist/proxy/index.js';

const BIN = fileURLToPath(new URL('../bin/massive.js', import.meta.url));

export function startProxyProcess({ key, sim }) {
  const dir = mkdtempSync(join(tmpdir(), 'massive-bench-proxy-'));
  const env = {
    ...process.env,
    CI: '0',
    MASSIVE_API_KEY: key,
    MASSIVE_API_BASE: sim.httpUrl,
    MASSIVE_WS_BASE: sim.wsUrl,
    MASSIVE_WS_DELAYED_BASE: `${sim.wsUrl}/delayed`,
    MASSIVE_CONFIG_DIR: dir,
  };
  const child = spawn(process.execPath, [BIN, 'proxy', '--port', '0', '--flow', 'off'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy did not start: ${out}`)), 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('WebSocket')) return;
      const info = readDaemonInfo(dir);
      if (!info) return;
      clearTimeout(timer);
      const tokens = daemonTokenIssuer(info);
      resolve({
        pid: child.pid,
        httpUrl: info.httpUrl,
        wsUrl: info.wsUrl,
        token: (id = 'bench') => tokens.issue(id, 600_000),
        close: () =>
          new Promise((r) => {
            child.once('exit', () => {
              rmSync(dir, { recursive: true, force: true });
              r();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.on('exit', (code) => reject(new Error(`proxy exited ${code}: ${out}`)));
  });
}
