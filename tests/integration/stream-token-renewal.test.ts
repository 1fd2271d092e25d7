import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { startProxy, type Proxy } from '../../src/proxy/index.js';
import { StreamConnection, type StreamState } from '../../src/stream/connection.js';
import type { DataEvent } from '../../src/massive/events.js';

const KEY = 'token-renewal-key';

describe('token renewal on a live stream', () => {
  let sim: Simulator | undefined;
  let proxy: Proxy | undefined;
  let conn: StreamConnection | undefined;

  afterEach(async () => {
    conn?.close();
    await proxy?.close();
    await sim?.close();
  });

  it('renews an expiring token on the same socket, without reconnecting or losing subscriptions', async () => {
    sim = await startSimulator({ keys: { [KEY]: 'advanced' }, tickMs: 50 });
    // Tokens live 3 s; the proxy warns half-way through, so two renewals happen in ~4 s.
    proxy = await startProxy({ apiKey: KEY, apiBase: sim.httpUrl, wsBase: sim.wsUrl, tokenTtlMs: 3000 });
    const p = proxy;
    const states: StreamState[] = [];
    let tokens = 0;
    const seen: DataEvent[] = [];
    conn = new StreamConnection({
      url: `${p.wsUrl}/indices`,
      cluster: 'indices',
      getToken: () => {
        tokens++;
        return p.issueToken('renewal-test');
      },
      onEvents: (events) => seen.push(...events),
      onState: (s) => states.push(s),
    });
    conn.setTopics(['V.I:SPX']);
    conn.start();
    await expect.poll(() => states.includes('live'), { timeout: 5000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 4500));
    expect(tokens).toBeGreaterThanOrEqual(2);
    expect(states).not.toContain('reconnecting');
    expect(p.status().clients).toHaveLength(1);
    const before = seen.length;
    await expect.poll(() => seen.length, { timeout: 5000 }).toBeGreaterThan(before);
    expect(p.status().upstreams.indices.subscriptions).toEqual({ 'V.I:SPX': 1 });
  });
});
