import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { FlowMode } from '../massive/client-messages.js';
import { newYorkTime } from '../lib/new-york.js';
import { redact } from '../lib/redact.js';
import { optionChainPath } from '../massive/endpoints.js';
import { readPages } from '../massive/pages.js';
import { impliedSpot, parseChainPage, selectWindow, windowChainPath, windowCovered, windowTopics } from './flow.js';
import type { ChainPage, ChainRow } from './flow.js';
import { pickSpot, UnderlyingSnapshots, type Spot, type SpotSource } from './flow-spot.js';

/** The part of the options hub a flow source needs: it holds upstream topics like a client. */
export interface TopicHolder {
  acquire(topics: Iterable<string>): void;
  release(topics: Iterable<string>): void;
  /** Options `Q` contract subscriptions currently held upstream, by anyone. */
  quoteCount(): number;
}

export interface FlowManagerOptions {
  readonly mode: Exclude<FlowMode, 'off'>;
  readonly hub: TopicHolder;
  /** GETs a Massive REST path through the gateway (shared quota, cache); rejects on failure. */
  readonly fetchJson: (path: string) => Promise<unknown>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Window mode: how often the chain is re-read and the window re-centred. @default 60_000 */
  readonly refreshMs?: number;
  /**
   * Whether the key can stream option trades at all (the options entitlement has `T`), undefined
   * while that is being found out. No chain is read until it is true, so a plan without options
   * trades costs no REST. @default always
   */
  readonly canStream?: () => boolean | undefined;
  /** Whether the key's plan has stock / index snapshots, when known (the spot's second source). */
  readonly snapshotsOf?: (asset: 'stocks' | 'indices') => boolean | undefined;
  /** Window mode: strikes within this fraction of spot are candidates. @default 0.05 */
  readonly bandPct?: number;
  /** Window mode: nearest expiries covered. @default 2 */
  readonly expiries?: number;
  /** Window mode: most contracts per underlying. @default 100 */
  readonly windowSize?: number;
  /**
   * Window mode: most chain pages (250 contracts each) one read follows. Chains with $1 strikes
   * hold hundreds of contracts per expiry, so the nearest expiries around the money take more
   * than one page. @default 4
   */
  readonly maxPages?: number;
  /**
   * Options `Q` subscriptions the whole upstream connection may hold; windows shrink to stay
   * under it. Massive refuses a subscribe frame past 1,000 contracts, so keep a margin for
   * clients' own `Q.O:…` subscriptions. @default 900
   */
  readonly quoteCap?: number;
}

export interface FlowWindowStatus {
  readonly clients: number;
  readonly contracts: number;
  readonly spot?: number;
  /** Where `spot` came from: the chain, the underlying's snapshot, or put-call parity. */
  readonly spotSource?: SpotSource;
  readonly refreshedAt?: number;
  readonly lastError?: string;
}

export interface FlowStatus {
  readonly mode: FlowMode;
  readonly underlyings: Record<string, FlowWindowStatus>;
}

interface Flow {
  refs: number;
  contracts: readonly string[];
  spot?: number;
  spotSource?: SpotSource;
  /** Time of the market data last read (the chain's `underlying_asset.last_updated`). */
  asOfMs?: number;
  refreshedAt?: number;
  lastError?: string;
  timer?: TimerHandle;
  busy: boolean;
}

/**
 * Keeps upstream subscriptions for `FLOW.<underlying>` interest. Firehose: one `T.*` while any
 * flow is wanted. Window: per underlying, the chain snapshot is read every `refreshMs`, the
 * window re-selected around the current spot and only the difference (un)subscribed upstream.
 */
export class FlowManager {
  private readonly flows = new Map<string, Flow>();
  private readonly snapshots: UnderlyingSnapshots;
  private closed = false;

  constructor(private readonly o: FlowManagerOptions) {
    this.snapshots = new UnderlyingSnapshots(o.fetchJson, o.clock, o.snapshotsOf);
  }

  get mode(): Exclude<FlowMode, 'off'> {
    return this.o.mode;
  }

  acquire(underlying: string): void {
    const existing = this.flows.get(underlying);
    if (existing) {
      existing.refs++;
      return;
    }
    const flow: Flow = { refs: 1, contracts: [], busy: false };
    this.flows.set(underlying, flow);
    if (this.o.mode === 'firehose') {
      if (this.flows.size === 1) this.o.hub.acquire(['T.*']);
      return;
    }
    void this.refresh(underlying, flow);
  }

  release(underlying: string): void {
    const flow = this.flows.get(underlying);
    if (!flow) return;
    if (--flow.refs > 0) return;
    this.drop(underlying, flow);
    if (this.o.mode === 'firehose' && this.flows.size === 0) this.o.hub.release(['T.*']);
  }

  status(): FlowStatus {
    const underlyings: Record<string, FlowWindowStatus> = {};
    for (const [u, f] of [...this.flows].sort(([a], [b]) => a.localeCompare(b))) {
      underlyings[u] = {
        clients: f.refs,
        contracts: f.contracts.length,
        ...(f.spot !== undefined ? { spot: f.spot } : {}),
        ...(f.spotSource !== undefined ? { spotSource: f.spotSource } : {}),
        ...(f.refreshedAt !== undefined ? { refreshedAt: f.refreshedAt } : {}),
        ...(f.lastError !== undefined ? { lastError: f.lastError } : {}),
      };
    }
    return { mode: this.o.mode, underlyings };
  }

  /** Stops every timer; upstream topics go with the hub, which is closed alongside. */
  close(): void {
    this.closed = true;
    for (const f of this.flows.values()) if (f.timer) this.o.clock.clearTimeout(f.timer);
    this.flows.clear();
  }

  private drop(underlying: string, flow: Flow): void {
    if (flow.timer) this.o.clock.clearTimeout(flow.timer);
    flow.timer = undefined;
    this.flows.delete(underlying);
    if (flow.contracts.length > 0) this.o.hub.release(windowTopics(flow.contracts));
    flow.contracts = [];
  }

  private alive(underlying: string, flow: Flow): boolean {
    return !this.closed && this.flows.get(underlying) === flow;
  }

  private async refresh(underlying: string, flow: Flow): Promise<void> {
    flow.timer = undefined;
    if (flow.busy) return;
    flow.busy = true;
    let retryMs = this.o.refreshMs ?? 60_000;
    try {
      const can = this.o.canStream ? this.o.canStream() : true;
      if (can !== true) {
        // Asked again shortly while the plan is being detected (a second or two), else at the usual pace.
        if (can === undefined) retryMs = 1_000;
        else flow.lastError = 'option trades are not in this plan';
        return;
      }
      const band = this.o.bandPct ?? 0.05;
      const known = flow.spot !== undefined && flow.spotSource !== undefined;
      const first = known ? { spot: flow.spot!, source: flow.spotSource! } : await this.locate(underlying, flow);
      if (!this.alive(underlying, flow)) return;
      // "Today" is the New York date of the market data, not of the wall clock in UTC: evenings
      // in New York are already tomorrow in UTC, and a replayed or delayed session runs behind.
      const today = newYorkTime(Math.min(flow.asOfMs ?? Infinity, this.o.clock.now())).date;
      let page = await this.readWindow(underlying, first.spot, band, today);
      let spot: Spot = (await pickSpot(page, underlying, this.snapshots)) ?? first;
      // Spot moved far enough that the band read around the old one is off-centre: read again.
      if (Math.abs(spot.spot - first.spot) / first.spot > band / 2 && this.alive(underlying, flow)) {
        page = await this.readWindow(underlying, spot.spot, band, today);
        spot = recentred(spot, page);
      }
      if (!this.alive(underlying, flow)) return;
      flow.asOfMs = page.asOfMs ?? flow.asOfMs;
      const shape = { expiries: this.o.expiries ?? 2, maxContracts: this.budget(flow) };
      this.apply(flow, selectWindow(page.rows, spot.spot, shape));
      flow.spot = spot.spot;
      flow.spotSource = spot.source;
      flow.refreshedAt = this.o.clock.now();
      flow.lastError = undefined;
    } catch (error) {
      // Shutting down: the gateway closes under a read in flight; that is not a failure to report.
      if (this.closed) return;
      flow.lastError = redact(error instanceof Error ? error.message : String(error));
      // A refusal of the plan does not change within the minute: ask again in an hour, not sooner.
      if ((error as { code?: unknown }).code === 'NOT_ENTITLED') retryMs = Math.max(retryMs, 3_600_000);
      this.o.logger.warn('options flow window refresh failed', { underlying, error: flow.lastError });
    } finally {
      flow.busy = false;
      if (this.alive(underlying, flow)) {
        flow.timer = this.o.clock.setTimeout(() => void this.refresh(underlying, flow), retryMs);
      }
    }
  }

  /**
   * The first spot of an underlying. The chain's nearest contract (one row) carries the
   * underlying's price when the plan does; else the underlying's snapshot; else the nearest
   * expiry is read in full and the price implied by put-call parity.
   */
  private async locate(underlying: string, flow: Flow): Promise<Spot> {
    const nearest = optionChainPath(underlying, { sort: 'expiration_date', order: 'asc', limit: 1 });
    const probe = parseChainPage(await this.o.fetchJson(nearest));
    flow.asOfMs = probe.asOfMs;
    const expiry = probe.rows[0]?.expiry;
    if (expiry === undefined) throw new Error(`no option chain for ${underlying}`);
    const found = await pickSpot({ ...probe, rows: [] }, underlying, this.snapshots);
    if (found) return found;
    const expiryRows = await this.readChain(
      optionChainPath(underlying, { expirationDate: expiry, limit: 250 }),
      () => false,
    );
    const implied = impliedSpot(expiryRows.rows);
    if (implied === undefined) {
      throw new Error(`no price for ${underlying}: not on the chain, no snapshot in the plan, no call/put pair priced`);
    }
    return { spot: implied, source: 'parity' };
  }

  /** The chain around `spot` from `today`, read page by page until the nearest expiries are complete. */
  private readWindow(underlying: string, spot: number, band: number, today: string): Promise<ChainPage> {
    const expiries = this.o.expiries ?? 2;
    return this.readChain(windowChainPath(underlying, spot, band, today), (rows) => windowCovered(rows, expiries));
  }

  /** Follows `next_url` through the gateway up to the page cap, or until `enough` says so. */
  private async readChain(path: string, enough: (rows: readonly ChainRow[]) => boolean): Promise<ChainPage> {
    const rows: ChainRow[] = [];
    let spot: number | undefined;
    let asOfMs: number | undefined;
    await readPages(this.o.fetchJson, path, {
      maxPages: this.o.maxPages ?? 4,
      onPage: (body) => {
        const page = parseChainPage(body);
        rows.push(...page.rows);
        spot ??= page.spot;
        asOfMs ??= page.asOfMs;
        return enough(rows);
      },
    });
    return { rows, ...(spot === undefined ? {} : { spot }), ...(asOfMs === undefined ? {} : { asOfMs }) };
  }

  /** Contracts this window may hold: its share of what the quote cap leaves after everyone else. */
  private budget(flow: Flow): number {
    const others = this.o.hub.quoteCount() - flow.contracts.length;
    const room = Math.max(0, (this.o.quoteCap ?? 900) - others);
    return Math.min(this.o.windowSize ?? 100, room);
  }

  private apply(flow: Flow, next: readonly string[]): void {
    const before = new Set(flow.contracts);
    const after = new Set(next);
    const gone = flow.contracts.filter((c) => !after.has(c));
    const fresh = next.filter((c) => !before.has(c));
    // Release first so the upstream never holds old and new windows at once past the cap.
    if (gone.length > 0) this.o.hub.release(windowTopics(gone));
    flow.contracts = next;
    if (fresh.length > 0) this.o.hub.acquire(windowTopics(fresh));
  }
}

/** After a re-read around a new spot: the chain's own price, or parity on the better-centred rows. */
function recentred(spot: Spot, page: ChainPage): Spot {
  if (page.spot !== undefined) return { spot: page.spot, source: 'chain' };
  if (spot.source !== 'parity') return spot;
  const implied = impliedSpot(page.rows);
  return implied === undefined ? spot : { spot: implied, source: 'parity' };
}
