import { closeSync, openSync, writeSync } from 'node:fs';
import { redact } from './redact.js';

/** One traced protocol event: a WebSocket frame or a REST exchange. */
export type TraceRecord =
  | { readonly kind: 'ws'; readonly dir: 'in' | 'out'; readonly cluster: string; readonly data: string }
  | { readonly kind: 'ws-state'; readonly cluster: string; readonly state: string; readonly detail?: string }
  | {
      readonly kind: 'rest';
      readonly method: string;
      readonly url: string;
      readonly status?: number;
      readonly ms?: number;
      readonly error?: string;
    };

export interface Tracer {
  record(entry: TraceRecord): void;
  close(): void;
}

export const noTracer: Tracer = { record: () => {}, close: () => {} };

/**
 * `--trace FILE`: every frame and REST call as JSON lines with a timestamp. Each line passes
 * through `redact`, so the key and tokens (auth frames, apiKey=, Bearer) never reach the file.
 * Writes are synchronous so a crash still leaves the trace up to the failing frame.
 */
export function createFileTracer(path: string, now: () => number = Date.now): Tracer {
  const fd = openSync(path, 'a', 0o600);
  let open = true;
  return {
    record(entry) {
      if (!open) return;
      writeSync(fd, `${redact(JSON.stringify({ t: new Date(now()).toISOString(), ...entry }))}\n`);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
