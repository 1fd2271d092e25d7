/**
 * The proxy's account-wide view of what the key has: one FeedDetector per asset class, the REST
 * probe they share, the per-key cache of what was detected, the REST quota that follows from it,
 * and the one verdict that ends everything (Massive rejected the key).
 */
import type { Clock } from '../lib/clock.js';
import type { MassiveError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Entitlement, PlanSetting } from '../massive/entitlements.js';
import { CLUSTERS, type Cluster } from '../massive/events.js';
import { loadEntitlements, saveEntitlements } from './entitlement-cache.js';
import { FeedDetector, type RestProbe } from './feed-detector.js';

/**
 * One cheap REST call per asset class that every plan level of it may make: a previous-day bar,
 * or one entry of the contracts reference. 200 = the class is served, 403 = not in the plan.
 */
export const PROBE_PATHS: Readonly<Record<Cluster, string>> = {
  stocks: '/v2/aggs/ticker/SPY/prev',
  options: '/v3/reference/options/contracts?underlying_ticker=SPY&limit=1',
  indices: '/v2/aggs/ticker/I:SPX/prev',
};

export interface FeedsOptions {
  readonly plans?: Readonly<Partial<Record<Cluster, PlanSetting>>>;
  /** Per-key cache file; nothing is read or written without it. */
  readonly cachePath?: string;
  readonly reprobeMs?: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** GETs through the REST gateway (shared quota); rejects with a MassiveError. */
  readonly fetchJson: (path: string) => Promise<unknown>;
  /** The configured (paid) quota, and how to change the gateway's. */
  readonly paidQuota: { readonly limit: number; readonly intervalMs: number };
  readonly setQuota: (limit: number, intervalMs: number) => void;
  /** Called once when the key turns out to be rejected. */
  readonly onKeyRejected: () => void;
}

export class Feeds {
  private readonly detectors = new Map<Cluster, FeedDetector>();
  private readonly known: Partial<Record<Cluster, Entitlement>>;
  private rejected = false;

  constructor(private readonly o: FeedsOptions) {
    const cached = o.cachePath ? loadEntitlements(o.cachePath, o.clock.now()) : {};
    this.known = { ...cached };
    for (const asset of CLUSTERS) {
      this.detectors.set(
        asset,
        new FeedDetector({
          asset,
          setting: o.plans?.[asset] ?? 'auto',
          ...(cached[asset] ? { cached: cached[asset] } : {}),
          clock: o.clock,
          ...(o.reprobeMs !== undefined ? { reprobeMs: o.reprobeMs } : {}),
        }),
      );
    }
    for (const asset of CLUSTERS) {
      const e = this.detectors.get(asset)!.entitlement;
      if (e) this.known[asset] = e;
    }
    this.adaptQuota();
  }

  detector(asset: Cluster): FeedDetector {
    return this.detectors.get(asset)!;
  }

  get keyRejected(): boolean {
    return this.rejected;
  }

  async probeRest(asset: Cluster): Promise<RestProbe> {
    try {
      await this.o.fetchJson(PROBE_PATHS[asset]);
      return 'ok';
    } catch (error) {
      const code = (error as MassiveError).code;
      this.o.logger.info('REST probe refused', { asset, code });
      return code === 'NOT_ENTITLED' ? 'refused' : code === 'AUTH_FAILED' ? 'key-rejected' : 'unknown';
    }
  }

  /** A hub's entitlement changed: remember it, cache what was detected, follow with the quota. */
  changed(asset: Cluster, e: Entitlement): void {
    this.known[asset] = e;
    this.adaptQuota();
    if (!this.o.cachePath || e.source === 'configured') return;
    try {
      saveEntitlements(this.o.cachePath, this.known, this.o.clock.now());
    } catch (error) {
      this.o.logger.warn('could not cache entitlements', { message: (error as Error).message });
    }
  }

  /**
   * Massive answered 429. A key known to stream somewhere is paid and just busy; one that streams
   * nothing known yet is most likely free (5 a minute), and waiting for every class to be probed
   * would spend the minute's allowance several times over.
   */
  rateLimited(): void {
    const all = CLUSTERS.map((c) => this.known[c]);
    if (!all.some((e) => e?.feed === 'realtime' || e?.feed === 'delayed')) this.o.setQuota(5, 60_000);
  }

  rejectKey(): void {
    if (this.rejected) return;
    this.rejected = true;
    this.o.logger.error('Massive rejected the API key (REST 401)');
    this.o.onKeyRejected();
  }

  /**
   * A key that streams nothing anywhere is a free (Basic) key: Massive allows it 5 REST requests a
   * minute, so the shared quota follows as soon as every class is known; a class that streams
   * later (an upgrade) brings the configured rate back.
   */
  private adaptQuota(): void {
    const all = CLUSTERS.map((c) => this.known[c]);
    if (all.some((e) => e?.feed === 'realtime' || e?.feed === 'delayed'))
      this.o.setQuota(this.o.paidQuota.limit, this.o.paidQuota.intervalMs);
    else if (all.every((e) => e !== undefined) && all.some((e) => e!.feed === 'rest')) this.o.setQuota(5, 60_000);
  }
}
