import type { Writable } from 'node:stream';
import type { MarketStore, StoreEvent } from '../store/store.js';
import type { MarketSnapshot, QuoteRow } from '../store/types.js';
import type { LevelsEntry, OptionsDesk } from '../store/options-desk.js';
import { redact } from '../lib/redact.js';
import {
  alertLine,
  biasLine,
  biasUnavailableLine,
  flowLine,
  indicatorsLine,
  levelsLine,
  liquidityLine,
  quoteLine,
  statusLine,
  type NdjsonLine,
} from './events.js';

export interface NdjsonWriterOptions {
  readonly store: MarketStore & { subscribeEvents?(listener: (event: StoreEvent) => void): () => void };
  readonly out: Writable;
  /** Key levels per underlying: one `levels` line per refresh. */
  readonly desk?: Pick<OptionsDesk, 'subscribe' | 'getSnapshot'>;
  readonly now?: () => number;
  /** Called once when the reader goes away (EPIPE, closed pipe): the caller shuts down quietly. */
  readonly onClosed?: () => void;
  /**
   * Discrete lines (flow, alert, liquidity) held while the pipe is full; past this, they are
   * dropped and counted in the next status line. @default 10_000
   */
  readonly maxQueued?: number;
}

export interface NdjsonWriter {
  /** Writes one line now (errors, final status); subject to the same backpressure rules. */
  write(line: NdjsonLine): void;
  close(): void;
  /** Quote lines replaced by a newer value while the reader was slow. */
  readonly coalesced: number;
  /** Discrete lines dropped because the reader fell more than `maxQueued` behind. */
  readonly dropped: number;
}

/**
 * The pipe to the reader. When it is full, quote rows are conflated to the latest per symbol
 * until 'drain'; discrete lines queue in order up to `maxQueued`, then are dropped and counted.
 */
export class LinePipe {
  blocked = false;
  closed = false;
  coalesced = 0;
  dropped = 0;
  private readonly pendingQuotes = new Map<string, QuoteRow>();
  private readonly queue: NdjsonLine[] = [];

  constructor(
    private readonly out: Writable,
    private readonly maxQueued: number,
  ) {}

  write(line: NdjsonLine): void {
    if (this.closed) return;
    // Redacted like every other output path: no key or token may ever reach a reader.
    if (!this.out.write(`${redact(JSON.stringify(line))}\n`)) this.blocked = true;
  }

  /** Discrete lines keep their order behind any already queued. */
  enqueue(line: NdjsonLine): void {
    if (!this.blocked && this.queue.length === 0) this.write(line);
    else if (this.queue.length >= this.maxQueued) this.dropped++;
    else this.queue.push(line);
  }

  /** A quote row: written now, or held (replacing an older one) while the pipe is backed up. */
  quote(symbol: string, row: QuoteRow, line: (row: QuoteRow) => NdjsonLine): void {
    if (this.blocked || this.queue.length > 0) {
      if (this.pendingQuotes.has(symbol)) this.coalesced++;
      this.pendingQuotes.set(symbol, row);
    } else this.write(line(row));
  }

  /** The reader caught up: the queue first, then the latest row of each held symbol. */
  drain(line: (row: QuoteRow) => NdjsonLine): void {
    this.blocked = false;
    while (this.queue.length > 0 && !this.blocked) this.write(this.queue.shift()!);
    if (this.blocked) return;
    const rows = [...this.pendingQuotes.values()];
    this.pendingQuotes.clear();
    for (const row of rows) this.write(line(row));
  }
}

/** The lines one snapshot adds to the previous one (`last`): changed rows, indicators and bias. */
function writeSnapshot(pipe: LinePipe, snap: MarketSnapshot, last: MarketSnapshot | undefined, t: number): void {
  const demo = snap.status.demo;
  for (const group of [snap.indices, snap.quotes]) {
    for (const symbol of Object.keys(group)) {
      const row = group[symbol]!;
      const prev = last ? (last.indices[symbol] ?? last.quotes[symbol]) : undefined;
      if (row === prev || row.asOf === undefined) continue;
      pipe.quote(symbol, row, (r) => quoteLine(r, t, demo));
    }
  }
  if (!last || snap.indicators !== last.indicators) {
    for (const [symbol, values] of Object.entries(snap.indicators)) {
      if (last?.indicators[symbol] === values) continue;
      pipe.enqueue(indicatorsLine(values, t, demo));
    }
  }
  // A bias that cannot be computed is said once per change of reason, like a reading.
  const note = snap.biasUnavailable;
  const noteChanged = note !== last?.biasUnavailable;
  if (snap.bias && (snap.bias !== last?.bias || noteChanged)) pipe.enqueue(biasLine(snap.bias, t, demo, note));
  else if (!snap.bias && note && noteChanged) pipe.enqueue(biasUnavailableLine(note, t, demo));
}

/** The line of one store event (flow print, alert, liquidity warning). */
function eventLine(event: StoreEvent, t: number, demo: boolean): NdjsonLine {
  if (event.type === 'flow') return flowLine(event.print, t, demo);
  if (event.type === 'alert') return alertLine(event.alert, t, demo);
  return liquidityLine(event.warning, t, demo);
}

/**
 * Turns store snapshots and store events into NDJSON. When the pipe is full, quote lines are
 * conflated to the latest value per symbol until 'drain' (a reader never gets an unbounded
 * backlog); flow, alert and liquidity lines are queued in order, never merged, and a bounded
 * overflow is reported as `flowDropped` on the next status line rather than lost silently.
 */
export function startNdjsonWriter(options: NdjsonWriterOptions): NdjsonWriter {
  const { store, out } = options;
  const now = options.now ?? Date.now;
  const pipe = new LinePipe(out, options.maxQueued ?? 10_000);
  const demo = () => store.getSnapshot().status.demo;
  let last: MarketSnapshot | undefined;
  let reportedDropped = 0;
  let lastLevels: Readonly<Record<string, LevelsEntry>> = {};

  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') finish();
  };
  const onDrain = () => pipe.drain((row) => quoteLine(row, now(), demo()));
  out.on('error', onError);
  out.on('drain', onDrain);
  out.once('close', finish);

  function finish(): void {
    if (pipe.closed) return;
    close();
    options.onClosed?.();
  }

  function onSnapshot(): void {
    const snap = store.getSnapshot();
    const t = now();
    if (!last || snap.status !== last.status || pipe.dropped !== reportedDropped) {
      pipe.enqueue(statusLine(snap.status, t, pipe.coalesced, pipe.dropped));
      reportedDropped = pipe.dropped;
    }
    writeSnapshot(pipe, snap, last, t);
    last = snap;
  }

  function onDesk(): void {
    const levels = options.desk?.getSnapshot().levels ?? {};
    if (levels === lastLevels) return;
    for (const [symbol, entry] of Object.entries(levels))
      if (lastLevels[symbol] !== entry) pipe.enqueue(levelsLine(entry, now(), demo()));
    lastLevels = levels;
  }

  const unsubscribe = store.subscribe(onSnapshot);
  const unsubscribeEvents = store.subscribeEvents?.((event) => pipe.enqueue(eventLine(event, now(), demo())));
  const unsubscribeDesk = options.desk?.subscribe(onDesk);
  onSnapshot();
  onDesk();

  function close(): void {
    if (pipe.closed) return;
    pipe.closed = true;
    unsubscribe();
    unsubscribeEvents?.();
    unsubscribeDesk?.();
    out.off('drain', onDrain);
    out.off('error', onError);
    // Keep a no-op error listener: a late EPIPE after close must not crash the process.
    out.on('error', () => {});
  }

  return {
    write: (line) => pipe.enqueue(line),
    close,
    get coalesced() {
      return pipe.coalesced;
    },
    get dropped() {
      return pipe.dropped;
    },
  };
}
