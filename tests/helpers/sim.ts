/**
 * Test helpers for talking to the simulator (or any Massive-protocol server) with a plain `ws`
 * client: every frame is recorded as a parsed array, `next()` reads them in order, `waitFor()`
 * finds the first element matching a predicate, and `closed` resolves with the close code.
 */
import WebSocket from 'ws';

/** One received frame: the parsed JSON array, or `{ raw }` when the text was not a JSON array. */
export type Frame = any[];

export interface WsProbe {
  readonly ws: WebSocket;
  /** Every frame received so far, in order. */
  readonly frames: Frame[];
  /** The next unread frame (in arrival order); rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Frame>;
  /** Waits for the first element (of any frame, read or not) that matches; rejects after `timeoutMs`. */
  waitFor(match: (element: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Sends a JSON value (or a raw string as is). */
  send(message: unknown): void;
  /** Sends `auth` and, optionally, a subscribe right behind it (pipelined). */
  auth(key: string, subscribe?: string): void;
  /** Resolves with the close code and reason once the socket is closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function openWs(url: string, timeoutMs = 5000): Promise<WsProbe> {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  let readIndex = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  ws.on('message', (data) => {
    const text = data.toString();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    frames.push(Array.isArray(parsed) ? parsed : [{ raw: text }]);
    wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      wake();
    });
  });
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
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

  function waitUntil<T>(check: () => T | undefined, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
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
        reject(
          new Error(
            `timed out after ${ms} ms waiting for ${what}; last frames: ${JSON.stringify(frames.slice(-3)).slice(0, 500)}`,
          ),
        );
      }, ms);
      const cleanup = () => {
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
    closed,
    next: (ms = timeoutMs) =>
      waitUntil(() => (readIndex < frames.length ? frames[readIndex++] : undefined), ms, 'the next frame'),
    waitFor: (match, ms = timeoutMs) =>
      waitUntil(
        () => {
          for (const f of frames) for (const el of f) if (match(el)) return el;
          return undefined;
        },
        ms,
        'a matching element',
      ),
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    auth(key, subscribe) {
      ws.send(JSON.stringify({ action: 'auth', params: key }));
      if (subscribe !== undefined) ws.send(JSON.stringify({ action: 'subscribe', params: subscribe }));
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
      if ((ws.readyState as number) !== WebSocket.CLOSED) ws.terminate();
    },
  };
}

/** A status element, for `toEqual` against received frames. */
export function status(statusCode: string, message: string): { ev: 'status'; status: string; message: string } {
  return { ev: 'status', status: statusCode, message };
}

/** One row of the simulator's auth counters (`GET /_sim/stats`, src/sim/stats.ts). */
export interface SimAuthStat {
  key: string;
  cluster: string;
  feed: 'realtime' | 'delayed';
  attempts: number;
  successes: number;
  planRefusals: number;
  keyRefusals: number;
}

/**
 * The simulator's counters over its control API, so a test driving a separate process (the built
 * binary, a proxy daemon) can prove, e.g., that a refused plan was not retried in a loop.
 */
export async function fetchSimStats(httpUrl: string): Promise<{
  auth: SimAuthStat[];
  rest: { key: string; requests: number; notAuthorized: number; rateLimited: number }[];
}> {
  const res = await fetch(`${httpUrl}/_sim/stats`);
  if (!res.ok) throw new Error(`GET /_sim/stats answered ${res.status}`);
  return (await res.json()) as {
    auth: SimAuthStat[];
    rest: { key: string; requests: number; notAuthorized: number; rateLimited: number }[];
  };
}

/** Total auth attempts of `key` on one cluster and host, from `fetchSimStats`. */
export function authAttempts(
  stats: { auth: SimAuthStat[] },
  key: string,
  cluster: string,
  feed: 'realtime' | 'delayed',
): number {
  return stats.auth.find((s) => s.key === key && s.cluster === cluster && s.feed === feed)?.attempts ?? 0;
}
