import type { Clock } from '../lib/clock.js';
import { MassiveError } from '../lib/errors.js';
import { TokenBucket } from './token-bucket.js';

/**
 * What one client may take from a shared proxy, so a buggy script cannot exhaust it for every
 * terminal on the desk. A "client" is a token's client id seen from one remote address
 * (`watch@127.0.0.1`, `script@10.0.0.7`): the id is what the proxy authenticates and survives
 * token renewal (it is already the unit of the REST per-client quota), and the address keeps two
 * desk machines using the same id apart. A WebSocket carries its token in its first frame, so
 * before `auth` only the totals and the unauthenticated cap apply. README "Proxy limits" lists
 * every refusal.
 */
export interface ProxyLimits {
  /** WebSocket sessions in total; an upgrade beyond is answered HTTP 503. */
  readonly maxConnections: number;
  /** Authenticated sessions per client; beyond: status `max_connections`, close 1008. */
  readonly maxConnectionsPerClient: number;
  /** Sessions still waiting for `auth`; beyond, the oldest is closed (`auth_timeout`, 1008). */
  readonly maxUnauthenticated: number;
  /** Topics plus `FLOW.*` underlyings per client; beyond: status `max_subscriptions`. */
  readonly maxSubscriptionsPerClient: number;
  /** Largest frame a client may send (ws `maxPayload`); beyond: close 1009. */
  readonly maxFrameBytes: number;
  /** Messages per second per session (burst as large); beyond: status `max_messages`, close 1008. */
  readonly maxMessagesPerSecond: number;
  /** Time to send the request headers (node `headersTimeout`); beyond: HTTP 408. */
  readonly headersTimeoutMs: number;
  /** Time to send the whole request (node `requestTimeout`); beyond: HTTP 408. */
  readonly requestTimeoutMs: number;
  /** Request header bytes (node `maxHeaderSize`); beyond: HTTP 431. */
  readonly maxHeaderBytes: number;
  /** Request body bytes (the gateway is GET-only); beyond: HTTP 413. */
  readonly maxBodyBytes: number;
}

export const DEFAULT_LIMITS: ProxyLimits = {
  maxConnections: 2_048,
  maxConnectionsPerClient: 64,
  maxUnauthenticated: 1_024,
  maxSubscriptionsPerClient: 5_000,
  maxFrameBytes: 256 * 1024,
  maxMessagesPerSecond: 100,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxHeaderBytes: 16 * 1024,
  maxBodyBytes: 64 * 1024,
};

/** How many times each limit refused something since the proxy started (`massive status`). */
export interface RefusedCounts {
  readonly connections: number;
  readonly clientConnections: number;
  readonly unauthenticated: number;
  readonly subscriptions: number;
  readonly frameBytes: number;
  readonly messageRate: number;
  readonly headersTimeout: number;
  readonly requestTimeout: number;
  readonly headerBytes: number;
  readonly bodyBytes: number;
}

export type RefusalKind = keyof RefusedCounts;

/** Proxy status codes of the limits (clients that do not know them see a status and a close). */
export const LIMIT_STATUS = {
  maxConnections: 'max_connections',
  maxSubscriptions: 'max_subscriptions',
  maxMessages: 'max_messages',
  authTimeout: 'auth_timeout',
} as const;

export function resolveLimits(given: Partial<ProxyLimits> = {}): ProxyLimits {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const [name, v] of Object.entries(limits))
    if (!Number.isInteger(v) || v < 1)
      throw new MassiveError('CONFIG', `proxy limit ${name}: ${v} is not a whole number ≥ 1`);
  // node:http refuses a headers timeout longer than the request timeout.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new MassiveError(
      'CONFIG',
      `proxyHeadersTimeoutMs (${limits.headersTimeoutMs}) must not exceed proxyRequestTimeoutMs (${limits.requestTimeoutMs})`,
    );
  return limits;
}

/** One WebSocket session's view of the limits; the Downstream calls it, the book keeps the counts. */
export interface SessionGate {
  readonly limits: ProxyLimits;
  /** First `auth`: whether this client may hold one more session (false: refuse it). */
  admit(clientId: string): boolean;
  /** Asks for `n` more subscriptions; returns how many were granted. */
  grant(n: number): number;
  giveBack(n: number): void;
  /** A client message arrived: false when it is over the rate. */
  message(): boolean;
  close(): void;
}

interface Session extends SessionGate {
  readonly evict: () => void;
}

/** The shared accounting behind every session's gate, plus the refusal counters. */
export class LimitBook {
  private readonly counts: Record<RefusalKind, number> = {
    connections: 0,
    clientConnections: 0,
    unauthenticated: 0,
    subscriptions: 0,
    frameBytes: 0,
    messageRate: 0,
    headersTimeout: 0,
    requestTimeout: 0,
    headerBytes: 0,
    bodyBytes: 0,
  };
  private open = 0;
  /** Sessions not yet authenticated, oldest first (a Set keeps insertion order). */
  private readonly pending = new Set<Session>();
  private readonly perClient = new Map<string, { sessions: number; subscriptions: number }>();

  constructor(
    readonly limits: ProxyLimits,
    private readonly clock: Clock,
  ) {}

  count(kind: RefusalKind, n = 1): void {
    this.counts[kind] += n;
  }

  refused(): RefusedCounts {
    return { ...this.counts };
  }

  /** Whether one more session fits in the total (checked before the upgrade is accepted). */
  hasRoom(): boolean {
    return this.open < this.limits.maxConnections;
  }

  /**
   * A new session from `address`. Over the unauthenticated cap the oldest waiting session is
   * evicted rather than the new one refused: a flood of idle sockets then cannot keep a real
   * client (which authenticates within milliseconds) out.
   */
  openSession(address: string, evict: () => void): SessionGate {
    this.open++;
    while (this.pending.size >= this.limits.maxUnauthenticated) {
      const oldest = this.pending.values().next().value as Session;
      this.pending.delete(oldest);
      this.count('unauthenticated');
      oldest.evict();
    }
    const session = this.session(address, evict);
    this.pending.add(session);
    return session;
  }

  private session(address: string, evict: () => void): Session {
    const bucket = new TokenBucket({ limit: this.limits.maxMessagesPerSecond, intervalMs: 1_000, clock: this.clock });
    let client: { sessions: number; subscriptions: number } | undefined;
    let clientKey = '';
    let held = 0;
    let closed = false;
    const session: Session = {
      limits: this.limits,
      evict,
      admit: (clientId) => {
        this.pending.delete(session);
        if (client) return true;
        const key = `${clientId}@${address}`;
        const c = this.perClient.get(key) ?? { sessions: 0, subscriptions: 0 };
        if (c.sessions >= this.limits.maxConnectionsPerClient) {
          this.count('clientConnections');
          return false;
        }
        c.sessions++;
        this.perClient.set(key, c);
        client = c;
        clientKey = key;
        return true;
      },
      grant: (n) => {
        if (!client) return 0;
        const granted = Math.max(0, Math.min(n, this.limits.maxSubscriptionsPerClient - client.subscriptions));
        client.subscriptions += granted;
        held += granted;
        if (granted < n) this.count('subscriptions', n - granted);
        return granted;
      },
      giveBack: (n) => {
        const back = Math.min(n, held);
        held -= back;
        if (client) client.subscriptions -= back;
      },
      message: () => {
        if (bucket.tryTake().ok) return true;
        this.count('messageRate');
        return false;
      },
      close: () => {
        if (closed) return;
        closed = true;
        this.open--;
        this.pending.delete(session);
        session.giveBack(held);
        if (client && --client.sessions === 0) this.perClient.delete(clientKey);
      },
    };
    return session;
  }
}
