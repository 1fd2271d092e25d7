/**
 * Pure decisions of the subscription manager: is a cluster healthy, and what the status line says
 * (which symbols need REST, and why, is need-plan.ts). Kept apart from the manager's timers and sockets so they can be
 * table-tested.
 */
import type { Cluster } from '../massive/events.js';
import type { SessionPhase } from '../market/session.js';
import type { ConnectionState } from '../store/types.js';
import type { StreamState } from './connection.js';
import type { PollNeed } from './poll-policy.js';
import { stallAfterMs } from './staleness.js';

export interface ClusterView {
  readonly state: StreamState;
  /** Last data event (ms), or undefined. */
  readonly lastDataAt: number | undefined;
  /** When the current `live` began. */
  readonly liveSince: number | undefined;
  /** When the connection was opened. */
  readonly createdAt: number;
}

/** The first connect gets this long before its symbols go to REST (the start-up seed covers it). */
export const FIRST_CONNECT_GRACE_MS = 3_000;

/** Live, and not silent for longer than the phase allows. */
export function clusterHealthy(c: ClusterView, now: number, phase: SessionPhase, stallOverrideMs?: number): boolean {
  if (c.state === 'connecting' && c.liveSince === undefined) return now - c.createdAt <= FIRST_CONNECT_GRACE_MS;
  if (c.state !== 'live') return false;
  const from = Math.max(c.lastDataAt ?? -Infinity, c.liveSince ?? -Infinity);
  if (!Number.isFinite(from)) return true;
  return now - from <= stallAfterMs(phase, stallOverrideMs);
}

export interface SymbolView {
  readonly symbol: string;
  readonly cluster: Cluster;
  /** Only per-symbol staleness of quote-like interests sends a symbol to REST on its own. */
  readonly quiet: boolean;
  readonly since: number;
  readonly lastWsAt: number | undefined;
}

/** One state for the status line: the worst of the clusters. */
export function overall(states: readonly StreamState[]): ConnectionState {
  if (states.includes('auth_failed')) return 'auth_failed';
  if (states.includes('reconnecting')) return 'reconnecting';
  if (states.includes('connecting')) return 'connecting';
  if (states.length > 0 && states.every((s) => s === 'live')) return 'live';
  return 'offline';
}

/** The status line while some symbols are polled: what is polled and why. */
export function pollingMessage(need: PollNeed, down: readonly Cluster[]): string {
  const n = need.stocks.length + need.indices.length + need.options.length;
  const why = down.length > 0 ? `stream down (${down.join(', ')})` : 'stream quiet';
  return `REST fallback for ${n} symbol${n === 1 ? '' : 's'}: ${why}`;
}
