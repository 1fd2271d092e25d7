/**
 * Where the flow window takes the underlying's price from, best first:
 * 1. `chain`: the chain snapshot's `underlying_asset.price`, which comes "depending on your
 *    current stocks plan" (https://massive.com/docs/rest/options/snapshots/option-chain-snapshot.md),
 *    so an options-only key does not get it;
 * 2. `snapshot`: the stock (or index) snapshot, through the same gateway; a 403 there is
 *    remembered per asset class for an hour and not asked again meanwhile;
 * 3. `parity`: implied by the chain itself (flow.ts `impliedSpot`).
 */
import type { Clock } from '../lib/clock.js';
import { isMassiveError } from '../lib/errors.js';
import { indicesSnapshotPath, stockSnapshotPath } from '../massive/endpoints.js';
import { isIndexSnapshotError, parseIndicesSnapshot, parseStockSnapshotSingle } from '../massive/rest-parse.js';
import { isIndexTicker } from '../massive/symbology.js';
import { impliedSpot, type ChainPage } from './flow.js';

export type SpotSource = 'chain' | 'snapshot' | 'parity';

export interface Spot {
  readonly spot: number;
  readonly source: SpotSource;
}

/** A refused underlying snapshot is asked again after this long (a plan may be upgraded). */
export const SNAPSHOT_REFUSAL_TTL_MS = 3_600_000;

/** Underlying snapshots through the gateway, with their 403s remembered per asset class. */
export class UnderlyingSnapshots {
  private readonly refusedAt = new Map<'stocks' | 'indices', number>();

  constructor(
    private readonly fetchJson: (path: string) => Promise<unknown>,
    private readonly clock: Clock,
    /** Whether the key's plan has snapshots of that class, when the proxy knows (no 403 to learn it). */
    private readonly planHas: (asset: 'stocks' | 'indices') => boolean | undefined = () => undefined,
  ) {}

  /** Whether the snapshot of `underlying`'s asset class was refused within the hour, or the plan lacks it. */
  refused(underlying: string): boolean {
    if (this.planHas(assetOf(underlying)) === false) return true;
    const at = this.refusedAt.get(assetOf(underlying));
    return at !== undefined && this.clock.now() - at < SNAPSHOT_REFUSAL_TTL_MS;
  }

  /** The underlying's last price from its own snapshot; undefined when refused, unknown or absent. */
  async price(underlying: string): Promise<number | undefined> {
    if (this.refused(underlying)) return undefined;
    const asset = assetOf(underlying);
    try {
      const path = asset === 'indices' ? indicesSnapshotPath([underlying]) : stockSnapshotPath(underlying);
      const body = await this.fetchJson(path);
      return asset === 'indices' ? indexValue(body, underlying) : stockPrice(body);
    } catch (error) {
      if (isMassiveError(error, 'NOT_ENTITLED')) {
        this.refusedAt.set(asset, this.clock.now());
        return undefined;
      }
      if (isMassiveError(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
  }
}

/** The best spot for a chain page: its own, the underlying's snapshot, or put-call parity. */
export async function pickSpot(
  page: ChainPage,
  underlying: string,
  snapshots: UnderlyingSnapshots,
): Promise<Spot | undefined> {
  if (page.spot !== undefined) return { spot: page.spot, source: 'chain' };
  const fromSnapshot = await snapshots.price(underlying);
  if (fromSnapshot !== undefined) return { spot: fromSnapshot, source: 'snapshot' };
  const implied = impliedSpot(page.rows);
  return implied === undefined ? undefined : { spot: implied, source: 'parity' };
}

function assetOf(underlying: string): 'stocks' | 'indices' {
  return isIndexTicker(underlying) ? 'indices' : 'stocks';
}

function stockPrice(body: unknown): number | undefined {
  const parsed = parseStockSnapshotSingle(body);
  const price = parsed.ok ? parsed.value.price : undefined;
  return price !== undefined && price > 0 ? price : undefined;
}

function indexValue(body: unknown, underlying: string): number | undefined {
  const parsed = parseIndicesSnapshot(body);
  if (!parsed.ok) return undefined;
  const item = parsed.value.find((i) => i.ticker === underlying);
  return item && !isIndexSnapshotError(item) && item.value !== undefined && item.value > 0 ? item.value : undefined;
}
