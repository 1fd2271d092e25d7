/**
 * Finds out what one asset class of the key can stream, without retry storms. Massive sells
 * plans per asset class and most are 15-minute delayed; a delayed plan is refused on the real-time
 * host with an `auth_failed` that speaks of the plan, and a plan without WebSockets is refused on
 * both hosts (docs/entitlements.md). So, per cluster: the real-time host first; on a refusal the
 * delayed host; on a refusal there one REST probe tells REST-only, not-in-the-plan and a rejected
 * key apart. Channel refusals (`not authorized`
 * on subscribe) narrow the channels of the entitlement. A settled no-stream answer is probed again
 * at most once per `reprobeMs`.
 *
 * The detector only decides; the hub owns the socket and the timers (ws-hub.ts).
 */
import type { Clock } from '../lib/clock.js';
import type { Channel } from '../massive/client-messages.js';
import {
  entitlementOf,
  isPlanRefusal,
  type AssetClass,
  type Entitlement,
  type PlanLevel,
  type PlanSetting,
} from '../massive/entitlements.js';

export type { PlanSetting };

export type WsHost = 'realtime' | 'delayed';

/** What a REST probe of the asset class found. */
export type RestProbe = 'ok' | 'refused' | 'key-rejected' | 'unknown';

/** What the hub does after an `auth_failed`. */
export type AuthFailedAction = 'try-delayed' | 'probe-rest';

export interface FeedDetectorOptions {
  readonly asset: AssetClass;
  readonly setting: PlanSetting;
  /** What an earlier run detected for this key (entitlement cache); used instead of probing. */
  readonly cached?: Entitlement;
  readonly clock: Clock;
  /** A no-stream answer is probed again after this long. @default 3_600_000 (one hour) */
  readonly reprobeMs?: number;
}

export class FeedDetector {
  private current: Entitlement | undefined;
  private host: WsHost | undefined;
  /** Channels the upstream refused with `not authorized`, remembered for the session. */
  private readonly refused = new Set<Channel>();
  private settledAt: number | undefined;
  private rejected = false;
  private lastRefusal: string | undefined;
  /** Auth attempts per host, for `massive status` and the tests (no storms). */
  readonly attempts: Record<WsHost, number> = { realtime: 0, delayed: 0 };

  constructor(private readonly o: FeedDetectorOptions) {
    const level = o.setting;
    if (level !== 'auto') this.adopt(entitlementOf(o.asset, level, 'configured'));
    else if (o.cached) this.adopt(o.cached);
    else this.host = 'realtime';
  }

  /** The entitlement, or undefined while it is being found out. */
  get entitlement(): Entitlement | undefined {
    return this.current;
  }

  /** Whether the key itself was rejected (nothing will work; never retried). */
  get keyRejected(): boolean {
    return this.rejected;
  }

  /** The host the upstream should connect to now; undefined when the class has no stream. */
  wsHost(): WsHost | undefined {
    if (this.rejected) return undefined;
    this.maybeReprobe();
    return this.host;
  }

  /** Whether a topic's channel may be sent upstream. */
  allows(channel: Channel): boolean {
    if (this.refused.has(channel)) return false;
    return this.current === undefined || this.current.channels.includes(channel);
  }

  /** Counts an auth attempt on `host`. */
  attempted(host: WsHost): void {
    this.attempts[host]++;
  }

  /**
   * `auth_success` on `host`: real-time means Advanced; delayed means Starter or Developer, taken as
   * Developer (trades) until a `T` subscribe is refused. Returns whether the entitlement changed.
   */
  authSucceeded(host: WsHost): boolean {
    const prev = this.current;
    if (prev && prev.feed === host) return false;
    const level: PlanLevel = host === 'realtime' ? 'advanced' : 'developer';
    this.adopt(entitlementOf(this.o.asset, level, 'detected'));
    return true;
  }

  /**
   * `auth_failed` on `host`: what to do next. The message does not decide: newer servers say the
   * plan lacks WebSocket access, older ones answered a delayed key on the real-time host with the
   * same "authentication failed" as a wrong key (polygon-io/client-php#17). So the real-time host's
   * refusal always leads to the delayed host, and the delayed host's to one REST probe, whose 401
   * (wrong key), 403 (not in the plan) or 200 (REST only) settles it.
   */
  authFailed(host: WsHost, message: string): AuthFailedAction {
    this.lastRefusal = message;
    if (host === 'realtime') {
      this.host = 'delayed';
      return 'try-delayed';
    }
    this.host = undefined;
    return 'probe-rest';
  }

  /** Whether the last refusal spoke of the plan (shown in `massive status`). */
  get planRefused(): boolean {
    return this.lastRefusal !== undefined && isPlanRefusal(this.lastRefusal);
  }

  /** The key was rejected on another cluster or by REST: nothing here will work either. */
  rejectKey(): void {
    this.rejected = true;
    this.host = undefined;
  }

  /** The REST probe's answer after both hosts refused the plan. Returns whether the entitlement changed. */
  restProbed(result: RestProbe): boolean {
    if (result === 'key-rejected') {
      this.rejected = true;
      this.host = undefined;
      return false;
    }
    // A probe that could not tell (network) is taken as REST-only and asked again later.
    let e =
      result === 'refused'
        ? entitlementOf(this.o.asset, 'none', 'detected')
        : entitlementOf(this.o.asset, 'basic', result === 'ok' ? 'detected' : 'assumed');
    // A class that streamed earlier in this session and is refused now keeps what its REST had:
    // the stream is what changed (or is failing), not the snapshots and quotes it was sold.
    const before = this.current;
    if (e.feed === 'rest' && (before?.feed === 'realtime' || before?.feed === 'delayed')) {
      e = { ...e, recency: before.recency, snapshots: before.snapshots, restQuotes: before.restQuotes };
    }
    const changed = this.current?.feed !== e.feed || this.current?.source !== e.source;
    this.adopt(e);
    return changed;
  }

  /** A subscribe on this channel was answered `not authorized`. Returns whether the entitlement changed. */
  channelRefused(channel: Channel): boolean {
    if (this.refused.has(channel)) return false;
    this.refused.add(channel);
    const e = this.current;
    if (!e?.channels.includes(channel)) return false;
    this.current = {
      ...e,
      channels: e.channels.filter((c) => c !== channel),
      source: e.source === 'configured' ? 'configured' : 'detected',
    };
    return true;
  }

  private adopt(e: Entitlement): void {
    this.current = { ...e, channels: e.channels.filter((c) => !this.refused.has(c)) };
    this.host = e.feed === 'realtime' || e.feed === 'delayed' ? e.feed : undefined;
    this.settledAt = this.host === undefined ? this.o.clock.now() : undefined;
  }

  /** A class found without a stream is tried again from the real-time host once per period. */
  private maybeReprobe(): void {
    if (this.host !== undefined || this.settledAt === undefined || this.o.setting !== 'auto') return;
    if (this.o.clock.now() - this.settledAt < (this.o.reprobeMs ?? 3_600_000)) return;
    this.settledAt = undefined;
    this.host = 'realtime';
  }
}
