/**
 * Keys with a plan per asset class against the simulator's WebSocket hosts: which host and class
 * a key may authenticate on, what it may subscribe to there, and the counters that let an
 * end-to-end test prove a client does not retry a refused plan in a loop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PLAN_REFUSAL_MESSAGE } from '../../src/massive/entitlements.js';
import { startSimulator, type KeyPlan, type Simulator } from '../../src/sim/index.js';
import { authAttempts, fetchSimStats, status } from '../helpers/sim.js';
import { openWs, type WsProbe } from '../helpers/ws-client.js';

const KEYS: Record<string, KeyPlan> = {
  mixed: { stocks: 'starter', options: 'advanced' },
  idx: { indices: 'advanced' },
  dev: 'developer',
  adv: 'advanced',
};

describe('simulator WebSocket auth per asset class and host', () => {
  let sim: Simulator | undefined;
  const probes: WsProbe[] = [];

  async function connect(path: string): Promise<WsProbe> {
    const p = await openWs(sim!.wsUrl + path);
    probes.push(p);
    expect(await p.next()).toEqual([status('connected', 'Connected Successfully')]);
    return p;
  }

  /** Connects, authenticates and returns the auth reply and, when refused, the close code. */
  async function authOn(path: string, key: string): Promise<{ reply: unknown; code?: number }> {
    const p = await connect(path);
    p.auth(key);
    const reply = (await p.next())[0];
    if ((reply as { status: string }).status === 'auth_success') return { reply };
    return { reply, code: (await p.closed).code };
  }

  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await sim?.close();
    sim = undefined;
  });

  const ok = { reply: status('auth_success', 'authenticated') };
  const plan = { reply: status('auth_failed', PLAN_REFUSAL_MESSAGE), code: 1008 };
  const bad = { reply: status('auth_failed', 'authentication failed'), code: 1008 };

  it.each([
    ['mixed', '/options', ok],
    ['mixed', '/delayed/options', ok],
    ['mixed', '/stocks', plan],
    ['mixed', '/delayed/stocks', ok],
    ['mixed', '/indices', plan],
    ['mixed', '/delayed/indices', plan],
    ['idx', '/indices', ok],
    ['idx', '/stocks', plan],
    ['dev', '/stocks', plan],
    ['dev', '/delayed/stocks', ok],
    ['dev', '/delayed/indices', ok],
    ['adv', '/stocks', ok],
    ['nobody', '/stocks', bad],
    ['nobody', '/delayed/options', bad],
  ])('answers %s on %s as expected', async (key, path, expected) => {
    sim = await startSimulator({ tickMs: 20, keys: KEYS });
    expect(await authOn(path, key)).toEqual(expected);
  });

  it('acknowledges allowed topics and refuses the others one error each, in request order', async () => {
    sim = await startSimulator({ tickMs: 20, keys: KEYS });
    const c = await connect('/delayed/stocks');
    c.auth('mixed', 'AM.SPY,T.SPY,Q.SPY,A.SPY,LULD.SPY');
    expect(await c.next()).toEqual([status('auth_success', 'authenticated')]);
    const replies = [await c.next(), await c.next(), await c.next(), await c.next(), await c.next()].map((f) => f[0]);
    expect(replies).toEqual([
      status('success', 'subscribed to: AM.SPY'),
      status('error', 'not authorized'),
      status('error', 'not authorized'),
      status('success', 'subscribed to: A.SPY'),
      status('error', 'not authorized'),
    ]);
  });

  it('never serves quotes, LULD or NOI on the delayed host, even to an Advanced key', async () => {
    sim = await startSimulator({ tickMs: 20, keys: KEYS });
    const c = await connect('/delayed/stocks');
    c.auth('adv', 'Q.SPY,LULD.SPY,NOI.SPY,T.SPY');
    await c.next();
    const replies = [await c.next(), await c.next(), await c.next(), await c.next()].map((f) => f[0]!.message);
    expect(replies).toEqual(['not authorized', 'not authorized', 'not authorized', 'subscribed to: T.SPY']);
    const live = await connect('/options');
    live.auth('mixed', 'Q.O:SPY261218C00650000');
    await live.next();
    expect(await live.next()).toEqual([status('success', 'subscribed to: Q.O:SPY261218C00650000')]);
  });

  it('counts auth attempts and successes per key, cluster and host, in process and over /_sim/stats', async () => {
    sim = await startSimulator({ tickMs: 20, keys: KEYS });
    for (let i = 0; i < 3; i++) await authOn('/stocks', 'dev');
    await authOn('/delayed/stocks', 'dev');
    await authOn('/options', 'nobody');
    const byId = (s: { key: string; cluster: string; feed: string }) => `${s.key} ${s.cluster} ${s.feed}`;
    const auth = sim.stats().auth.sort((a, b) => byId(a).localeCompare(byId(b)));
    expect(auth).toEqual([
      { key: 'dev', cluster: 'stocks', feed: 'delayed', attempts: 1, successes: 1, planRefusals: 0, keyRefusals: 0 },
      { key: 'dev', cluster: 'stocks', feed: 'realtime', attempts: 3, successes: 0, planRefusals: 3, keyRefusals: 0 },
      {
        key: 'nobody',
        cluster: 'options',
        feed: 'realtime',
        attempts: 1,
        successes: 0,
        planRefusals: 0,
        keyRefusals: 1,
      },
    ]);
    const overHttp = await fetchSimStats(sim.httpUrl);
    expect(overHttp.auth).toHaveLength(3);
    expect(authAttempts(overHttp, 'dev', 'stocks', 'realtime')).toBe(3);
    expect(authAttempts(overHttp, 'adv', 'stocks', 'realtime')).toBe(0);
    const reset = await fetch(`${sim.httpUrl}/_sim/stats`, {
      method: 'POST',
      body: JSON.stringify({ action: 'reset' }),
    });
    expect(reset.status).toBe(200);
    expect(sim.stats()).toEqual({ auth: [], rest: [] });
  });
});
