/**
 * The one proxy rig: an upstream (the simulator or the fake upstream), proxies in front of it and
 * downstream clients, everything closed after each case (clients first, the upstream last).
 * `proxyRig(key)` registers that `afterEach` itself, so a test file only says what it starts.
 */
import { afterEach, expect, vi } from 'vitest';
import { startProxy, type ProxyOptions } from '../../src/proxy/index.js';
import { startSimulator, type SimOptions, type Simulator } from '../../src/sim/index.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { openWs, type WsProbe } from './ws-client.js';

/** A running proxy (named by what `startProxy` returns, not after the global `Proxy`). */
export type ProxyUnderTest = Awaited<ReturnType<typeof startProxy>>;

interface Closable {
  close(): Promise<void> | void;
}

export interface ProxyRig {
  /** The fake upstream (`fake-upstream.ts`) accepting the rig's key. */
  fakeUpstream(opts?: { autoPong?: boolean }): Promise<FakeUpstream>;
  /**
   * The simulator with the rig's key on Advanced, at Monday 2026-01-05 10:00 New York (market
   * open), ticking every 20 ms at 10× speed; `extra` overrides any of it.
   */
  simulator(extra?: Partial<SimOptions>): Promise<Simulator>;
  /** A proxy holding the rig's key in front of `upstream`. */
  proxy(upstream: { httpUrl: string; wsUrl: string }, extra?: Partial<ProxyOptions>): Promise<ProxyUnderTest>;
  /** A downstream socket on `path` of `proxy`, not yet authenticated. */
  client(proxy: ProxyUnderTest, path?: string, headers?: Record<string, string>): Promise<WsProbe>;
  /** A downstream socket that sent a token for `clientId` and saw `auth_success`. */
  authed(proxy: ProxyUnderTest, path?: string, clientId?: string): Promise<WsProbe>;
  /**
   * A downstream socket that authenticated and subscribed `topics` (comma-separated), once every
   * topic was answered: all with `success`, or with `success` or `error` when `refusals` is set.
   */
  subscribed(proxy: ProxyUnderTest, path: string, topics: string, o?: SubscribeOptions): Promise<WsProbe>;
  /** Anything else a case starts, closed after it (last started, first closed). */
  own<T extends Closable>(thing: T): T;
}

export interface SubscribeOptions {
  /** The token's client id; @default 'test' */
  readonly clientId?: string;
  /** Whether a topic may be refused (`error`) instead of acknowledged; @default false */
  readonly refusals?: boolean;
}

const MARKET_OPEN = '2026-01-05T15:00:00Z';

const statusesOf = (c: WsProbe) => c.statuses().map((s) => s.status);

export function proxyRig(key: string): ProxyRig {
  const owned: Closable[] = [];
  afterEach(async () => {
    for (const thing of owned.splice(0).reverse()) await thing.close();
  });
  const own = <T extends Closable>(thing: T): T => {
    owned.push(thing);
    return thing;
  };

  const rig: ProxyRig = {
    own,
    fakeUpstream: async (opts = {}) => own(await startFakeUpstream(key, opts)),
    simulator: async (extra = {}) =>
      own(
        await startSimulator({
          keys: { [key]: 'advanced' },
          seed: 11,
          tickMs: 20,
          speed: 10,
          at: MARKET_OPEN,
          ...extra,
        }),
      ),
    proxy: async (upstream, extra = {}) =>
      own(await startProxy({ apiKey: key, apiBase: upstream.httpUrl, wsBase: upstream.wsUrl, ...extra })),
    async client(proxy, path = '/stocks', headers = {}) {
      const c = await openWs(proxy.wsUrl + path, { headers });
      owned.push({ close: () => c.terminate() });
      return c;
    },
    async authed(proxy, path = '/stocks', clientId = 'test') {
      const c = await rig.client(proxy, path);
      c.send({ action: 'auth', params: proxy.issueToken(clientId) });
      await vi.waitFor(() => expect(statusesOf(c)).toContain('auth_success'));
      return c;
    },
    async subscribed(proxy, path, topics, o = {}) {
      const c = await rig.authed(proxy, path, o.clientId);
      c.send({ action: 'subscribe', params: topics });
      const answers = o.refusals ? ['success', 'error'] : ['success'];
      const answered = () => statusesOf(c).filter((s) => answers.includes(s));
      await vi.waitFor(() => expect(answered()).toHaveLength(topics.split(',').length));
      return c;
    },
  };
  return rig;
}
