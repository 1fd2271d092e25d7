import { afterEach, describe, expect, it } from 'vitest';
import { startProxy } from '../../src/proxy/index.js';
import { createRestClient } from '../../src/rest/index.js';
import { startSimulator } from '../../src/sim/index.js';
import { createMarketStore } from '../../src/store/store.js';
import { createMarketClient } from '../../src/stream/market-client.js';
import {
  FAULT_CASES,
  MATRIX_STOCKS,
  startMatrixRig,
  type MatrixDeps,
  type MatrixRig,
} from '../helpers/fault-matrix.js';

const deps: MatrixDeps = { startSimulator, startProxy, createRestClient, createMarketStore, createMarketClient };
// Short heartbeats and backoff so each case stays well under its timeout; speed is measured by
// bench/fault-matrix.mjs with the default timers, not asserted here.
const timing = { pingMs: 300, deadAfterMs: 2_000, backoff: { baseMs: 100, capMs: 400 }, stallAfterMs: 1_000 };
const RECOVERY_TIMEOUT = 15_000;

describe('fault matrix: every simulator fault, proxy and client recover without losing or doubling a subscription', () => {
  let rig: MatrixRig | undefined;

  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  /** A fresh simulator, proxy and client per case, so no case depends on what another left behind. */
  async function healthyRig(): Promise<MatrixRig> {
    const r = await startMatrixRig(deps, timing);
    rig = r;
    expect(await r.healthy(0, RECOVERY_TIMEOUT), r.problem()).toBeDefined();
    const w = r.wiring();
    // One upstream socket per cluster, each topic held once by the proxy for its one client.
    expect(w.upstreamSockets).toEqual({ stocks: 1, indices: 1 });
    for (const refs of Object.values(w.refcounts)) expect(new Set(Object.values(refs))).toEqual(new Set([1]));
    expect(w.upstreamTopics['stocks']).toEqual(Object.keys(w.refcounts['stocks']!).sort());
    return r;
  }

  it.each(FAULT_CASES.filter((c) => c.expect === 'stream'))(
    '$name: the stream comes back with the same subscriptions',
    async (c) => {
      const r = await (await healthyRig()).run(c, RECOVERY_TIMEOUT);
      expect(r.recoveryMs, `${c.name} did not recover: ${r.problem}`).toBeDefined();
      expect(r.wiringAfter).toEqual(r.wiringBefore);
      expect(r.duplicateTrades).toBe(0);
      if (c.holdUntilRest) expect(r.restFallbackMs, 'REST fallback despite the REST fault').toBeDefined();
    },
    50_000,
  );

  it('failAuth: the refused stream is not retried, REST keeps every stock fresh and nothing leaks', async () => {
    const c = FAULT_CASES.find((x) => x.expect === 'rest-only')!;
    const matrix = await healthyRig();
    const r = await matrix.run(c, RECOVERY_TIMEOUT);
    // Both hosts refused the key, REST still serves it: the class is REST-only, probed again in an hour.
    expect(matrix.proxy.status().upstreams.stocks.upstream.state).toBe('idle');
    expect(matrix.proxy.status().entitlements.stocks.entitlement).toMatchObject({ feed: 'rest', snapshots: true });
    // Polled after the fault was cleared: the stream stays down and REST carries every stock.
    expect(r.restFallbackMs).toBeDefined();
    expect(matrix.client.stats().polled).toEqual(expect.arrayContaining([...MATRIX_STOCKS]));
    expect(r.duplicateTrades).toBe(0);
    // The same sessions; a REST-only class holds no topics (the client let them go), and no socket
    // to the simulator was left open.
    expect(r.wiringAfter.sessions).toBe(r.wiringBefore.sessions);
    expect(Object.keys(r.wiringBefore.refcounts['stocks'] ?? {}).length).toBeGreaterThan(0);
    expect(r.wiringAfter.refcounts['stocks'] ?? {}).toEqual({});
    expect(r.wiringAfter.upstreamSockets['stocks'] ?? 0).toBe(0);
  }, 50_000);
});
