import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface ChainDoc {
  type: string;
  demo: boolean;
  underlying: string;
  spot: number;
  filters: Record<string, string | number>;
  count: number;
  truncated: boolean;
  contracts: {
    contract: string;
    expiry: string;
    right: string;
    strike: number;
    bid: number | null;
    delta: number | null;
    breakEven: number | null;
  }[];
}

describe('massive chain --demo (built binary)', () => {
  it('prints one JSON document of the filtered chain, with the filters sent as query parameters', async () => {
    const { code, stdout, stderr } = await runCli(
      ['chain', 'SPY', '--demo', '--type', 'put', '--dte', '0..45', '--moneyness', '0.97..1.03', '--json'],
      {},
      30_000,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]!) as ChainDoc;
    expect(doc).toMatchObject({ type: 'chain', demo: true, underlying: 'SPY', truncated: false });
    expect(doc.filters).toMatchObject({ contract_type: 'put' });
    expect(doc.filters['strike_price.gte']).toBeCloseTo(doc.spot * 0.97, 0);
    expect(doc.filters['strike_price.lte']).toBeCloseTo(doc.spot * 1.03, 0);
    expect(doc.count).toBe(doc.contracts.length);
    expect(doc.count).toBeGreaterThan(0);
    for (const c of doc.contracts) {
      expect(c.right).toBe('put');
      expect(c.strike).toBeGreaterThanOrEqual(doc.filters['strike_price.gte'] as number);
      expect(c.strike).toBeLessThanOrEqual(doc.filters['strike_price.lte'] as number);
      expect(
        c.expiry >= (doc.filters['expiration_date.gte'] as string) &&
          c.expiry <= (doc.filters['expiration_date.lte'] as string),
      ).toBe(true);
    }
    // Sorted the way a trader reads a chain: expiry, then strike.
    const keys = doc.contracts.map((c) => `${c.expiry} ${String(c.strike).padStart(8, '0')}`);
    expect(keys).toEqual([...keys].sort());
  }, 90_000);

  it('follows pagination past one page and stops at --limit', async () => {
    const all = await runCli(['chain', 'SPY', '--demo', '--dte', '0..60', '--json'], {}, 30_000);
    expect(all.code).toBe(0);
    const doc = JSON.parse(all.stdout) as ChainDoc;
    // The simulator serves at most 250 contracts a page; a 60-day chain has more.
    expect(doc.count).toBeGreaterThan(250);
    expect(new Set(doc.contracts.map((c) => c.contract)).size).toBe(doc.count);
    const limited = JSON.parse(
      (await runCli(['chain', 'SPY', '--demo', '--dte', '0..60', '--limit', '5', '--json'], {}, 30_000)).stdout,
    ) as ChainDoc;
    expect(limited).toMatchObject({ count: 5, truncated: true });
  }, 90_000);

  it('prints a table with the chain columns', async () => {
    const { code, stdout } = await runCli(
      ['chain', 'SPY', '--demo', '--type', 'call', '--dte', '0..10', '--limit', '8'],
      {},
      30_000,
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SPY [\d,]+\.\d\d · 8 contracts \(first 8; raise --limit for more\) · DEMO DATA$/);
    expect(lines[1]).toMatch(
      /Expiry\s+C\/P\s+Strike\s+Bid\s+Ask\s+Last\s+Volume\s+OI\s+IV\s+Delta\s+Gamma\s+Theta\s+Vega\s+BreakEven/,
    );
    expect(lines).toHaveLength(10);
    for (const line of lines.slice(2)) expect(line).toMatch(/^\d{4}-\d\d-\d\d C\s+\d/);
  }, 90_000);

  it.each([
    [['chain', 'SPY', '--expiry', '2026-12-18', '--dte', '0..30'], /either --expiry or --dte/],
    [['chain', 'SPY', '--strike', '660..640'], /660 is above 640/],
    [['chain', 'SPY', '--type', 'straddle'], /call or put/],
    [['chain', 'SPY', '--limit', '-1'], /--limit/],
    [['chain'], /missing required argument/],
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
