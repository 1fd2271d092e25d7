import { describe, it, expect, vi } from 'vitest';
import type { Simulator, SimOptions } from '../../src/sim/index.js';
import { underlyingOfContract, type ProxyOptions } from '../../src/proxy/index.js';
import { parseOptionTicker } from '../../src/massive/symbology.js';
import { proxyRig, type ProxyUnderTest } from '../helpers/proxy-rig.js';
import type { WsProbe } from '../helpers/ws-client.js';

const KEY = 'flow-proxy-key-0008';
const rig = proxyRig(KEY);
let sim: Simulator | undefined;
let proxy: ProxyUnderTest | undefined;

async function setup(extra: Partial<ProxyOptions>, simExtra: Partial<SimOptions> = {}) {
  sim = await rig.simulator(simExtra);
  proxy = await rig.proxy(sim, { quota: { limit: 100, intervalMs: 1000 }, ...extra });
}

/** A client on the flow topics once each was answered (a FLOW topic may be refused). */
const flowClient = (topics: string, path = '/options'): Promise<WsProbe> =>
  rig.subscribed(proxy!, path, topics, { clientId: 'flow-test', refusals: true });

const optionSubs = () =>
  sim!
    .connections()
    .filter((c) => c.cluster === 'options')
    .flatMap((c) => c.subscriptions);
const dataOf = (c: WsProbe) => c.elements.filter((e) => e.ev !== 'status');
const strikeOf = (topic: string) => parseOptionTicker(topic.slice(2))!.strike;

describe('options flow by underlying (FLOW.<u> on /options)', () => {
  it('window mode subscribes trades and quotes of contracts around the money and forwards them', async () => {
    await setup({ flow: 'window', flowWindow: { windowSize: 10, refreshMs: 60_000 } });
    const c = await flowClient('FLOW.SPY');
    expect(c.statuses()).toContainEqual({ status: 'success', message: 'subscribed to: FLOW.SPY' });
    await vi.waitFor(() => expect(proxy!.status().flow.underlyings.SPY?.contracts).toBe(10), { timeout: 8_000 });
    await vi.waitFor(() => expect(optionSubs()).toHaveLength(20), { timeout: 5_000 });
    const spot = proxy!.status().flow.underlyings.SPY!.spot!;
    expect(spot).toBeGreaterThan(0);
    for (const t of optionSubs()) {
      expect(t).toMatch(/^[TQ]\.O:SPY/);
      expect(Math.abs(strikeOf(t) - spot) / spot).toBeLessThan(0.05);
    }
    await vi.waitFor(() => expect(dataOf(c).some((e) => e.ev === 'Q')).toBe(true), { timeout: 8_000 });
    expect(dataOf(c).every((e) => underlyingOfContract(String(e.sym)) === 'SPY')).toBe(true);
    // The FLOW topic is the proxy's: it never goes upstream.
    expect(optionSubs().some((t) => t.startsWith('FLOW'))).toBe(false);
  });

  it('window mode follows chain pages so the nearest expiries are whole around the money ($1 strikes)', async () => {
    // 136 contracts an expiry within the band: the second expiry's upper puts are on page 2.
    await setup({ flow: 'window', flowWindow: { windowSize: 160, refreshMs: 60_000 } });
    await flowClient('FLOW.SPY');
    await vi.waitFor(() => expect(proxy!.status().flow.underlyings.SPY?.contracts).toBe(160), { timeout: 8_000 });
    await vi.waitFor(() => expect(optionSubs().filter((t) => t.startsWith('Q.'))).toHaveLength(160), {
      timeout: 5_000,
    });
    const st = proxy!.status().flow.underlyings.SPY!;
    expect(st.spotSource).toBe('chain');
    const quotes = optionSubs()
      .filter((t) => t.startsWith('Q.'))
      .map((t) => parseOptionTicker(t.slice(2))!);
    const expiries = [...new Set(quotes.map((q) => q.expiry))];
    expect(expiries).toHaveLength(2);
    // Every strike of the window is there as a call and a put on both expiries.
    for (const e of expiries) {
      for (const right of ['call', 'put'] as const)
        expect(quotes.filter((q) => q.expiry === e && q.right === right)).toHaveLength(40);
    }
    for (const q of quotes) expect(Math.abs(q.strike - st.spot!)).toBeLessThan(21);
  });

  it('prices the window by put-call parity for a key without a stocks plan', async () => {
    await setup(
      { flow: 'window', flowWindow: { windowSize: 20, refreshMs: 60_000 } },
      { keys: { [KEY]: { options: 'advanced' } } },
    );
    await flowClient('FLOW.SPY');
    await vi.waitFor(() => expect(proxy!.status().flow.underlyings.SPY?.contracts).toBe(20), { timeout: 8_000 });
    await vi.waitFor(() => expect(optionSubs()).toHaveLength(40), { timeout: 5_000 });
    const st = proxy!.status().flow.underlyings.SPY!;
    expect(st.spotSource).toBe('parity');
    const truth = sim!.market.state('SPY')!.price;
    expect(Math.abs(st.spot! - truth) / truth).toBeLessThan(0.005);
    for (const t of optionSubs()) expect(Math.abs(strikeOf(t) - truth) / truth).toBeLessThan(0.02);
  });

  it('re-centres the window when the underlying moves', async () => {
    await setup({ flow: 'window', flowWindow: { windowSize: 6, refreshMs: 300 } });
    await flowClient('FLOW.SPY');
    await vi.waitFor(() => expect(proxy!.status().flow.underlyings.SPY?.contracts).toBe(6), { timeout: 8_000 });
    const before = proxy!.status().flow.underlyings.SPY!.spot!;
    sim!.market.setPrice('SPY', before * 1.08);
    await vi.waitFor(() => expect(proxy!.status().flow.underlyings.SPY!.spot!).toBeGreaterThan(before * 1.05), {
      timeout: 8_000,
    });
    const after = proxy!.status().flow.underlyings.SPY!.spot!;
    await vi.waitFor(
      () => {
        const subs = optionSubs();
        expect(subs).toHaveLength(12);
        for (const t of subs) expect(Math.abs(strikeOf(t) - after)).toBeLessThan(Math.abs(strikeOf(t) - before));
      },
      { timeout: 5_000 },
    );
    expect(proxy!.status().upstreams.options.subscriptions).toEqual(
      Object.fromEntries(
        optionSubs()
          .sort()
          .map((t) => [t, 1]),
      ),
    );
  });

  it('keeps quote subscriptions under the contract cap across underlyings and explicit clients', async () => {
    await setup(
      { flow: 'window', flowWindow: { windowSize: 100, quoteCap: 25, refreshMs: 60_000 } },
      { optionQuoteCap: 30 },
    );
    const explicit = await flowClient('Q.O:SPY260116C00600000');
    const c = await flowClient('FLOW.SPY,FLOW.QQQ');
    await vi.waitFor(
      () => {
        const st = proxy!.status().flow.underlyings;
        expect((st.SPY?.refreshedAt ?? 0) > 0 && (st.QQQ?.refreshedAt ?? 0) > 0).toBe(true);
      },
      { timeout: 8_000 },
    );
    await vi.waitFor(() => expect(optionSubs().filter((t) => t.startsWith('Q.')).length).toBe(25), { timeout: 5_000 });
    const errors = [...c.statuses(), ...explicit.statuses()].filter((s) => s.status === 'error');
    expect(errors).toEqual([]);
    expect(proxy!.status().flow.underlyings.SPY!.contracts + proxy!.status().flow.underlyings.QQQ!.contracts).toBe(24);
  });

  it('firehose mode takes T.* upstream and gives each client only its underlyings', async () => {
    await setup({ flow: 'firehose' });
    const spy = await flowClient('FLOW.SPY');
    const qqq = await flowClient('FLOW.QQQ');
    await vi.waitFor(() => expect(optionSubs()).toEqual(['T.*']));
    await vi.waitFor(() => expect(dataOf(spy).length).toBeGreaterThan(3), { timeout: 10_000 });
    await vi.waitFor(() => expect(dataOf(qqq).length).toBeGreaterThan(3), { timeout: 10_000 });
    expect(dataOf(spy).every((e) => e.ev === 'T' && underlyingOfContract(String(e.sym)) === 'SPY')).toBe(true);
    expect(dataOf(qqq).every((e) => e.ev === 'T' && underlyingOfContract(String(e.sym)) === 'QQQ')).toBe(true);
    spy.send({ action: 'unsubscribe', params: 'FLOW.SPY' });
    qqq.terminate();
    await vi.waitFor(() => expect(proxy!.status().upstreams.options.subscriptions).toEqual({}));
  });

  it.each([
    [
      'off mode on /options',
      'off',
      '/options',
      'options flow is off in this proxy (start it with --flow window or --flow firehose)',
    ],
    ['the stocks endpoint', 'window', '/stocks', 'FLOW.SPY is served on /options only'],
  ] as const)('refuses FLOW topics on %s', async (_l, flow, path, message) => {
    await setup({ flow });
    const c = await flowClient('FLOW.SPY', path);
    expect(c.statuses()).toContainEqual({ status: 'error', message });
    // The upstream may be open (the plan is found out as a client arrives), but holds no topic.
    expect(sim!.connections().flatMap((x) => x.subscriptions)).toEqual([]);
  });

  it('refuses a malformed FLOW topic without sending it upstream', async () => {
    await setup({ flow: 'window' });
    const c = await flowClient('FLOW.*,FLOW.spy');
    expect(
      c
        .statuses()
        .filter((s) => s.status === 'error')
        .map((s) => s.message),
    ).toEqual(['invalid topic: FLOW.*', 'invalid topic: FLOW.spy']);
    expect(proxy!.status().flow.underlyings).toEqual({});
  });
});
