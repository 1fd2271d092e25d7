import { describe, expect, it } from 'vitest';
import { StreamConnection, type StreamState } from '../../src/stream/connection.js';
import type { DataEvent } from '../../src/massive/events.js';
import { proxyRig } from '../helpers/proxy-rig.js';

const KEY = 'token-renewal-key';

describe('token renewal on a live stream', () => {
  const rig = proxyRig(KEY);

  it('renews an expiring token on the same socket, without reconnecting or losing subscriptions', async () => {
    const sim = await rig.simulator({ tickMs: 50, speed: 1 });
    // Tokens live 3 s; the proxy warns half-way through, so two renewals happen in ~3 s.
    const p = await rig.proxy(sim, { tokenTtlMs: 3000 });
    const states: StreamState[] = [];
    let tokens = 0;
    const seen: DataEvent[] = [];
    const conn = new StreamConnection({
      url: `${p.wsUrl}/indices`,
      cluster: 'indices',
      getToken: () => {
        tokens++;
        return p.issueToken('renewal-test');
      },
      onEvents: (events) => seen.push(...events),
      onState: (s) => states.push(s),
    });
    rig.own(conn);
    conn.setTopics(['V.I:SPX']);
    conn.start();
    await expect.poll(() => states.includes('live'), { timeout: 5000 }).toBe(true);
    // The first token and two renewals.
    await expect.poll(() => tokens, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect(states).not.toContain('reconnecting');
    expect(p.status().clients).toHaveLength(1);
    const before = seen.length;
    await expect.poll(() => seen.length, { timeout: 5000 }).toBeGreaterThan(before);
    expect(p.status().upstreams.indices.subscriptions).toEqual({ 'V.I:SPX': 1 });
  });
});
