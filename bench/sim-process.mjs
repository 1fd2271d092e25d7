// Starts `massive sim` in its own process so the simulator's work never shares a core's time
// slice with the code being measured (the machine has two cores).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/massive.js', import.meta.url));

export function startSimProcess({ key, load, extraArgs = [] }) {
  const args = [BIN, 'sim', '--port', '0', '--key', key, ...(load ? ['--load', load] : []), ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '0' } });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sim did not start: ${out}`)), 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        const httpUrl = `http://127.0.0.1:${m[1]}`;
        resolve({
          httpUrl,
          wsUrl: `ws://127.0.0.1:${m[1]}`,
          pid: child.pid,
          async control(path, body) {
            const res = await fetch(`${httpUrl}${path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            return res.json();
          },
          close: () =>
            new Promise((r) => {
              child.once('exit', r);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`sim exited ${code}: ${out}`)));
  });
}

/** CPU seconds (user+system) a process has used, from /proc (Linux). */
export async function processCpuSeconds(pid) {
  const { readFileSync } = await import('node:fs');
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}
