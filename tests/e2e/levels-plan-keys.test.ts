/**
 * `massive levels` and `massive plan` (the built binary) with real-key plans against the
 * simulator: what each can still say when the key lacks the underlying's prices, and that the
 * session's own time (not the wall clock) dates the snapshot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOptionTicker } from '../../src/massive/symbology.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { runCli } from '../helpers/cli.js';

const OPTIONS_ONLY = 'levels-options-only-xxxxxxxx';
const WITH_STOCKS = 'levels-stocks-starter-xxxxxxx';
let sim: Simulator;
let root: string;

beforeAll(async () => {
  sim = await startSimulator({
    keys: { [OPTIONS_ONLY]: { options: 'advanced' }, [WITH_STOCKS]: { stocks: 'starter', options: 'advanced' } },
    seed: 11,
    at: '2026-03-10T15:00:00Z',
  });
  root = mkdtempSync(join(tmpdir(), 'massive-levels-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(root, { recursive: true, force: true });
});

function run(args: string[], key: string) {
  return runCli(
    args,
    {
      MASSIVE_API_KEY: key,
      MASSIVE_API_BASE: sim.httpUrl,
      MASSIVE_WS_BASE: sim.wsUrl,
      MASSIVE_WS_DELAYED_BASE: `${sim.wsUrl}/delayed`,
      MASSIVE_CONFIG_DIR: join(root, key),
    },
    40_000,
  );
}

interface LevelsDoc {
  demo: boolean;
  spot: number | null;
  expiry: string;
  callWall: number | null;
  putWall: number | null;
  maxPain: number | null;
  gammaFlip: number | null;
  netGexTotal: number | null;
  atmIv: number | null;
}

describe('levels and plan with real-key plans (simulator)', () => {
  it('without the underlying in the plan: walls and max pain, but nothing that needs spot', async () => {
    const { code, stdout, stderr } = await run(['levels', 'SPY', '--json'], OPTIONS_ONLY);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as LevelsDoc;
    expect(doc).toMatchObject({ demo: false, spot: null, gammaFlip: null, netGexTotal: null, atmIv: null });
    expect(doc.expiry >= '2026-03-10').toBe(true);
    expect(doc.callWall).not.toBeNull();
    expect(doc.putWall).not.toBeNull();
    expect(doc.maxPain).not.toBeNull();
  }, 90_000);

  it('refuses a plan without a price for the underlying (exit 1, saying why)', async () => {
    const levels = JSON.parse((await run(['levels', 'SPY', '--json'], OPTIONS_ONLY)).stdout) as LevelsDoc;
    const contract = formatOptionTicker({
      root: 'SPY',
      expiry: levels.expiry,
      right: 'call',
      strike: levels.callWall!,
    })!;
    const { code, stderr, stdout } = await run(['plan', contract], OPTIONS_ONLY);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no price for the underlying/);
    expect(stdout).toBe('');
  }, 90_000);

  it('with delayed stocks: spot, every level, and a plan dated by the session, not the wall clock', async () => {
    const all = JSON.parse((await run(['levels', 'SPY', '--json'], WITH_STOCKS)).stdout) as LevelsDoc;
    expect(all.spot).toBeGreaterThan(0);
    expect(all.atmIv).toBeGreaterThan(0);
    expect(all.netGexTotal).not.toBeNull();
    const contract = formatOptionTicker({ root: 'SPY', expiry: all.expiry, right: 'put', strike: all.putWall! })!;
    const { code, stdout, stderr } = await run(['plan', contract, '--json'], WITH_STOCKS);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { demo: boolean; right: string; style: string; reasons: string[] };
    expect(plan).toMatchObject({ demo: false, right: 'put', style: 'scalp' });
    expect(plan.reasons[1]).toMatch(/^ATR\(14\) on daily bars \d+\.\d\d$/);
  }, 120_000);
});
