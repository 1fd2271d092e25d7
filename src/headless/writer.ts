import type { Writable } from 'node:stream';
import type { MarketStore } from '../store/store.js';
import type { MarketSnapshot, QuoteRow } from '../store/types.js';
import { redact } from '../lib/redact.js';
import { quoteLine, statusLine, type NdjsonLine } from './events.js';

export interface NdjsonWriterOptions {
  readonly store: MarketStore;
  readonly out: Writable;
  readonly now?: () => number;
  /** Called once when the reader goes away (EPIPE, closed pipe): the caller shuts down quietly. */
  readonly onClosed?: () => void;
}

export interface NdjsonWriter {
  /** Writes one line now (errors, final status); subject to the same backpressure rules. */
  write(line: NdjsonLine): void;
  close(): void;
  /** Quote lines replaced by a newer value while the reader was slow. */
  readonly coalesced: number;
}

/**
 * Turns store snapshots into NDJSON. When the pipe is full, quote lines are conflated to the
 * latest value per symbol until 'drain' (a reader never gets an unbounded backlog), and the next
 * status line reports how many were coalesced.
 */
export function startNdjsonWriter(options: NdjsonWriterOptions): NdjsonWriter {
  const { store, out } = options;
  const now = options.now ?? Date.now;
  let last: MarketSnapshot | undefined;
  let blocked = false;
  let closed = false;
  let coalesced = 0;
  const pendingQuotes = new Map<string, QuoteRow>();

  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') finish();
  };
  const onDrain = () => {
    blocked = false;
    const rows = [...pendingQuotes.values()];
    pendingQuotes.clear();
    const demo = store.getSnapshot().status.demo;
    for (const row of rows) emit(quoteLine(row, now(), demo));
  };
  out.on('error', onError);
  out.on('drain', onDrain);
  out.once('close', finish);

  function finish(): void {
    if (closed) return;
    close();
    options.onClosed?.();
  }

  function emit(line: NdjsonLine): void {
    if (closed) return;
    // Redacted like every other output path: no key or token may ever reach a reader.
    const ok = out.write(redact(JSON.stringify(line)) + '\n');
    if (!ok) blocked = true;
  }

  function onSnapshot(): void {
    const snap = store.getSnapshot();
    const t = now();
    if (!last || snap.status !== last.status) emit(statusLine(snap.status, t, coalesced));
    for (const group of [snap.indices, snap.quotes]) {
      for (const symbol of Object.keys(group)) {
        const row = group[symbol]!;
        const prev = last ? (last.indices[symbol] ?? last.quotes[symbol]) : undefined;
        if (row === prev || row.asOf === undefined) continue;
        if (blocked) {
          if (pendingQuotes.has(symbol)) coalesced++;
          pendingQuotes.set(symbol, row);
        } else emit(quoteLine(row, t, snap.status.demo));
      }
    }
    last = snap;
  }

  const unsubscribe = store.subscribe(onSnapshot);
  onSnapshot();

  function close(): void {
    if (closed) return;
    closed = true;
    unsubscribe();
    out.off('drain', onDrain);
    out.off('error', onError);
    // Keep a no-op error listener: a late EPIPE after close must not crash the process.
    out.on('error', () => {});
  }

  return {
    write: emit,
    close,
    get coalesced() {
      return coalesced;
    },
  };
}
