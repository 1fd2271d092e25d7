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
 * Turns store snapshots and store events into NDJSON. When the pipe is full, quote lines are
 * conflated to the latest value per symbol until 'drain' (a reader never gets an unbounded
 * backlog); flow, alert and liquidity lines are queued in order, never merged, and a bounded
 * overflow is reported as `flowDropped` on the next status line rather than lost silently.
 */
export function startNdjsonWriter(options: NdjsonWriterOptions): NdjsonWriter {
  const { store, out } = options;
  const now = options.now ?? Date.now;
  const maxQueued = options.maxQueued ?? 10_000;
  let last: MarketSnapshot | undefined;
  let blocked = false;
  let closed = false;
  let coalesced = 0;
  let dropped = 0;
  let reportedDropped = 0;
  const pendingQuotes = new Map<string, QuoteRow>();
  const queue: NdjsonLine[] = [];

  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') finish();
  };
  const onDrain = () => {
    blocked = false;
    const demo = store.getSnapshot().status.demo;
    while (queue.length > 0 && !blocked) write(queue.shift()!);
    if (blocked) return;
    const rows = [...pendingQuotes.values()];
    pendingQuotes.clear();
    for (const row of rows) write(quoteLine(row, now(), demo));
  };
  out.on('error', onError);
  out.on('drain', onDrain);
  out.once('close', finish);

  function finish(): void {
    if (closed) return;
    close();
    options.onClosed?.();
  }

  function write(line: NdjsonLine): void {
    if (closed) return;
    // Redacted like every other output path: no key or token may ever reach a reader.
    if (!out.write(redact(JSON.stringify(line)) + '\n')) blocked = true;
  }

  /** Discrete lines keep their order behind any already queued. */
  function enqueue(line: NdjsonLine): void {
    if (!blocked && queue.length === 0) return write(line);
    if (queue.length >= maxQueued) dropped++;
    else queue.push(line);
  }

  function onEvent(event: StoreEvent): void {
    const demo = store.getSnapshot().status.demo;
    const t = now();
    if (event.type === 'flow') enqueue(flowLine(event.print, t, demo));
    else if (event.type === 'alert') enqueue(alertLine(event.alert, t, demo));
    else enqueue(liquidityLine(event.warning, t, demo));
  }

  function onSnapshot(): void {
    const snap = store.getSnapshot();
    const t = now();
    const demo = snap.status.demo;
    if (!last || snap.status !== last.status || dropped !== reportedDropped) {
      enqueue(statusLine(snap.status, t, coalesced, dropped));
      reportedDropped = dropped;
    }
    for (const group of [snap.indices, snap.quotes]) {
      for (const symbol of Object.keys(group)) {
        const row = group[symbol]!;
        const prev = last ? (last.indices[symbol] ?? last.quotes[symbol]) : undefined;
        if (row === prev || row.asOf === undefined) continue;
        if (blocked || queue.length > 0) {
          if (pendingQuotes.has(symbol)) coalesced++;
          pendingQuotes.set(symbol, row);
        } else write(quoteLine(row, t, demo));
      }
    }
    if (!last || snap.indicators !== last.indicators) {
      for (const [symbol, values] of Object.entries(snap.indicators)) {
        if (last?.indicators[symbol] === values) continue;
        enqueue(indicatorsLine(values, t, demo));
      }
    }
    // A bias that cannot be computed is said once per change of reason, like a reading.
    const note = snap.biasUnavailable;
    const noteChanged = note !== last?.biasUnavailable;
    if (snap.bias && (snap.bias !== last?.bias || noteChanged)) enqueue(biasLine(snap.bias, t, demo, note));
    else if (!snap.bias && note && noteChanged) enqueue(biasUnavailableLine(note, t, demo));
    last = snap;
  }

  let lastLevels: Readonly<Record<string, LevelsEntry>> = {};
  function onDesk(): void {
    const levels = options.desk?.getSnapshot().levels ?? {};
    if (levels === lastLevels) return;
    const demo = store.getSnapshot().status.demo;
    for (const [symbol, entry] of Object.entries(levels))
      if (lastLevels[symbol] !== entry) enqueue(levelsLine(entry, now(), demo));
    lastLevels = levels;
  }

  const unsubscribe = store.subscribe(onSnapshot);
  const unsubscribeEvents = store.subscribeEvents?.(onEvent);
  const unsubscribeDesk = options.desk?.subscribe(onDesk);
  onSnapshot();
  onDesk();

  function close(): void {
    if (closed) return;
    closed = true;
    unsubscribe();
    unsubscribeEvents?.();
    unsubscribeDesk?.();
    out.off('drain', onDrain);
    out.off('error', onError);
    // Keep a no-op error listener: a late EPIPE after close must not crash the process.
    out.on('error', () => {});
  }

  return {
    write: enqueue,
    close,
    get coalesced() {
      return coalesced;
    },
    get dropped() {
      return dropped;
    },
  };
}
