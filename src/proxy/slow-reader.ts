/**
 * What a downstream session does about a client that reads too slowly: the bookkeeping apart
 * from the socket, so the session only asks what to do with each frame.
 *
 * While the client is behind, frames are only set aside (no parsing on the fan-out path, so the
 * other clients do not pay for this one); when it catches up they are conflated to the latest
 * quote, bar or index value per symbol (a trader wants the current price, not a backlog) and
 * the trades that had to go are counted. A client that stays behind, or falls too far, is cut.
 */
import { PROXY_STATUS, statusFrame } from '../massive/client-messages.js';

export interface BackpressureLimits {
  /** Above this many buffered bytes data frames are dropped (status frames still go). @default 1 MiB */
  readonly softBytes?: number;
  /** Above this the client is cut off (status frames are never dropped, so the buffer can still grow). @default 8 MiB */
  readonly hardBytes?: number;
  /** A client continuously over the soft limit for this long is cut off: it is not catching up. @default 10_000 */
  readonly maxStallMs?: number;
}

/** Status code sent when frames were dropped for a slow reader (proxy extension). */
export const SLOW_CONSUMER_STATUS = PROXY_STATUS.slowConsumer;

/** Frames held for a slow client until it catches up; older ones are superseded by newer ones anyway. */
const MAX_HELD = 256;

export type Verdict = 'send' | 'hold' | 'cut';

export class SlowReader {
  private readonly soft: number;
  private readonly hard: number;
  private readonly maxStallMs: number;
  private overSoftSince: number | undefined;
  private held: string[] = [];
  private evicted = 0;
  private droppedCount = 0;
  private reported = 0;

  constructor(limits: BackpressureLimits = {}) {
    this.soft = limits.softBytes ?? 1024 * 1024;
    this.hard = limits.hardBytes ?? 8 * 1024 * 1024;
    this.maxStallMs = limits.maxStallMs ?? 10_000;
  }

  /** Data frames set aside (and so not delivered as sent) since the session began. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** What to do with the next data frame, given the socket's buffered bytes. */
  verdict(buffered: number, now: number): Verdict {
    if (buffered <= this.soft) {
      this.overSoftSince = undefined;
      return 'send';
    }
    this.overSoftSince ??= now;
    return buffered > this.hard || now - this.overSoftSince > this.maxStallMs ? 'cut' : 'hold';
  }

  hold(text: string): void {
    this.droppedCount++;
    this.held.push(text);
    if (this.held.length > MAX_HELD) {
      this.held.shift();
      this.evicted++;
    }
  }

  /** The frames to send before the next one once the client has caught up: a notice and the latest values. */
  catchUp(): string[] {
    if (this.droppedCount === this.reported) return [];
    const n = this.droppedCount - this.reported;
    this.reported = this.droppedCount;
    const { latest, trades } = conflate(this.held);
    const older = this.evicted > 0 ? ` and ${this.evicted} older frames unread` : '';
    this.held = [];
    this.evicted = 0;
    const notice = statusFrame(
      SLOW_CONSUMER_STATUS,
      `dropped ${n} frames because the client read too slowly (kept the latest quote per symbol; ${trades} trades lost${older})`,
    );
    return latest.length > 0 ? [notice, JSON.stringify(latest)] : [notice];
  }
}

/** The latest element per channel and symbol across held frames, oldest first, and the trades among them. */
function conflate(held: readonly string[]): { latest: unknown[]; trades: number } {
  const latest = new Map<string, unknown>();
  let trades = 0;
  // Newest first, so the first element seen per symbol is its latest.
  for (let f = held.length - 1; f >= 0; f--) {
    let elements: unknown;
    try {
      elements = JSON.parse(held[f] as string);
    } catch {
      continue;
    }
    if (!Array.isArray(elements)) continue;
    for (let i = elements.length - 1; i >= 0; i--) {
      const e = elements[i] as { ev?: unknown; sym?: unknown; T?: unknown } | null;
      if (e?.ev === 'T') trades++;
      else if (typeof e?.ev === 'string' && e.ev !== 'status') {
        const key = `${e.ev}|${String(e.sym ?? e.T)}`;
        if (!latest.has(key)) latest.set(key, e);
      }
    }
  }
  return { latest: [...latest.values()].reverse(), trades };
}
