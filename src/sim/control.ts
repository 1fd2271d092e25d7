/**
 * The simulator's HTTP control endpoint (`/_sim/*`, no API key: it is a test and demo tool on
 * loopback). Everything a test can do in-process it can also do over HTTP from another process:
 *
 * - `GET  /_sim/health` → `{status, marketTime, session, connections}`
 * - `GET  /_sim/stats` → `{status:"OK", auth:[{key,cluster,feed,attempts,successes,planRefusals,keyRefusals}],
 *   rest:[{key,requests,notAuthorized,rateLimited}]}`; `POST /_sim/stats` `{"action":"reset"}` zeroes them (stats.ts)
 * - `POST /_sim/fault` `{"fault":"close","code":1011}` … (faults.ts `applyFaultRequest`)
 * - `POST /_sim/script` `{"underlying":"SPY","naturalOptionTrades"?:false,"prints":[{right,strike?,dte?,exchange,price,size,conditions?,atOffsetMs}]}`
 *   → `{status:"OK", results:[{contract,t}]}` (SimMarket.scriptOptionTrades)
 * - `POST /_sim/load` `{"action":"start","profile":"flat","eventsPerSec":100000,"symbols":[...],"frameEvents":200}`
 *   or `{"action":"stop"}` → the load stats; `GET /_sim/load` → the load stats (load.ts)
 */
import type { IncomingMessage } from 'node:http';
import { applyFaultRequest, type FaultControl } from './faults.js';
import type { LoadControl, LoadOptions } from './load.js';
import type { SimMarket } from './market/model.js';
import type { ScriptedOptionPrint } from './market/script.js';
import { sessionPhase } from './market/session.js';
import { readJsonBody, type RestReply } from './rest-util.js';
import type { StatsRecorder } from './stats.js';

export interface ControlDeps {
  readonly market: SimMarket;
  readonly faults: FaultControl;
  readonly load: LoadControl;
  readonly stats: StatsRecorder;
  connectionCount(): number;
}

function bad(requestId: string, error: string): RestReply {
  return { status: 400, body: { status: 'ERROR', request_id: requestId, error } };
}

function attempt(requestId: string, run: () => unknown): RestReply {
  try {
    return { status: 200, body: { status: 'OK', ...(run() as object) } };
  } catch (err) {
    return bad(requestId, err instanceof Error ? err.message : String(err));
  }
}

/** Answers a `/_sim/*` request, or returns undefined for any other path. */
export async function controlRequest(
  deps: ControlDeps,
  req: IncomingMessage,
  path: string,
  requestId: string,
): Promise<RestReply | undefined> {
  if (!path.startsWith('/_sim/')) return undefined;
  const method = req.method ?? 'GET';
  if (path === '/_sim/health') {
    const now = deps.market.now();
    return {
      status: 200,
      body: {
        status: 'ok',
        marketTime: new Date(now).toISOString(),
        session: sessionPhase(now),
        connections: deps.connectionCount(),
      },
    };
  }
  if (path === '/_sim/load' && method === 'GET') return { status: 200, body: { status: 'OK', ...deps.load.stats() } };
  if (path === '/_sim/stats' && method === 'GET')
    return { status: 200, body: { status: 'OK', ...deps.stats.snapshot() } };
  if (method !== 'POST') return { status: 405, body: { status: 'ERROR', request_id: requestId, error: 'use POST' } };
  const body = (await readJsonBody(req)) as Record<string, unknown> | undefined;
  if (path === '/_sim/fault') {
    const err = applyFaultRequest(deps.faults, body);
    return err ? bad(requestId, err) : { status: 200, body: { status: 'OK' } };
  }
  if (typeof body !== 'object' || body === null) return bad(requestId, 'body must be a JSON object');
  if (path === '/_sim/script') {
    if (typeof body.underlying !== 'string') return bad(requestId, 'underlying must be a ticker');
    if (typeof body.naturalOptionTrades === 'boolean') deps.market.setNaturalOptionTrades(body.naturalOptionTrades);
    return attempt(requestId, () => ({
      results: deps.market.scriptOptionTrades(body.underlying as string, body.prints as ScriptedOptionPrint[]),
    }));
  }
  if (path === '/_sim/stats') {
    if (body.action !== 'reset') return bad(requestId, 'action must be reset');
    deps.stats.reset();
    return { status: 200, body: { status: 'OK' } };
  }
  if (path === '/_sim/load') {
    if (body.action === 'stop') return { status: 200, body: { status: 'OK', ...deps.load.stop() } };
    if (body.action !== 'start') return bad(requestId, 'action must be start or stop');
    return attempt(requestId, () => deps.load.start(body as unknown as LoadOptions));
  }
  return { status: 404, body: { status: 'NOT_FOUND', request_id: requestId, message: 'Not found' } };
}
