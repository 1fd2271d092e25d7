// Fault matrix, long version: every simulator fault against the simulator -> proxy -> client ->
// store chain with the DEFAULT timers (25 s pings, 30 s dead-after, 500 ms backoff base), each
// case repeated; recovery time is printed against the fault-free time for every symbol to show a
// stream event from an arbitrary instant (the floor set by the quietest symbol). The cases and
// the rig are tests/helpers/fault-matrix.ts, shared with tests/integration/fault-matrix.test.ts.
import { distDeps, importTestHelper } from './ts-helper.mjs';
import { fmt, header, line, note } from './lib.mjs';

const median = (xs) => {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const canonical = (v) =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

export async function runFaultMatrix({ repeats = Number(process.env.BENCH_FAULT_REPEATS ?? 3) } = {}) {
  header(`Fault matrix: recovery per fault (median of ${repeats}), default proxy and client timers`);
  const { FAULT_CASES, startMatrixRig } = await importTestHelper('fault-matrix');
  const rig = await startMatrixRig(await distDeps());
  try {
    const base = [];
    const baseResume = [];
    for (let i = 0; i < 7; i++) {
      // A random instant, not one phase-locked to the previous event (the feed ticks each second).
      await new Promise((r) => setTimeout(r, 200 + ((i * 397) % 1000)));
      const t = Date.now();
      baseResume.push(await rig.resumed(t, 30_000));
      base.push(await rig.healthy(t, 30_000));
    }
    const floor = median(base);
    const resumeFloor = median(baseResume);
    note(
      `  baselines (no fault, median of 7, from random instants): both clusters deliver an event after ${fmt(resumeFloor)} ms; every symbol after ${fmt(floor)} ms. Reconnect backoff base 500 ms`,
    );
    for (const c of FAULT_CASES) {
      const runs = [];
      for (let i = 0; i < (c.expect === 'rest-only' ? 1 : repeats); i++)
        runs.push(await rig.run(c, 60_000, 150 + ((i * 397) % 1000)));
      const rec = median(runs.map((r) => r.recoveryMs));
      const failed = runs.filter((r) => c.expect === 'stream' && r.recoveryMs === undefined).length;
      const lost = runs.filter(
        (r) => c.expect === 'stream' && canonical(r.wiringAfter) !== canonical(r.wiringBefore),
      ).length;
      const dups = runs.reduce((n, r) => n + r.duplicateTrades, 0);
      const reconnects = runs.reduce((n, r) => n + r.upstreamReconnects, 0);
      const rest = median(runs.map((r) => r.restFallbackMs));
      if (c.expect === 'stream') {
        line(`${c.name}: stream resumed`, median(runs.map((r) => r.resumeMs)), 'ms', 'fault-free', resumeFloor);
        line(`${c.name}: every symbol streaming`, rec, 'ms', 'fault-free', floor);
      } else line(`${c.name}: REST carries every stock after`, rest, 'ms', 'fault-free stream', floor);
      const notes = [
        `upstream connects ${reconnects}`,
        `duplicate trades ${dups}`,
        `runs with lost/doubled subscriptions ${lost}`,
        `unrecovered ${failed}`,
      ];
      if (c.holdUntilRest) notes.push(`REST fallback during the outage ${fmt(rest)} ms`);
      if (c.expect === 'rest-only') {
        const st = rig.proxy.status();
        notes.push(
          `stocks feed ${st.entitlements.stocks.entitlement?.feed ?? 'unknown'}, upstream ${st.upstreams.stocks.upstream.state} (a refused stream is not retried)`,
        );
      }
      note(`    ${notes.join('; ')}`);
    }
  } finally {
    await rig.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runFaultMatrix();
