/**
 * Helpers for tests of the simulator: status elements to compare frames against, and the
 * simulator's counters over its control API. The WebSocket client is `openWs` in `./ws-client.ts`.
 */

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
