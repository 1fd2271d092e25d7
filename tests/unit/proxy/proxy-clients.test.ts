import { describe, it, expect } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { ClientTable, pingRound, startPingRounds, type ClientEntry } from '../../../src/proxy/proxy-clients.js';
import type { DownstreamStats } from '../../../src/proxy/downstream.js';

/** A client whose socket records what the liveness round did to it. */
function client(id: string, alive = true): ClientEntry & { readonly did: string[] } {
  const did: string[] = [];
  return {
    did,
    alive,
    ds: { stats: () => ({ id }) as DownstreamStats },
    ws: { ping: () => did.push('ping'), terminate: () => did.push('terminate') },
  };
}

describe('pingRound', () => {
  it('pings a client that answered and terminates one that missed the previous round', () => {
    const answered = client('a', true);
    const silent = client('b', false);
    pingRound([answered, silent]);
    expect(answered.did).toEqual(['ping']);
    expect(answered.alive).toBe(false);
    expect(silent.did).toEqual(['terminate']);
  });
});

describe('startPingRounds', () => {
  it('runs a round every interval, so a client that stops answering is dropped on the second', () => {
    const clock = new ManualClock();
    const table = new ClientTable();
    const answering = client('c1');
    const gone = client('c2');
    table.add(table.nextId(), answering);
    table.add(table.nextId(), gone);
    const stop = startPingRounds(table, clock, 1_000);
    clock.advance(999);
    expect(answering.did).toEqual([]);
    clock.advance(1);
    expect(gone.did).toEqual(['ping']);
    answering.alive = true; // its pong
    clock.advance(1_000);
    expect(answering.did).toEqual(['ping', 'ping']);
    expect(gone.did).toEqual(['ping', 'terminate']);
    stop();
    clock.advance(10_000);
    expect(answering.did).toHaveLength(2);
  });
});

describe('ClientTable', () => {
  it('numbers clients in order, reports their stats and terminates them all on close', () => {
    const table = new ClientTable();
    const a = client('c1');
    const b = client('c2');
    expect(table.nextId()).toBe('c1');
    table.add('c1', a);
    expect(table.nextId()).toBe('c2');
    table.add('c2', b);
    table.delete('c1');
    expect(table.stats().map((s) => s.id)).toEqual(['c2']);
    table.add('c1', a);
    table.terminateAll();
    expect([a.did, b.did]).toEqual([['terminate'], ['terminate']]);
    expect(table.stats()).toEqual([]);
  });
});
