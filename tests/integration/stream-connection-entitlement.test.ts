import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/lib/logger.js';
import type { Entitlement } from '../../src/massive/entitlements.js';
import { StreamConnection, type StreamState } from '../../src/stream/connection.js';
import { entitledTopics } from '../../src/stream/feed-policy.js';
import { startFakeProxy, type FakeProxy } from '../helpers/fake-entitlement-proxy.js';

const DELAYED_NO_Q: Entitlement = {
  feed: 'delayed',
  channels: ['T', 'A', 'AM'],
  recency: 'delayed',
  snapshots: true,
  restQuotes: false,
  source: 'detected',
};

/** A logger that keeps its warnings. */
function recordingLogger(warnings: string[]): Logger {
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields ?? {})}`),
    error: () => {},
    child: () => logger,
  };
  return logger;
}

describe("a stream connection and the proxy's entitlement status", () => {
  let proxy: FakeProxy | undefined;
  let conn: StreamConnection | undefined;
  afterEach(async () => {
    conn?.close();
    await proxy?.close();
  });

  async function fakeProxy(plan: Parameters<typeof startFakeProxy>[0]): Promise<FakeProxy> {
    proxy = await startFakeProxy(plan);
    return proxy;
  }

  function connect(p: FakeProxy, o: { entitlementWaitMs?: number; onEntitlement?: (e: Entitlement) => void } = {}) {
    const states: StreamState[] = [];
    const warnings: string[] = [];
    const entitlements: Entitlement[] = [];
    const c = new StreamConnection({
      url: `${p.wsUrl}/stocks`,
      cluster: 'stocks',
      getToken: () => 'token',
      onEvents: () => {},
      onState: (s) => states.push(s),
      onEntitlement: (e) => {
        entitlements.push(e);
        o.onEntitlement?.(e);
      },
      logger: recordingLogger(warnings),
      ...(o.entitlementWaitMs !== undefined ? { entitlementWaitMs: o.entitlementWaitMs } : {}),
    });
    conn = c;
    return { c, states, warnings, entitlements };
  }

  it('surfaces the entitlement and holds the first subscribe until it is known', async () => {
    const p = await fakeProxy({ stocks: DELAYED_NO_Q });
    const topics = ['T.SPY', 'Q.SPY', 'A.SPY'];
    // What the manager does: narrow the topics to the plan as soon as it is told.
    const { c, states, entitlements } = connect(p, { onEntitlement: (e) => c.setTopics(entitledTopics(topics, e)) });
    c.setTopics(topics);
    c.start();
    await expect.poll(() => entitlements, { timeout: 5_000 }).toEqual([DELAYED_NO_Q]);
    await expect.poll(() => p.subscribed.stocks, { timeout: 5_000 }).toEqual(['T.SPY', 'A.SPY']);
    expect(states).toEqual(['live']);
  });

  it('logs a refused subscribe and stays live', async () => {
    const p = await fakeProxy({ stocks: DELAYED_NO_Q });
    const { c, states, warnings } = connect(p);
    c.setTopics(['T.SPY']);
    c.start();
    await expect.poll(() => p.subscribed.stocks, { timeout: 5_000 }).toEqual(['T.SPY']);
    c.setTopics(['T.SPY', 'Q.SPY']);
    await expect
      .poll(() => warnings.some((w) => w.startsWith('subscription refused: not in the plan')), { timeout: 5_000 })
      .toBe(true);
    expect(states).toEqual(['live']);
    expect(c.state).toBe('live');
  });

  it('subscribes after the wait when the server never says', async () => {
    const p = await fakeProxy({});
    const { c, states, entitlements } = connect(p, { entitlementWaitMs: 200 });
    c.setTopics(['T.SPY', 'Q.SPY']);
    const started = Date.now();
    c.start();
    await expect.poll(() => p.subscribed.stocks, { timeout: 5_000 }).toEqual(['T.SPY', 'Q.SPY']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(states).toEqual(['live']);
    expect(entitlements).toEqual([]);
  });

  it('passes later changes on, without a state change', async () => {
    const p = await fakeProxy({ stocks: DELAYED_NO_Q });
    const { c, states, entitlements } = connect(p);
    c.setTopics(['T.SPY']);
    c.start();
    await expect.poll(() => entitlements.length, { timeout: 5_000 }).toBe(1);
    const rest: Entitlement = { ...DELAYED_NO_Q, feed: 'rest', channels: [] };
    p.setEntitlement('stocks', rest);
    await expect.poll(() => entitlements.at(-1), { timeout: 5_000 }).toEqual(rest);
    expect(states).toEqual(['live']);
  });
});
