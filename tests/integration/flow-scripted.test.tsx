import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { startNdjsonWriter } from '../../src/headless/writer.js';
import { App } from '../../src/ui/app.js';
import { renderInk } from '../helpers/ink.js';
import { streamRig } from '../helpers/stream-rig.js';

// Tuesday 2026-11-24, 11:00 New York: regular hours, options trading.
const AT = Date.UTC(2026, 10, 24, 16, 0, 0);

describe('scripted option flow: simulator → proxy FLOW extension → client → store → tape and NDJSON', () => {
  const rigs = streamRig();

  it('classifies a scripted sweep, block and split and shows them on the tape and as flow events', {
    timeout: 60_000,
  }, async () => {
    const {
      sim: s,
      store,
      client,
    } = await rigs.simulated({
      at: AT,
      symbols: ['SPY'],
      frameMs: 50,
      sim: { naturalOptionTrades: false },
      proxy: { flow: 'window' },
    });
    client.subscribe({ kind: 'underlyingFlow', symbol: 'SPY' });
    const out = new PassThrough();
    let ndjson = '';
    out.on('data', (d: Buffer) => (ndjson += d.toString()));
    const writer = startNdjsonWriter({ store, out });
    await client.start();

    // The proxy's window subscribes option quotes around the money once it has read the chain.
    await expect
      .poll(
        () =>
          s.connections().some((c) => c.cluster === 'options' && c.subscriptions.some((t) => t.startsWith('Q.O:SPY'))),
        { timeout: 15_000 },
      )
      .toBe(true);
    await new Promise((r) => setTimeout(r, 300));

    s.market.scriptOptionTrades('SPY', [
      // A sweep: one call order hitting the ask on three exchanges within 200 ms.
      { right: 'call', exchange: 302, price: 'ask', size: 300, atOffsetMs: 500 },
      { right: 'call', exchange: 309, price: 'ask', size: 300, atOffsetMs: 600 },
      { right: 'call', exchange: 316, price: 'ask', size: 400, atOffsetMs: 700 },
      // A block: one 1,000-lot put sold at the bid.
      { right: 'put', exchange: 313, price: 'bid', size: 1000, atOffsetMs: 3000 },
      // A split: three prints of one call on one exchange at the mid.
      { right: 'call', dte: 1, exchange: 322, price: 'mid', size: 20, atOffsetMs: 5000 },
      { right: 'call', dte: 1, exchange: 322, price: 'mid', size: 20, atOffsetMs: 5100 },
      { right: 'call', dte: 1, exchange: 322, price: 'mid', size: 20, atOffsetMs: 5200 },
    ]);

    const flows = () =>
      ndjson
        .split('\n')
        .filter((l) => l.includes('"type":"flow"'))
        .map(
          (l) =>
            JSON.parse(l) as {
              kind: string;
              side: string;
              sentiment: string;
              size: number;
              prints: number;
              right: string;
              exchanges: number[];
              demo: boolean;
            },
        );
    await expect
      .poll(
        () =>
          flows()
            .map((f) => f.kind)
            .sort(),
        { timeout: 20_000, interval: 200 },
      )
      .toEqual(['block', 'split', 'sweep']);

    const byKind = Object.fromEntries(flows().map((f) => [f.kind, f]));
    expect(byKind.sweep).toMatchObject({
      side: 'ask',
      sentiment: 'bullish',
      size: 1000,
      prints: 3,
      right: 'call',
      exchanges: [302, 309, 316],
      demo: true,
    });
    expect(byKind.block).toMatchObject({ side: 'bid', sentiment: 'bullish', size: 1000, prints: 1, right: 'put' });
    expect(byKind.split).toMatchObject({ side: 'mid', sentiment: 'neutral', size: 60, prints: 3, exchanges: [322] });

    // The tape shows the same three orders.
    const st = store;
    await expect.poll(() => st.getSnapshot().flow.length, { timeout: 5000 }).toBe(3);
    const ink = renderInk(<App store={st} onQuit={() => {}} ageRefreshMs={0} />, { columns: 160, rows: 45 });
    try {
      const frame = ink.frame();
      expect(frame).toMatch(/SWEEP/i);
      expect(frame).toMatch(/BLOCK/i);
      expect(frame).toMatch(/SPLIT/i);
    } finally {
      ink.unmount();
      writer.close();
    }
  });
});
