/**
 * Every real key works: `massive watch SPY QQQ --json` (the built binary) against the simulator
 * selling Massive's plans per asset class, with the proxy detecting what the key has. For each
 * plan: quotes for what it allows, an honest `feeds`, delayed data labelled, at most one auth
 * attempt per cluster and host, and no refusal asked again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyPlans } from '../../src/massive/entitlements.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { readNdjson, spawnCli } from '../helpers/cli.js';
import { fetchSimStats } from '../helpers/sim.js';

type Feed = 'realtime' | 'delayed' | 'rest' | 'none';
interface Line {
  type: string;
  symbol?: string;
  price?: number | null;
  delayed?: boolean;
  feeds?: Record<string, Feed | null>;
  transport?: string;
}

interface Case {
  readonly name: string;
  readonly plans: KeyPlans;
  /** The feeds `status` must settle on (a class the run never uses may stay null). */
  readonly feeds: Partial<Record<'stocks' | 'options' | 'indices', Feed>>;
  /** Symbols that must get a price, and whether it is labelled delayed. */
  readonly priced: Readonly<Record<string, boolean>>;
  /** Symbols that must never get a price. */
  readonly unpriced: readonly string[];
  /** How long the run may take to settle. @default 25 s */
  readonly waitMs?: number;
}

const CASES: readonly Case[] = [
  {
    name: 'free (Basic everywhere)',
    plans: { stocks: 'basic', options: 'basic', indices: 'basic' },
    // 5 requests a minute: the watchlist's prices come first; the indices may take a minute more.
    feeds: { stocks: 'rest', options: 'rest', indices: 'rest' },
    priced: { SPY: true, QQQ: true },
    unpriced: [],
    // Five REST requests a minute, two spent on the plan probes: on a loaded machine the indices'
    // probe can go before the stocks are known, and the last price waits for the next window.
    waitMs: 90_000,
  },
  {
    name: 'Stocks Starter only',
    plans: { stocks: 'starter' },
    feeds: { stocks: 'delayed', indices: 'none' },
    priced: { SPY: true, QQQ: true },
    unpriced: ['I:SPX', 'I:VIX'],
  },
  {
    name: 'Stocks Developer + Options Developer',
    plans: { stocks: 'developer', options: 'developer' },
    feeds: { stocks: 'delayed', options: 'delayed', indices: 'none' },
    priced: { SPY: true, QQQ: true },
    unpriced: ['I:SPX'],
  },
  {
    name: 'Stocks Advanced + Indices Starter',
    plans: { stocks: 'advanced', indices: 'starter' },
    feeds: { stocks: 'realtime', indices: 'delayed' },
    priced: { SPY: false, QQQ: false, 'I:SPX': true, 'I:VIX': true },
    unpriced: [],
  },
  {
    name: 'Options Advanced only',
    plans: { options: 'advanced' },
    feeds: { stocks: 'none', indices: 'none' },
    priced: {},
    unpriced: ['SPY', 'QQQ', 'I:SPX'],
  },
  {
    name: 'all Advanced',
    plans: { stocks: 'advanced', options: 'advanced', indices: 'advanced' },
    feeds: { stocks: 'realtime', options: 'realtime', indices: 'realtime' },
    priced: { SPY: false, QQQ: false, 'I:SPX': false, 'I:VIX': false },
    unpriced: [],
  },
];

const KEYS = Object.fromEntries(CASES.map((c, i) => [`plan-key-${i}-${'x'.repeat(12)}`, c.plans]));
let sim: Simulator;
let root: string;

beforeAll(async () => {
  sim = await startSimulator({ keys: KEYS, seed: 11, tickMs: 100, at: '2026-03-10T15:00:00Z' });
  root = mkdtempSync(join(tmpdir(), 'massive-plans-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Runs watch until `settled` holds (or `ms` pass), then for `quietMs` more, then SIGTERM. */
function watch(
  key: string,
  dir: string,
  settled: (lines: Line[]) => boolean,
  atSettled: () => Promise<void>,
  quietMs = 3_000,
  ms = 25_000,
) {
  return new Promise<{ lines: Line[]; code: number | null; stderr: string; settled: boolean }>((resolve) => {
    const child = spawnCli(['watch', 'SPY', 'QQQ', '--json', '--trace', join(dir, 'trace.ndjson')], {
      MASSIVE_API_KEY: key,
      MASSIVE_API_BASE: sim.httpUrl,
      MASSIVE_WS_BASE: sim.wsUrl,
      MASSIVE_WS_DELAYED_BASE: `${sim.wsUrl}/delayed`,
      MASSIVE_CONFIG_DIR: join(dir, 'config'),
    });
    let stderr = '';
    let done = false;
    let ok = false;
    const finish = (settledNow: boolean) => {
      if (done) return;
      done = true;
      ok = settledNow;
      void atSettled().then(() => setTimeout(() => child.kill('SIGTERM'), quietMs));
    };
    const timer = setTimeout(() => finish(false), ms);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = readNdjson<Line>(child, (ls) => {
      if (settled(ls)) finish(true);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ lines, code, stderr, settled: ok });
    });
  });
}

const lastFeeds = (lines: Line[]) => lines.filter((l) => l.type === 'status' && l.feeds).at(-1)?.feeds ?? {};
const pricedQuotes = (lines: Line[], symbol: string) =>
  lines.filter((l) => l.type === 'quote' && l.symbol === symbol && l.price != null);

/** A REST path with its time window blanked, so "the same request again" is recognisable. */
const family = (url: string) => url.replace(/\d{4}-\d{2}-\d{2}|\d{10,}/g, 'T');

describe('massive watch --json with every kind of Massive key (built binary, simulator)', () => {
  it.each(CASES.map((c, i) => [c.name, c, Object.keys(KEYS)[i]!] as const))(
    '%s',
    async (_name, c, key) => {
      const dir = mkdtempSync(join(root, 'run-'));
      let before: Awaited<ReturnType<typeof fetchSimStats>> | undefined;
      const { lines, code, stderr, settled } = await watch(
        key,
        dir,
        (ls) => {
          const feeds = lastFeeds(ls);
          // Settled: every class the run uses (stocks, indices, options through the flow) is known.
          const known = ['stocks', 'options', 'indices'].every((k) => feeds[k] != null);
          return (
            known &&
            Object.entries(c.feeds).every(([k, v]) => feeds[k] === v) &&
            Object.keys(c.priced).every((s) => pricedQuotes(ls, s).length > 0)
          );
        },
        async () => {
          before = await fetchSimStats(sim.httpUrl);
        },
        3_000,
        c.waitMs ?? 25_000,
      );
      const after = await fetchSimStats(sim.httpUrl);
      expect(settled, `feeds ${JSON.stringify(lastFeeds(lines))}; stderr ${stderr.slice(0, 500)}`).toBe(true);
      expect(code).toBe(0);
      expect(lastFeeds(lines)).toMatchObject(c.feeds);
      for (const [symbol, delayed] of Object.entries(c.priced)) {
        const q = pricedQuotes(lines, symbol).at(-1)!;
        expect(q.delayed, `${symbol} delayed`).toBe(delayed);
      }
      for (const symbol of c.unpriced) expect(pricedQuotes(lines, symbol), symbol).toHaveLength(0);
      expect(lines.some((l) => l.type === 'status' && l.transport === 'auth_failed')).toBe(false);
      // No auth storm: at most one attempt per cluster and host over the whole run, none while settled.
      const mine = (s: typeof after) => s.auth.filter((a) => a.key === key);
      for (const a of mine(after)) expect(a.attempts, `${a.cluster} ${a.feed}`).toBeLessThanOrEqual(1);
      expect(mine(after).reduce((n, a) => n + a.attempts, 0)).toBe(mine(before!).reduce((n, a) => n + a.attempts, 0));
      // No refusal asked again: no new 403 once settled, and none of the client's repeated.
      const refused = (s: typeof after) => s.rest.find((r) => r.key === key)?.notAuthorized ?? 0;
      expect(refused(after)).toBe(refused(before!));
      const trace = readFileSync(join(dir, 'trace.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; url?: string; status?: number; error?: string });
      const forbidden = trace
        .filter((t) => t.kind === 'rest' && (t.status === 403 || /HTTP 403/.test(t.error ?? '')))
        .map((t) => family(t.url!));
      expect(forbidden.length, forbidden.join('\n')).toBe(new Set(forbidden).size);
    },
    120_000,
  );
});
