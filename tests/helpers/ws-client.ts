/**
 * The one WebSocket test client, for the simulator, the proxy or any Massive-protocol server: every
 * frame is recorded (raw text and parsed), `next()` reads frames in order, `waitFor()` finds the
 * first element matching a predicate, `statuses()` lists the status elements, and `closed`
 * resolves with the close code.
 */
import WebSocket from 'ws';

/**
 * One element of a frame as it came off the wire: its fields are whatever the server sent, so they
 * are `unknown` until a test narrows them (`num()` reads a numeric field).
 */
export type WireElement = Readonly<Record<string, unknown>>;

/** A numeric field of a wire element; a field that is missing or not a number fails the test. */
export function num(e: WireElement | undefined, field: string): number {
  const v = e?.[field];
  if (typeof v !== 'number') throw new Error(`expected a number in ${field}, got ${JSON.stringify(v)}`);
  return v;
}

/** One received frame: the parsed JSON array, or `[{ raw }]` when the text was not a JSON array. */
export type Frame = WireElement[];

export interface WsProbe {
  readonly ws: WebSocket;
  /** Every frame received so far, in order, parsed. */
  readonly frames: Frame[];
  /** Every frame received so far, in order, as the text that arrived. */
  readonly texts: string[];
  /** Every element of every frame, in order. */
  readonly elements: WireElement[];
  /** The status elements received so far. */
  statuses(): { status: string; message: string }[];
  /** The next unread frame (in arrival order); rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Frame>;
  /** Waits for the first element (of any frame, read or not) that matches; rejects after `timeoutMs`. */
  waitFor(match: (element: WireElement) => boolean, timeoutMs?: number): Promise<WireElement>;
  /** Sends a JSON value (or a raw string as is). */
  send(message: unknown): void;
  /** Sends `auth` and, optionally, a subscribe right behind it (pipelined). */
  auth(key: string, subscribe?: string): void;
  /** Resolves with the close code and reason once the socket is closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Closes politely (a close frame), terminating if the server does not answer within a second. */
  close(): Promise<void>;
  /** Drops the socket at once, as `afterEach` should. */
  terminate(): void;
}

export interface OpenWsOptions {
  /** Headers of the upgrade request (Origin, Host, ...). */
  readonly headers?: Record<string, string>;
  /** How long `open`, `next` and `waitFor` wait by default; @default 5000 */
  readonly timeoutMs?: number;
}

function parseFrame(text: string): Frame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return Array.isArray(parsed) ? (parsed as Frame) : [{ raw: text }];
}

function opened(ws: WebSocket, url: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out opening ${url}`)), timeoutMs);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`upgrade refused with HTTP ${res.statusCode}`));
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export async function openWs(url: string, opts: OpenWsOptions = {}): Promise<WsProbe> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const ws = new WebSocket(url, { headers: opts.headers ?? {} });
  const frames: Frame[] = [];
  const texts: string[] = [];
  const elements: WireElement[] = [];
  let readIndex = 0;
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  ws.on('message', (data) => {
    const text = data.toString();
    const frame = parseFrame(text);
    texts.push(text);
    frames.push(frame);
    elements.push(...frame);
    wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      wake();
    });
  });
  ws.on('error', () => {});
  await opened(ws, url, timeoutMs);

  function waitUntil<T>(check: () => T | undefined, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): void => {
        const value = check();
        if (value !== undefined) {
          cleanup();
          resolve(value);
        } else if (ws.readyState === WebSocket.CLOSED) {
          cleanup();
          reject(new Error(`socket closed while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const last = JSON.stringify(frames.slice(-3)).slice(0, 500);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; last frames: ${last}`));
      }, ms);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(attempt);
      };
      waiters.add(attempt);
      attempt();
    });
  }

  return {
    ws,
    frames,
    texts,
    elements,
    closed,
    statuses: () =>
      elements.filter((e) => e.ev === 'status').map((e) => ({ status: String(e.status), message: String(e.message) })),
    next: (ms = timeoutMs) =>
      waitUntil(() => (readIndex < frames.length ? frames[readIndex++] : undefined), ms, 'the next frame'),
    waitFor: (match, ms = timeoutMs) => waitUntil(() => elements.find(match), ms, 'a matching element'),
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    auth(key, subscribe) {
      ws.send(JSON.stringify({ action: 'auth', params: key }));
      if (subscribe !== undefined) ws.send(JSON.stringify({ action: 'subscribe', params: subscribe }));
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      const timer = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
      await Promise.race([closed, timer]);
      if ((ws.readyState as number) !== WebSocket.CLOSED) ws.terminate();
    },
    terminate: () => ws.terminate(),
  };
}

/** Resolves with the HTTP status an upgrade attempt was refused with. */
export function upgradeRefusal(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('upgrade was accepted')));
    ws.on('error', () => {});
  });
}
