/**
 * Fault injection: the knobs tests and demos turn to make the simulator misbehave the way the
 * real service does (drops, evictions, stalls, 429s and 5xx from the edge; Massive's knowledge
 * base, "Why do Massive WebSocket disconnects happen?"). The state lives here; the WS and REST
 * layers consult it. Every knob is also reachable over HTTP (`POST /_sim/fault`, see `applyFaultRequest`).
 */
import type { Cluster } from '../massive/events.js';

export interface FaultControl {
  /** Abruptly destroys the TCP connections (the client sees 1006). Optionally one cluster only. */
  drop(cluster?: Cluster): void;
  /** Closes every socket with `code` (1008 eviction, 1011 server error, 1001 going away). */
  close(code: number, reason?: string, cluster?: Cluster): void;
  /** Stops answering WS pings, to exercise client keepalive timeouts. */
  stopPongs(on: boolean): void;
  /** Stops sending anything (data and status) while keeping sockets open. */
  stall(on: boolean): void;
  /** Refuses new WS upgrades with HTTP 503. */
  refuseConnects(on: boolean): void;
  /** Answers every auth with `auth_failed`, valid key or not. */
  failAuth(on: boolean): void;
  /** Sends `n` malformed frames/elements to every authenticated socket on the next tick. */
  malformed(n: number): void;
  /** The next `n` REST requests get 429 (with `Retry-After` when `retryAfterSec` is given). */
  rest429(n: number, retryAfterSec?: number): void;
  /** The next `n` REST requests get a 502 HTML page from "the edge". */
  rest5xx(n: number): void;
  /** Delays every REST response and WS frame by `ms`. */
  latency(ms: number): void;
  /** Status frames are batched into the same array as data (legal, and clients must cope). */
  mixStatus(on: boolean): void;
  /**
   * Forced reconnects (the live service used to drop sockets about every 2 h, polygon-io/issues#55):
   * every socket older than `everyMs` of MARKET time (so `--speed` scales it) is cut, with an
   * abrupt drop (1006) or, given `code`, a close with that code. `0` turns it off.
   */
  reconnectEvery(everyMs: number, code?: number): void;
  /** Clears every fault. */
  reset(): void;
}

/** What the server layers read. */
export interface FaultState {
  noPongs: boolean;
  stalled: boolean;
  refusing: boolean;
  authFails: boolean;
  malformedPending: number;
  rest429Pending: number;
  rest429RetryAfter: number | undefined;
  rest5xxPending: number;
  latencyMs: number;
  mixStatus: boolean;
  /** Market ms after which a socket is cut; 0 = never. */
  reconnectEveryMs: number;
  /** Close code for forced reconnects; undefined = abrupt drop. */
  reconnectCode: number | undefined;
}

export function initialFaultState(): FaultState {
  return {
    noPongs: false,
    stalled: false,
    refusing: false,
    authFails: false,
    malformedPending: 0,
    rest429Pending: 0,
    rest429RetryAfter: undefined,
    rest5xxPending: 0,
    latencyMs: 0,
    mixStatus: false,
    reconnectEveryMs: 0,
    reconnectCode: undefined,
  };
}

export interface SocketActions {
  drop(cluster?: Cluster): void;
  close(code: number, reason: string, cluster?: Cluster): void;
}

export function createFaultControl(state: FaultState, sockets: SocketActions): FaultControl {
  const count = (n: number) => Math.max(0, Math.floor(Number(n) || 0));
  return {
    drop: (cluster) => sockets.drop(cluster),
    close: (code, reason = '', cluster) => sockets.close(code, reason, cluster),
    stopPongs: (on) => {
      state.noPongs = on;
    },
    stall: (on) => {
      state.stalled = on;
    },
    refuseConnects: (on) => {
      state.refusing = on;
    },
    failAuth: (on) => {
      state.authFails = on;
    },
    malformed: (n) => {
      state.malformedPending += count(n);
    },
    rest429: (n, retryAfterSec) => {
      state.rest429Pending += count(n);
      state.rest429RetryAfter = retryAfterSec;
    },
    rest5xx: (n) => {
      state.rest5xxPending += count(n);
    },
    latency: (ms) => {
      state.latencyMs = Math.max(0, Number(ms) || 0);
    },
    mixStatus: (on) => {
      state.mixStatus = on;
    },
    reconnectEvery: (everyMs, code) => {
      state.reconnectEveryMs = Math.max(0, Number(everyMs) || 0);
      state.reconnectCode = code;
    },
    reset: () => void Object.assign(state, initialFaultState()),
  };
}

const CLUSTERS = new Set(['stocks', 'options', 'indices']);

/**
 * Applies a control request body such as `{"fault":"close","code":1011}`,
 * `{"fault":"stall","on":true}` or `{"fault":"rest429","n":3,"retryAfterSec":2}`.
 * Returns an error text for a bad body, undefined on success.
 */
export function applyFaultRequest(control: FaultControl, body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const b = body as Record<string, unknown>;
  const cluster = typeof b.cluster === 'string' && CLUSTERS.has(b.cluster) ? (b.cluster as Cluster) : undefined;
  const on = b.on === undefined ? true : Boolean(b.on);
  const n = Number(b.n ?? 1);
  switch (b.fault) {
    case 'drop':
      return void control.drop(cluster);
    case 'close': {
      const code = Number(b.code ?? 1011);
      if (!Number.isInteger(code) || code < 1000 || code > 4999) return 'code must be a WebSocket close code';
      return void control.close(code, typeof b.reason === 'string' ? b.reason : '', cluster);
    }
    case 'stopPongs':
      return void control.stopPongs(on);
    case 'stall':
      return void control.stall(on);
    case 'refuseConnects':
      return void control.refuseConnects(on);
    case 'failAuth':
      return void control.failAuth(on);
    case 'malformed':
      return void control.malformed(n);
    case 'rest429':
      return void control.rest429(n, b.retryAfterSec === undefined ? undefined : Number(b.retryAfterSec));
    case 'rest5xx':
      return void control.rest5xx(n);
    case 'latency':
      return void control.latency(Number(b.ms ?? 0));
    case 'mixStatus':
      return void control.mixStatus(on);
    case 'reconnectEvery': {
      const code = b.code === undefined ? undefined : Number(b.code);
      if (code !== undefined && (!Number.isInteger(code) || code < 1000 || code > 4999))
        return 'code must be a WebSocket close code';
      const ms = Number(b.ms ?? 0);
      if (!Number.isFinite(ms) || ms < 0) return 'ms must be a non-negative number';
      return void control.reconnectEvery(ms, code);
    }
    case 'reset':
      return void control.reset();
    default:
      return `unknown fault ${JSON.stringify(b.fault)}`;
  }
}
