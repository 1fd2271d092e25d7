import { afterEach, describe, expect, it, vi } from 'vitest';
import { startProxy } from '../../src/proxy/index.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import type { DataEvent } from '../../src/massive/events.js';
import { StreamConnection } from '../../src/stream/connection.js';
import { openWs, type WsProbe } from '../helpers/ws-client.js';
import type { ProxyUnderTest } from '../helpers/proxy-rig.js';

// The embedded proxy hands data frames to a client of the same process as objects; the socket
// still carries auth, subscriptions and statuses, and other clients still get text.

const KEY = 'local-link-key-0001';
let sim: Simulator | undefined;
let proxy: ProxyUnderTest | undefined;
const conns: StreamConnection[] = [];
const raws: WsProbe[] = [];

afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  for (const c of raws.splice(0)) c.ws.terminate();
  await proxy?.close();
  await sim?.close();
});

async function setup(): Promise<ProxyUnderTest> {
  sim = await startSimulator({
    keys: { [KEY]: 'advanced' },
    seed: 5,
    tickMs: 20,
    speed: 10,
    at: '2026-01-05T15:00:00Z',
  });
  proxy = await startProxy({ apiKey: KEY, apiBase: sim.httpUrl, wsBase: sim.wsUrl });
  return proxy;
}

function client(
  p: ProxyUnderTest,
  topics: string[],
  inProcess: boolean,
): { conn: StreamConnection; events: DataEvent[] } {
  const events: DataEvent[] = [];
  const conn = new StreamConnection({
    url: `${p.wsUrl}/stocks`,
    cluster: 'stocks',
    getToken: () => p.issueToken('local-test'),
    onEvents: (batch) => void events.push(...batch),
    onState: () => {},
    inProcess,
  });
  conn.setTopics(topics);
  conn.start();
  conns.push(conn);
  return { conn, events };
}

describe('in-process handoff (lib/local-link.ts)', () => {
  it('hands data frames over as objects, checked like parsed text, beside a text client', async () => {
    const p = await setup();
    const local = client(p, ['T.AAPL', 'Q.AAPL'], true);
    const text = client(p, ['T.AAPL'], false);
    await vi.waitFor(() => expect(local.events.filter((e) => e.ev === 'Q').length).toBeGreaterThan(3), {
      timeout: 8000,
    });
    await vi.waitFor(() => expect(text.events.length).toBeGreaterThan(3), { timeout: 8000 });
    expect(local.conn.framesHandedOver).toBeGreaterThan(0);
    expect(text.conn.framesHandedOver).toBe(0);
    // Checked in place as parseFrame would: numbers where the wire may omit zeros, ms timestamps.
    for (const e of local.events.filter((ev) => ev.ev === 'Q')) {
      expect(typeof (e as { bp: unknown }).bp).toBe('number');
      expect((e as { t: number }).t).toBeGreaterThan(Date.UTC(2020, 0, 1));
    }
    // The text client got only its own topic, serialised before the handoff touched anything.
    expect(new Set(text.events.map((e) => `${e.ev}.${(e as { sym: string }).sym}`))).toEqual(new Set(['T.AAPL']));
  });

  it('ignores a sink id that is not one of this process (text as usual)', async () => {
    const p = await setup();
    const raw = await openWs(`${p.wsUrl}/stocks?local=00112233445566778899aabbccddeeff`);
    raws.push(raw);
    raw.send({ action: 'auth', params: p.issueToken('raw') });
    raw.send({ action: 'subscribe', params: 'T.MSFT' });
    await vi.waitFor(() => expect(raw.elements.filter((e) => e.ev === 'T').length).toBeGreaterThan(2), {
      timeout: 8000,
    });
  });
});
