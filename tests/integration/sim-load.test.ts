import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { eventsDue } from '../../src/sim/load.js';
import { openWs, type WsProbe } from '../helpers/ws-client.js';
import { at, jsonOf } from '../helpers/json.js';

const KEY = 'demo-key';
const AT = '2026-01-06T17:00:00Z';

/** A bare ws client that counts trade elements, as a benchmark baseline would. */
async function countingClient(url: string, topics: string): Promise<{ count: () => number; close: () => void }> {
  const ws = new WebSocket(url);
  let n = 0;
  let subscribed = false;
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data) => {
      const arr = JSON.parse(data.toString()) as { ev: string; status?: string }[];
      for (const e of arr) {
        if (e.ev === 'T') n++;
        else if (e.status === 'success' && !subscribed) {
          subscribed = true;
          resolve();
        }
      }
    });
    ws.on('open', () => {
      ws.send(JSON.stringify({ action: 'auth', params: KEY }));
      ws.send(JSON.stringify({ action: 'subscribe', params: topics }));
    });
  });
  return { count: () => n, close: () => ws.terminate() };
}

describe('eventsDue', () => {
  it.each([
    ['flat', 1000, 100],
    ['flat', 10_000, 1000],
    ['burst', 1000, 500],
    ['burst', 10_000, 2500 + 500],
    ['lull', 1000, 100],
    ['lull', 10_000, 500 + 50],
  ] as const)('%s at %i ms has sent %i events at 100/s with a 5 s phase', (profile, elapsed, due) => {
    expect(eventsDue(profile, 100, 5000, elapsed)).toBeCloseTo(due, 6);
  });
});

describe('simulator load generator', () => {
  let sim: Simulator | undefined;
  const probes: WsProbe[] = [];

  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await sim?.close();
    sim = undefined;
  });

  it('streams at least 20,000 events/s (target 100,000) from pre-encoded frames to one bare client', async () => {
    sim = await startSimulator({
      tickMs: 250,
      at: AT,
      load: { profile: 'flat', eventsPerSec: 100_000, symbols: ['SPY', 'QQQ', 'NVDA'], frameEvents: 200 },
    });
    const client = await countingClient(`${sim.wsUrl}/stocks`, 'T.*');
    try {
      await new Promise((r) => setTimeout(r, 300));
      const n0 = client.count();
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, 2000));
      const rate = ((client.count() - n0) * 1000) / (performance.now() - t0);
      // The precise figure belongs in `npm run bench`; this is a robust floor for a loaded machine.
      console.log(`sim load: ${Math.round(rate).toLocaleString('en-US')} events/s received (target 100,000)`);
      expect(rate).toBeGreaterThanOrEqual(20_000);
      expect(sim.load.stats()).toMatchObject({ running: true, clients: 1, profile: 'flat' });
    } finally {
      client.close();
    }
  });

  it('sends load only to sockets subscribed to every load symbol, with exact trade keys', async () => {
    sim = await startSimulator({ tickMs: 50, at: AT });
    const partial = await openWs(`${sim.wsUrl}/stocks`);
    const full = await openWs(`${sim.wsUrl}/stocks`.replace('/stocks', '/delayed/stocks'));
    probes.push(partial, full);
    partial.auth(KEY, 'T.AAA');
    full.auth(KEY, 'T.AAA,T.BBB');
    await partial.waitFor((e) => e.message === 'subscribed to: T.AAA');
    await full.waitFor((e) => e.message === 'subscribed to: T.BBB');
    sim.load.start({ eventsPerSec: 2000, symbols: ['AAA', 'BBB'], frameEvents: 10 });
    const t = await full.waitFor((e) => e.ev === 'T' && e.sym === 'BBB');
    expect(Object.keys(t).sort()).toEqual(['ev', 'i', 'p', 'q', 's', 'sym', 't', 'x', 'z']);
    await new Promise((r) => setTimeout(r, 200));
    expect(partial.frames.flat().some((e) => e.ev === 'T')).toBe(false);
    const stopped = sim.load.stop();
    expect(stopped.running).toBe(false);
    expect(stopped.sentEvents).toBeGreaterThan(0);
  });

  it('starts, reports and stops over the control endpoint, and rejects bad options', async () => {
    sim = await startSimulator({ tickMs: 50, at: AT });
    const post = async (body: unknown) => {
      const res = await fetch(`${sim!.httpUrl}/_sim/load`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, body: await jsonOf(res) };
    };
    expect((await post({ action: 'start', eventsPerSec: -1 })).status).toBe(400);
    expect((await post({ action: 'start', eventsPerSec: 1000, profile: 'sine' })).status).toBe(400);
    expect((await post({ action: 'dance' })).status).toBe(400);
    const started = await post({ action: 'start', profile: 'burst', eventsPerSec: 5000, frameEvents: 50 });
    expect(started).toMatchObject({
      status: 200,
      body: { status: 'OK', running: true, profile: 'burst', eventsPerSec: 5000 },
    });
    const stats = await jsonOf(await fetch(`${sim.httpUrl}/_sim/load`));
    expect(at(stats, 'running')).toBe(true);
    expect(at((await post({ action: 'stop' })).body, 'running')).toBe(false);
  });
});
