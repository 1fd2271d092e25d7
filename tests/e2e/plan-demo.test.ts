import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface Point {
  underlying: number;
  premium: number;
}

interface PlanDoc {
  type: string;
  v: number;
  demo: boolean;
  contract: string;
  underlying: string;
  right: string;
  style: string;
  spot: number;
  entry: number;
  targets: Point[];
  stop: Point;
  rewardRisk: number | null;
  breakeven: number;
  maxLoss: number;
  contracts: number;
  grade: string;
  reasons: string[];
}

const KEYS = [
  'type',
  'v',
  'ts',
  'demo',
  'contract',
  'underlying',
  'right',
  'style',
  'spot',
  'entry',
  'targets',
  'stop',
  'rewardRisk',
  'breakeven',
  'maxLoss',
  'contracts',
  'grade',
  'reasons',
];

/** A near-the-money contract of the demo chain, 3 to 10 days out, of the given right. */
async function demoContract(type: 'call' | 'put', moneyness: string): Promise<{ contract: string; strike: number }> {
  const { stdout } = await runCli(
    ['chain', 'SPY', '--demo', '--dte', '3..10', '--type', type, '--moneyness', moneyness, '--limit', '1', '--json'],
    {},
    30_000,
  );
  const c = (JSON.parse(stdout) as { contracts: { contract: string; strike: number }[] }).contracts[0]!;
  return { contract: c.contract, strike: c.strike };
}

describe('massive plan --demo (built binary)', () => {
  let call: { contract: string; strike: number };
  let put: { contract: string; strike: number };
  beforeAll(async () => {
    call = await demoContract('call', '1.005..1.02');
    put = await demoContract('put', '0.98..0.995');
  }, 60_000);

  it('plans a call: targets above spot, the stop below, the README object', async () => {
    const { code, stdout, stderr } = await runCli(['plan', call.contract, '--demo', '--json'], {}, 30_000);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as PlanDoc;
    expect(Object.keys(doc)).toEqual(KEYS);
    expect(doc).toMatchObject({
      type: 'plan',
      v: 1,
      demo: true,
      contract: call.contract,
      underlying: 'SPY',
      right: 'call',
      style: 'day',
    });
    expect(doc.targets).toHaveLength(2);
    expect(doc.targets[0]!.underlying).toBeGreaterThan(doc.spot);
    expect(doc.targets[1]!.underlying).toBeGreaterThan(doc.targets[0]!.underlying);
    expect(doc.stop.underlying).toBeLessThan(doc.spot);
    expect(doc.targets[1]!.premium).toBeGreaterThan(doc.stop.premium);
    expect(doc.breakeven).toBeCloseTo(call.strike + doc.entry, 2);
    expect(doc.maxLoss).toBeCloseTo(doc.entry * 100, 2);
    expect(['A', 'B', 'C', 'D']).toContain(doc.grade);
    expect(Number.isInteger(doc.contracts)).toBe(true);
    expect(doc.reasons[0]).toMatch(/^day: \d+ days to expiry$/);
    expect(doc.reasons[1]).toMatch(/^ATR\(14\) on daily bars \d+\.\d\d$/);
  }, 60_000);

  it('plans a put the other way round, at the entry and dollar risk given', async () => {
    const { code, stdout } = await runCli(
      ['plan', put.contract, '--demo', '--entry', '2.5', '--risk', '1000', '--json'],
      {},
      30_000,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as PlanDoc;
    expect(doc).toMatchObject({ right: 'put', entry: 2.5, maxLoss: 250 });
    expect(doc.targets[0]!.underlying).toBeLessThan(doc.spot);
    expect(doc.targets[1]!.underlying).toBeLessThan(doc.targets[0]!.underlying);
    expect(doc.stop.underlying).toBeGreaterThan(doc.spot);
    expect(doc.targets[1]!.premium).toBeGreaterThan(doc.stop.premium);
    expect(doc.breakeven).toBeCloseTo(put.strike - 2.5, 2);
    if (doc.grade !== 'D' && doc.stop.premium < 2.5) {
      expect(doc.contracts).toBe(Math.floor(1000 / ((2.5 - doc.stop.premium) * 100) + 1e-6));
    }
  }, 60_000);

  it('prints a report with the levels, the numbers and the reasons', async () => {
    const { code, stdout } = await runCli(['plan', call.contract, '--demo'], {}, 30_000);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${call.contract} · SPY ${lines[0]!.split(' ')[3]} · DEMO DATA`);
    expect(lines[1]).toMatch(/^call · day · entry \d+\.\d\d · grade [A-D]/);
    for (const label of ['Entry', 'Target 1', 'Target 2', 'Stop'])
      expect(stdout).toMatch(new RegExp(`^${label}\\s+[\\d,]+\\.\\d\\d\\s+\\d+\\.\\d\\d$`, 'm'));
    expect(stdout).toMatch(/^Breakeven {4}[\d,]+\.\d\d at expiry$/m);
    expect(stdout).toMatch(/^Contracts {4}\d+$/m);
    expect(stdout).toMatch(/^· target 1 [\d.]+: /m);
  }, 60_000);

  it('takes the dollar risk and the grade cut-offs from the settings', async () => {
    const base = JSON.parse(
      (await runCli(['plan', call.contract, '--demo', '--entry', '3', '--json'], {}, 30_000)).stdout,
    ) as PlanDoc;
    const env = { MASSIVE_PLAN_RISK_PER_TRADE: '5000', MASSIVE_PLAN_ATR_DAY: '0.5 1 0.3' };
    const set = JSON.parse(
      (await runCli(['plan', call.contract, '--demo', '--entry', '3', '--json'], env, 30_000)).stdout,
    ) as PlanDoc;
    expect(set.reasons).toContain(base.reasons.find((r) => r.startsWith('ATR(14)')));
    expect(set.reasons.some((r) => /^target 2 [\d.]+: .*1×ATR/.test(r))).toBe(true);
    // The JSON's stop premium is rounded to the cent; the size was worked out before rounding.
    if (set.grade !== 'D' && set.stop.premium < 3)
      expect(Math.abs(set.contracts - Math.floor(5000 / ((3 - set.stop.premium) * 100)))).toBeLessThanOrEqual(1);
    // No spread is tight enough for a zero cut-off: grade D, untradeable, nothing sized.
    const strict = JSON.parse(
      (await runCli(['plan', call.contract, '--demo', '--json'], { MASSIVE_PLAN_GRADE_SPREAD_PCT: '0 0 0' }, 30_000))
        .stdout,
    ) as PlanDoc;
    expect(strict).toMatchObject({ grade: 'D', contracts: 0 });
    expect(strict.reasons).toContain('grade D: untradeable');
  }, 90_000);

  it('fails with exit 1 for a contract Massive does not list', async () => {
    const { code, stderr, stdout } = await runCli(['plan', 'O:SPY261204C09990000', '--demo'], {}, 30_000);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^massive: /);
    expect(stdout).toBe('');
  }, 60_000);

  it.each([
    [['plan', 'SPY'], /not an option contract/],
    [['plan', 'O:SPY261318C00650000'], /not an option contract/],
    [['plan', 'O:SPY261218C00650000', '--entry', '-1'], /--entry takes a number above 0/],
    [['plan', 'O:SPY261218C00650000', '--risk', 'lots'], /--risk takes a number above 0/],
    [['plan'], /missing required argument/],
  ])(
    'exits 2 on %j',
    async (args, message) => {
      const { code, stderr, stdout } = await runCli([...args, '--demo']);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stdout).toBe('');
    },
    60_000,
  );
});
