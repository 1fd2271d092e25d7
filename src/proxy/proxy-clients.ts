import type { Clock, TimerHandle } from '../lib/clock.js';
import type { DownstreamStats } from './downstream.js';

/** What the liveness round needs of a client's socket. */
export interface LiveSocket {
  ping(): void;
  terminate(): void;
}

/** One downstream client: its session, its socket, and whether it answered the last ping. */
export interface ClientEntry {
  readonly ds: { stats(): DownstreamStats };
  readonly ws: LiveSocket;
  alive: boolean;
}

/** The proxy's downstream clients by id (`c1`, `c2`, ...), in the order they connected. */
export class ClientTable {
  private readonly byId = new Map<string, ClientEntry>();
  private next = 1;

  nextId(): string {
    return `c${this.next++}`;
  }

  add(id: string, entry: ClientEntry): void {
    this.byId.set(id, entry);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  values(): IterableIterator<ClientEntry> {
    return this.byId.values();
  }

  stats(): DownstreamStats[] {
    return [...this.byId.values()].map((c) => c.ds.stats());
  }

  /** Drops every socket at once (the proxy is closing). */
  terminateAll(): void {
    for (const c of this.byId.values()) c.ws.terminate();
    this.byId.clear();
  }
}

/**
 * One liveness round: a client that did not answer the previous round's ping is gone (laptop lid
 * closed) and is terminated; every other one is pinged and must answer before the next round.
 */
export function pingRound(clients: Iterable<Pick<ClientEntry, 'ws' | 'alive'>>): void {
  for (const c of clients) {
    if (!c.alive) {
      c.ws.terminate();
      continue;
    }
    c.alive = false;
    c.ws.ping();
  }
}

/** Runs `pingRound` every `everyMs` on `clock` until the returned stop is called. */
export function startPingRounds(clients: ClientTable, clock: Clock, everyMs: number): () => void {
  let timer: TimerHandle | undefined;
  const round = (): void => {
    pingRound(clients.values());
    timer = clock.setTimeout(round, everyMs);
  };
  timer = clock.setTimeout(round, everyMs);
  return () => {
    if (timer) clock.clearTimeout(timer);
  };
}
