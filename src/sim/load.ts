/**
 * Load generator: streams stock trades at a set rate from PRE-ENCODED frames, so the simulator is
 * never the bottleneck of a benchmark (encoding 100,000 events a second in JSON would be). A small
 * pool of frames is encoded once per second (fresh `t`, rising `q` bases) and the same buffers are
 * written to every qualifying socket. Runs beside the normal market feed.
 *
 * Qualifying sockets: authenticated, on the stocks cluster (real-time or delayed), holding `T.*`
 * or `T.<sym>` for every load symbol; so a client only gets what it subscribed to. A socket whose
 * unsent data passes `highWaterBytes` is skipped (counted in `skippedFrames`) instead of buffered
 * without bound.
 */
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { WsSession } from './ws-session.js';

export type LoadProfile = 'flat' | 'burst' | 'lull';

export interface LoadOptions {
  /** `flat`: constant; `burst`: 5× the rate for `phaseMs`, then the rate (an opening burst); `lull`: the rate for `phaseMs`, then 10 % of it. @default 'flat' */
  readonly profile?: LoadProfile;
  /** Target events per second (base rate of the profile). */
  readonly eventsPerSec: number;
  /** @default ['SPY','QQQ','AAPL','NVDA','MSFT','TSLA','AMZN','META'] */
  readonly symbols?: readonly string[];
  /** Events per frame. @default 200 */
  readonly frameEvents?: number;
  /** Length of the first phase of `burst` and `lull`, real ms. @default 5000 */
  readonly phaseMs?: number;
  /** Per-socket unsent bytes above which frames are skipped. @default 8 MiB */
  readonly highWaterBytes?: number;
  /**
   * Encode each frame as it is sent, with `t` = the send time (wall clock, ms), so a latency
   * benchmark can measure event-to-output time. Costs an encode per frame: for modest rates only.
   * @default false
   */
  readonly stampSendTime?: boolean;
}

export interface LoadStats {
  readonly running: boolean;
  readonly profile: LoadProfile;
  readonly eventsPerSec: number;
  /** Events written (summed over sockets). */
  readonly sentEvents: number;
  readonly sentFrames: number;
  /** Frames not written to a socket because it was over the high-water mark. */
  readonly skippedFrames: number;
  /** Real ms since start (until stop). */
  readonly elapsedMs: number;
  /** Qualifying sockets at the last send. */
  readonly clients: number;
}

export interface LoadControl {
  /** Starts (or restarts with new options) the load; throws a TypeError for bad options. */
  start(options: LoadOptions): LoadStats;
  stop(): LoadStats;
  stats(): LoadStats;
}

const DEFAULT_SYMBOLS = ['SPY', 'QQQ', 'AAPL', 'NVDA', 'MSFT', 'TSLA', 'AMZN', 'META'];
const POOL_FRAMES = 16;
const LOOP_MS = 5;
/** Catch-up cap per loop: after a stall the generator drops the backlog instead of flooding. */
const MAX_FRAMES_PER_LOOP = 400;

/** Events due by `elapsedMs` under a profile (the integral of its rate). */
export function eventsDue(profile: LoadProfile, rate: number, phaseMs: number, elapsedMs: number): number {
  const first = Math.min(elapsedMs, phaseMs);
  const rest = Math.max(0, elapsedMs - phaseMs);
  const factors: Record<LoadProfile, [number, number]> = { flat: [1, 1], burst: [5, 1], lull: [1, 0.1] };
  const [a, b] = factors[profile];
  return (rate * (a * first + b * rest)) / 1000;
}

/** Encodes a pool of frames of `frameEvents` stock trades each, cycling through `symbols`. */
export function encodePool(
  symbols: readonly string[],
  frameEvents: number,
  now: number,
  priceOf: (sym: string) => number,
  seqBase: number,
  frames = POOL_FRAMES,
): Buffer[] {
  const pool: Buffer[] = [];
  let n = 0;
  for (let f = 0; f < frames; f++) {
    const events: string[] = [];
    for (let i = 0; i < frameEvents; i++, n++) {
      const sym = symbols[n % symbols.length]!;
      const p = Math.round(priceOf(sym) * (1 + ((n % 7) - 3) * 1e-4) * 100) / 100;
      events.push(
        JSON.stringify({
          ev: 'T',
          sym,
          x: 4 + (n % 9),
          i: String(seqBase + n),
          z: 3,
          p,
          s: 100 * (1 + (n % 5)),
          t: now + (n % 1000),
          q: seqBase + n,
        }),
      );
    }
    pool.push(Buffer.from(`[${events.join(',')}]`));
  }
  return pool;
}

export interface LoadDeps {
  readonly clock: Clock;
  sessions(): Iterable<WsSession>;
  /** Market time now (for `t`) and a symbol's price. */
  marketNow(): number;
  priceOf(sym: string): number | undefined;
}

/** Sockets that get the load: authenticated stocks sockets holding `T.*` or every load symbol. */
export function qualifies(s: WsSession, symbols: readonly string[]): boolean {
  return (
    s.authed &&
    !s.closed &&
    s.cluster === 'stocks' &&
    (s.topics.has('T.*') || symbols.every((sym) => s.topics.has(`T.${sym}`)))
  );
}

/** The options with their defaults, checked; a TypeError says what is wrong. */
export function loadOptions(options: LoadOptions): Required<LoadOptions> {
  const rate = Number(options?.eventsPerSec);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 10_000_000)
    throw new TypeError('eventsPerSec must be a positive number (at most 10,000,000)');
  const profile = options.profile ?? 'flat';
  if (!['flat', 'burst', 'lull'].includes(profile))
    throw new TypeError(`profile must be flat, burst or lull, got ${JSON.stringify(profile)}`);
  const frameEvents = Math.floor(Number(options.frameEvents ?? 200));
  if (!(frameEvents >= 1 && frameEvents <= 2000))
    throw new TypeError('frameEvents must be 1..2000 (frames stay far below 1 MB)');
  const symbols = options.symbols ?? DEFAULT_SYMBOLS;
  if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string' && s.length > 0))
    throw new TypeError('symbols must be a non-empty list of tickers');
  return {
    profile,
    eventsPerSec: rate,
    symbols: [...symbols],
    frameEvents,
    phaseMs: Number(options.phaseMs ?? 5000),
    highWaterBytes: Number(options.highWaterBytes ?? 8 * 1024 * 1024),
    stampSendTime: options.stampSendTime === true,
  };
}

interface Counters {
  sentEvents: number;
  sentFrames: number;
  skippedFrames: number;
}

/** Writes one frame to each target, skipping (and counting) a socket over the high-water mark. */
function sendFrame(targets: readonly WsSession[], frame: Buffer, o: Required<LoadOptions>, counters: Counters): void {
  for (const s of targets) {
    if (s.socket.bufferedAmount > o.highWaterBytes) {
      counters.skippedFrames++;
      continue;
    }
    s.socket.send(frame, { binary: false, compress: false });
    counters.sentFrames++;
    counters.sentEvents += o.frameEvents;
  }
}

export function createLoadGenerator(deps: LoadDeps): LoadControl {
  let opts: Required<LoadOptions> | undefined;
  let timer: TimerHandle | undefined;
  let startedAt = 0;
  let stoppedAt: number | undefined;
  let pool: Buffer[] = [];
  let poolBuiltAt = Number.NEGATIVE_INFINITY;
  let poolIndex = 0;
  let seqBase = 1;
  let dueFrames = 0;
  const counters: Counters = { sentEvents: 0, sentFrames: 0, skippedFrames: 0 };
  let clients = 0;
  const priceOf = (sym: string) => deps.priceOf(sym) ?? 100;

  /** The next frame: from the pool (re-encoded once a second), or encoded now with the send time. */
  function nextFrame(o: Required<LoadOptions>): Buffer {
    if (!o.stampSendTime) return pool[poolIndex++ % pool.length]!;
    poolIndex++;
    // Every event of the frame carries its send time (so `t % 1000` offsets are not added).
    const frame = encodePool(o.symbols, o.frameEvents, 0, priceOf, seqBase, 1)[0]!;
    seqBase += o.frameEvents;
    return Buffer.from(frame.toString().replace(/"t":\d+/g, `"t":${deps.clock.now()}`));
  }

  function loop(): void {
    const o = opts;
    if (!o) return;
    const now = deps.clock.now();
    if (now - poolBuiltAt >= 1000) {
      pool = encodePool(o.symbols, o.frameEvents, deps.marketNow(), priceOf, seqBase);
      seqBase += POOL_FRAMES * o.frameEvents;
      poolBuiltAt = now;
    }
    const due = Math.floor(eventsDue(o.profile, o.eventsPerSec, o.phaseMs, now - startedAt) / o.frameEvents);
    const frames = Math.min(due - dueFrames, MAX_FRAMES_PER_LOOP);
    dueFrames = due;
    const targets = [...deps.sessions()].filter((s) => qualifies(s, o.symbols));
    clients = targets.length;
    for (let f = 0; f < frames; f++) sendFrame(targets, nextFrame(o), o, counters);
    timer = deps.clock.setTimeout(loop, LOOP_MS);
  }

  const stats = (): LoadStats => ({
    running: opts !== undefined,
    profile: opts?.profile ?? 'flat',
    eventsPerSec: opts?.eventsPerSec ?? 0,
    ...counters,
    clients,
    elapsedMs: (stoppedAt ?? deps.clock.now()) - startedAt,
  });

  const stop = (): LoadStats => {
    if (timer) deps.clock.clearTimeout(timer);
    timer = undefined;
    if (opts) stoppedAt = deps.clock.now();
    opts = undefined;
    return stats();
  };

  return {
    start(options) {
      const checked = loadOptions(options);
      stop();
      opts = checked;
      startedAt = deps.clock.now();
      stoppedAt = undefined;
      poolBuiltAt = Number.NEGATIVE_INFINITY;
      dueFrames = 0;
      Object.assign(counters, { sentEvents: 0, sentFrames: 0, skippedFrames: 0 });
      timer = deps.clock.setTimeout(loop, 0);
      return stats();
    },
    stop,
    stats,
  };
}
