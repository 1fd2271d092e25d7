import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { StreamConnection, type StreamState } from '../../src/stream/connection.js';

const KEY = 'countdown-key';

describe('reconnect countdown', () => {
  let sim: Simulator | undefined;
  let conn: StreamConnection | undefined;
  afterEach(async () => {
    conn?.close();
    await sim?.close();
  });

  it('reports when the next attempt is due after a drop, then goes live again', async () => {
    sim = await startSimulator({ keys: { [KEY]: 'advanced' }, tickMs: 50 });
    const states: { state: StreamState; detail?: string; retryAt?: number; at: number }[] = [];
    conn = new StreamConnection({
      url: `${sim.wsUrl}/indices`,
      cluster: 'indices',
      getToken: () => KEY,
      onEvents: () => {},
      onState: (state, detail, retryAt) => states.push({ state, detail, retryAt, at: Date.now() }),
      backoff: { baseMs: 400, capMs: 400 },
    });
    conn.setTopics(['V.I:SPX']);
    conn.start();
    await expect.poll(() => states.some((s) => s.state === 'live'), { timeout: 5000 }).toBe(true);
    sim.faults.drop('indices');
    await expect.poll(() => states.find((s) => s.state === 'reconnecting'), { timeout: 5000 }).toBeDefined();
    const r = states.find((s) => s.state === 'reconnecting')!;
    expect(r.detail).toMatch(/connection closed \(1006\)/);
    expect(r.retryAt! - r.at).toBeGreaterThanOrEqual(0);
    expect(r.retryAt! - r.at).toBeLessThanOrEqual(400);
    await expect.poll(() => states.filter((s) => s.state === 'live').length, { timeout: 5000 }).toBe(2);
  });
});
