import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { status } from '../helpers/sim.js';
import { openWs, type WsProbe } from '../helpers/ws-client.js';
import { at, jsonOf } from '../helpers/json.js';

const KEY = 'demo-key';

describe('simulator fault injection', () => {
  let sim: Simulator | undefined;
  const probes: WsProbe[] = [];

  async function streaming(path = '/stocks', topics = 'T.SPY'): Promise<WsProbe> {
    const p = await openWs(sim!.wsUrl + path);
    probes.push(p);
    p.auth(KEY, topics);
    await p.waitFor((e) => e.ev === 'status' && e.status === 'success');
    return p;
  }

  async function control(body: unknown): Promise<number> {
    const res = await fetch(`${sim!.httpUrl}/_sim/fault`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    await res.arrayBuffer();
    return res.status;
  }

  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await sim?.close();
    sim = undefined;
  });

  it('drops connections abruptly so the client sees 1006', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await streaming();
    sim.faults.drop();
    expect((await c.closed).code).toBe(1006);
    expect(sim.connections()).toEqual([]);
  });

  it.each([1008, 1011, 1001])('closes connections with code %i', async (code) => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await streaming();
    sim.faults.close(code);
    expect((await c.closed).code).toBe(code);
  });

  it('targets one cluster when asked', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const stocks = await streaming('/stocks');
    const indices = await streaming('/indices', 'V.I:SPX');
    sim.faults.drop('indices');
    expect((await indices.closed).code).toBe(1006);
    expect(stocks.ws.readyState).toBe(stocks.ws.OPEN);
  });

  it('stops answering pings when told to, and answers them again afterwards', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await streaming();
    const pong = () =>
      new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), 300);
        c.ws.once('pong', () => {
          clearTimeout(t);
          resolve(true);
        });
        c.ws.ping();
      });
    expect(await pong()).toBe(true);
    sim.faults.stopPongs(true);
    expect(await pong()).toBe(false);
    sim.faults.stopPongs(false);
    expect(await pong()).toBe(true);
  });

  it('stalls the stream without closing the socket', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 10 });
    const c = await streaming();
    await c.waitFor((e) => e.ev === 'T');
    sim.faults.stall(true);
    await new Promise((r) => setTimeout(r, 100));
    const count = c.frames.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(c.frames.length).toBe(count);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    sim.faults.stall(false);
    await expect.poll(() => c.frames.length, { timeout: 3000 }).toBeGreaterThan(count);
  });

  it('refuses new connections with HTTP 503 while refusing', async () => {
    sim = await startSimulator({ tickMs: 20 });
    sim.faults.refuseConnects(true);
    await expect(openWs(`${sim.wsUrl}/stocks`)).rejects.toThrow(/503/);
    sim.faults.refuseConnects(false);
    probes.push(await openWs(`${sim.wsUrl}/stocks`));
  });

  it('fails every auth while failAuth is on', async () => {
    sim = await startSimulator({ tickMs: 20 });
    sim.faults.failAuth(true);
    const c = await openWs(`${sim.wsUrl}/stocks`);
    probes.push(c);
    await c.next();
    c.auth(KEY);
    expect(await c.next()).toEqual([status('auth_failed', 'authentication failed')]);
  });

  it('sends the requested number of malformed frames to authenticated sockets', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await streaming('/stocks', 'T.NOSUCHX');
    const before = c.frames.length;
    sim.faults.malformed(3);
    await expect.poll(() => c.frames.length - before, { timeout: 2000 }).toBe(3);
    const bad = c.frames.slice(before);
    expect(bad.some((f) => 'raw' in f[0]!)).toBe(true);
  });

  it('batches status acks with data while mixStatus is on', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 10 });
    const c = await streaming('/stocks', 'T.SPY');
    sim.faults.mixStatus(true);
    c.send({ action: 'subscribe', params: 'Q.SPY' });
    await c.waitFor((e) => e.ev === 'status' && e.message === 'subscribed to: Q.SPY');
    await expect
      .poll(() => c.frames.some((f) => f.some((e) => e.ev === 'status') && f.some((e) => e.ev !== 'status')), {
        timeout: 3000,
      })
      .toBe(true);
  });

  it('answers the next REST requests with 429 and Retry-After, then recovers', async () => {
    sim = await startSimulator({ tickMs: 20 });
    sim.faults.rest429(2, 3);
    const url = `${sim.httpUrl}/v1/marketstatus/now?apiKey=${KEY}`;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(at(await jsonOf(res), 'status')).toBe('ERROR');
    }
    expect((await fetch(url)).status).toBe(200);
  });

  it('answers with an HTML 502 from the edge for rest5xx', async () => {
    sim = await startSimulator({ tickMs: 20 });
    sim.faults.rest5xx(1);
    const res = await fetch(`${sim.httpUrl}/v1/marketstatus/now?apiKey=${KEY}`);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('502 Bad Gateway');
  });

  it('delays REST responses by the injected latency', async () => {
    sim = await startSimulator({ tickMs: 20 });
    sim.faults.latency(250);
    const t0 = Date.now();
    await (await fetch(`${sim.httpUrl}/v1/marketstatus/now?apiKey=${KEY}`)).json();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('delays WebSocket frames by the injected latency too', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await streaming();
    sim.faults.latency(300);
    const t0 = Date.now();
    c.send({ action: 'subscribe', params: 'T.QQQ' });
    await c.waitFor((e) => e.message === 'subscribed to: T.QQQ');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('cuts sockets after the forced-reconnect interval of market time, by drop or by close code', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 100 });
    const dropped = await streaming();
    sim.faults.reconnectEvery(60_000); // one market minute = 600 real ms at speed 100
    expect((await dropped.closed).code).toBe(1006);
    sim.faults.reconnectEvery(60_000, 1001);
    const closed = await streaming();
    const t0 = Date.now();
    expect((await closed.closed).code).toBe(1001);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    sim.faults.reconnectEvery(0);
    const kept = await streaming();
    await new Promise((r) => setTimeout(r, 1000));
    expect(kept.ws.readyState).toBe(kept.ws.OPEN);
  });

  it('takes faults over HTTP on POST /_sim/fault and rejects unknown ones', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await streaming();
    expect(await control({ fault: 'nonsense' })).toBe(400);
    expect(await control({ fault: 'reconnectEvery', ms: 1000, code: 7 })).toBe(400);
    expect(await control({ fault: 'close', code: 1011 })).toBe(200);
    expect((await c.closed).code).toBe(1011);
    expect(await control({ fault: 'rest5xx', n: 1 })).toBe(200);
    expect((await fetch(`${sim.httpUrl}/v1/marketstatus/now?apiKey=${KEY}`)).status).toBe(502);
  });
});
