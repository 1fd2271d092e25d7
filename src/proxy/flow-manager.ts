import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { redact } from '../lib/redact.js';
import { newYorkDate, parseChainPage, selectWindow, windowChainPath, windowTopics } from './flow.js';

/** The part of the options hub a flow source needs: it holds upstream topics like a client. */
export interface TopicHolder {
  acquire(topics: Iterable<string>): void;
  release(topics: Iterable<string>): void;
  /** Options `Q` contract subscriptions currently held upstream, by anyone. */
  quoteCount(): number;
}

export interface FlowManagerOptions {
  readonly mode: 'window' | 'firehose';
  readonly hub: TopicHolder;
  /** GETs a Massive REST path through the gateway (shared quota, cache); rejects on failure. */
  readonly fetchJson: (path: string) => Promise<unknown>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Window mode: how often the chain is re-read and the window re-centred. @default 60_000 */
  readonly refreshMs?: number;
  /** Window mode: strikes within this fraction of spot are candidates. @default 0.05 */
  readonly bandPct?: number;
  /** Window mode: nearest expiries covered. @default 2 */
  readonly expiries?: number;
  /** Window mode: most contracts per underlying. @default 100 */
  readonly windowSize?: number;
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
  readonly refreshedAt?: number;
  readonly lastError?: string;
}

export interface FlowStatus {
  readonly mode: 'window' | 'firehose' | 'off';
  readonly underlyings: Record<string, FlowWindowStatus>;
}

interface Flow {
  refs: number;
  contracts: readonly string[];
  spot?: number;
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
  private closed = false;

  constructor(private readonly o: FlowManagerOptions) {}

  get mode(): 'window' | 'firehose' {
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
    try {
      const band = this.o.bandPct ?? 0.05;
      let spot = flow.spot;
      if (spot === undefined) {
        // The chain snapshot names the underlying's price on every row: one row is enough.
        const first = parseChainPage(await this.o.fetchJson(`/v3/snapshot/options/${encodeURIComponent(underlying)}?limit=1`));
        spot = first.spot;
        flow.asOfMs = first.asOfMs;
        if (spot === undefined) throw new Error(`no option chain for ${underlying}`);
      }
      if (!this.alive(underlying, flow)) return;
      // "Today" is the New York date of the market data, not of the wall clock in UTC: evenings
      // in New York are already tomorrow in UTC, and a replayed or delayed session runs behind.
      const today = newYorkDate(Math.min(flow.asOfMs ?? Infinity, this.o.clock.now()));
      let page = parseChainPage(await this.o.fetchJson(windowChainPath(underlying, spot, band, today)));
      flow.asOfMs = page.asOfMs ?? flow.asOfMs;
      // Spot moved far enough that the band read around the old one is off-centre: read again.
      if (page.spot !== undefined && Math.abs(page.spot - spot) / spot > band / 2 && this.alive(underlying, flow)) {
        spot = page.spot;
        page = parseChainPage(await this.o.fetchJson(windowChainPath(underlying, spot, band, today)));
      }
      if (!this.alive(underlying, flow)) return;
      spot = page.spot ?? spot;
      this.apply(flow, selectWindow(page.rows, spot, { expiries: this.o.expiries ?? 2, maxContracts: this.budget(flow) }));
      flow.spot = spot;
      flow.refreshedAt = this.o.clock.now();
      flow.lastError = undefined;
    } catch (error) {
      flow.lastError = redact(error instanceof Error ? error.message : String(error));
      this.o.logger.warn('options flow window refresh failed', { underlying, error: flow.lastError });
    } finally {
      flow.busy = false;
      if (this.alive(underlying, flow)) {
        flow.timer = this.o.clock.setTimeout(() => void this.refresh(underlying, flow), this.o.refreshMs ?? 60_000);
      }
    }
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
