import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface LevelsDoc {
  type: string;
  v: number;
  ts: string;
  demo: boolean;
  underlying: string;
  spot: number;
  expiry: string;
  callWall: number | null;
  putWall: number | null;
  maxPain: number | null;
  gammaFlip: number | null;
  netGexTotal: number | null;
  netGex: { strike: number; gex: number }[];
  putCallOi: number | null;
  putCallVolume: number | null;
  atmIv: number | null;
  expectedMove: number | null;
}

const KEYS = [
  'type',
  'v',
  'ts',
  'demo',
  'underlying',
  'spot',
  'expiry',
  'callWall',
  'putWall',
  'maxPain',
  'gammaFlip',
  'netGexTotal',
  'netGex',
  'putCallOi',
  'putCallVolume',
  'atmIv',
  'expectedMove',
];

describe('massive levels --demo (built binary)', () => {
  it('prints the levels object of the README, consistent with itself', async () => {
    const { code, stdout, stderr } = await runCli(['levels', 'SPY', '--demo', '--dte', '0..10', '--json'], {}, 30_000);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]!) as LevelsDoc;
    expect(Object.keys(doc)).toEqual(KEYS);
    expect(doc).toMatchObject({ type: 'levels', v: 1, demo: true, underlying: 'SPY' });
    expect(doc.spot).toBeGreaterThan(0);
    expect(doc.expiry).toMatch(/^\d{4}-\d\d-\d\d$/);
    const strikes = doc.netGex.map((s) => s.strike);
    expect(strikes).toEqual([...strikes].sort((a, b) => a - b));
    expect(strikes.length).toBeGreaterThan(50);
    for (const level of [doc.callWall, doc.putWall, doc.maxPain]) {
      expect(level).not.toBeNull();
      expect(Math.abs(level! / doc.spot - 1)).toBeLessThan(0.3);
    }
    // The total is the sum of the per-strike values (each rounded to the dollar).
    const sum = doc.netGex.reduce((a, s) => a + s.gex, 0);
    expect(Math.abs(doc.netGexTotal! - sum)).toBeLessThanOrEqual(doc.netGex.length);
    if (doc.gammaFlip !== null) expect(Math.abs(doc.gammaFlip / doc.spot - 1)).toBeLessThanOrEqual(0.1);
    expect(doc.putCallOi).toBeGreaterThan(0);
    expect(doc.putCallVolume).toBeGreaterThan(0);
    expect(doc.atmIv).toBeGreaterThan(0.03);
    expect(doc.atmIv).toBeLessThan(1);
    expect(doc.expectedMove).toBeGreaterThan(0);
    expect(doc.expectedMove! / doc.spot).toBeLessThan(0.1);
  }, 90_000);

  it('reads max pain and ATM from the expiry given', async () => {
    const first = JSON.parse(
      (await runCli(['levels', 'QQQ', '--demo', '--dte', '5..40', '--json'], {}, 30_000)).stdout,
    ) as LevelsDoc;
    const { code, stdout } = await runCli(['levels', 'QQQ', '--demo', '--expiry', first.expiry, '--json'], {}, 30_000);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as LevelsDoc;
    expect(doc.expiry).toBe(first.expiry);
    expect(doc.maxPain).toBe(first.maxPain);
    expect(doc.atmIv).not.toBeNull();
  }, 90_000);

  it('prints a table of the levels and the largest strikes of net GEX', async () => {
    const { code, stdout } = await runCli(['levels', 'SPY', '--demo', '--dte', '0..3'], {}, 30_000);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SPY [\d,]+\.\d\d · nearest expiry \d{4}-\d\d-\d\d · [\d.]+K? contracts · DEMO DATA$/);
    for (const label of [
      'Call wall',
      'Put wall',
      'Max pain',
      'Gamma flip',
      'Net GEX',
      'Put/call OI',
      'Put/call volume',
      'ATM IV',
      'Expected move',
    ]) {
      expect(lines.some((l) => l.startsWith(label))).toBe(true);
    }
    expect(stdout).toMatch(/Net GEX\s+[+-]\$[\d.]+[KMB]? per 1% move/);
    expect(stdout).toMatch(/Net GEX by strike \(15 largest of \d+; --json has every strike\)/);
    expect(stdout).toMatch(/Expected move\s+±\d+\.\d\d \(\d+\.\d\d%\)/);
  }, 90_000);

  it.each([
    [['levels', 'SPY', '--expiry', '2026-12-18', '--dte', '0..30'], /either --expiry or --dte/],
    [['levels', 'SPY', '--expiry', '2026-12-01..2026-12-18'], /one date/],
    [['levels', 'SPY', '--dte', 'soon'], /--dte/],
    [['levels', 'O:SPY261218C00650000'], /not an underlying/],
    [['levels', 'SPY', '--strike', '600'], /unknown option/],
    [['levels'], /missing required argument/],
  ])(
    'exits 2 on %j',
    async (args, message) => {
      const { code, stderr, stdout } = await runCli([...args, '--demo']);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stdout).toBe('');
    },
    90_000,
  );
});
