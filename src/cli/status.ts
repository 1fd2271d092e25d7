import { configDir } from '../config/index.js';
import { fetchDaemonStatus, findDaemon, type DaemonInfo, type ProxyStatus } from '../proxy/index.js';
import { NO_PROXY_MESSAGE } from './token.js';
import { ASSET_CLASSES, feedLabel } from '../massive/entitlements.js';

export interface StatusCliOptions {
  readonly json?: boolean;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

function per(intervalMs: number): string {
  return intervalMs === 1000 ? 's' : intervalMs === 60_000 ? 'min' : `${intervalMs} ms`;
}

/** `stocks delayed 15m · options real-time · indices —`, with `?` for a class not yet known. */
export function feedsSummary(st: Pick<ProxyStatus, 'entitlements' | 'keyRejected'>): string {
  if (st.keyRejected)
    return 'the API key was rejected by Massive: check MASSIVE_API_KEY or `massive config set apiKey`';
  return ASSET_CLASSES.map((a) => {
    const e = st.entitlements?.[a]?.entitlement;
    return `${a} ${e ? feedLabel(e.feed) : '? (not used yet)'}`;
  }).join(' · ');
}

/** One line per known class: its channels, where the answer came from and the auth attempts. */
function entitlementLines(st: Pick<ProxyStatus, 'entitlements'>): string[] {
  const out: string[] = [];
  for (const a of ASSET_CLASSES) {
    const x = st.entitlements?.[a];
    if (!x?.entitlement) continue;
    const e = x.entitlement;
    const channels = e.channels.length > 0 ? `channels ${e.channels.join(',')}` : 'no stream';
    const rest = `REST ${e.recency === 'eod' ? 'end of day' : e.recency}${e.snapshots ? ', snapshots' : ''}${e.restQuotes ? ', quotes' : ''}`;
    out.push(
      `  ${a.padEnd(8)} ${channels}; ${rest}; ${e.source}; auth attempts real-time ${x.authAttempts.realtime}, delayed ${x.authAttempts.delayed}`,
    );
  }
  return out;
}

/** The human view of a proxy status: upstreams, refcounted subscriptions, clients, flow, quota. */
export function formatStatus(
  st: ProxyStatus,
  info: Pick<DaemonInfo, 'pid' | 'startedAt' | 'demo'>,
  now = Date.now(),
): string {
  const lines: string[] = [];
  lines.push(
    `massive proxy  ${st.httpUrl}  pid ${info.pid}, up ${duration(now - info.startedAt)}${info.demo ? ', demo (simulated data)' : ''}`,
  );
  lines.push(`feeds  ${feedsSummary(st)}`);
  for (const line of entitlementLines(st)) lines.push(line);
  lines.push('upstreams');
  for (const hub of Object.values(st.upstreams)) {
    const u = hub.upstream;
    const topics = Object.keys(hub.subscriptions).length;
    const extra = u.lastError ? `  (${u.lastError})` : '';
    lines.push(
      `  ${hub.cluster.padEnd(8)} ${u.state.padEnd(14)} ${String(hub.clients).padStart(3)} clients ${String(topics).padStart(5)} topics ` +
        `${String(u.reconnects).padStart(3)} reconnects ${String(u.evictions).padStart(2)} evictions${extra}`,
    );
  }
  lines.push('subscriptions (topic ×clients holding it)');
  let anySubs = false;
  for (const hub of Object.values(st.upstreams)) {
    const subs = Object.entries(hub.subscriptions);
    if (subs.length === 0) continue;
    anySubs = true;
    lines.push(`  ${hub.cluster.padEnd(8)} ${subs.map(([t, n]) => `${t} ×${n}`).join('  ')}`);
  }
  if (!anySubs) lines.push('  none');
  lines.push(`clients (${st.clients.length})`);
  for (const c of st.clients) {
    const left = c.expiresAt !== undefined ? `, token ${duration(c.expiresAt - now)} left` : ', not authenticated';
    lines.push(
      `  ${c.id.padEnd(5)} ${(c.clientId ?? '-').padEnd(12)} ${c.cluster.padEnd(8)} ${c.topics} topics, ${c.flows} flows, ${c.dropped} dropped${left}`,
    );
  }
  const q = st.quota;
  const r = st.rest;
  lines.push(
    `REST quota  used ${q.used}, left ${q.left} of ${q.limit} per ${per(q.intervalMs)}  ·  ${r.requests} requests, ` +
      `${r.cacheHits} cache hits, ${r.coalesced} coalesced, ${r.upstreamErrors} errors`,
  );
  const perClient = Object.entries(r.clients ?? {});
  if (perClient.length > 0) {
    lines.push(
      `  per client (share ${perClient[0]![1].limit} per ${per(q.intervalMs)}): ${perClient.map(([id, b]) => `${id} used ${b.used}, left ${b.left}`).join('; ')}`,
    );
  }
  const flows = Object.entries(st.flow.underlyings);
  const flowText = flows
    .map(
      ([u, f]) =>
        `${u} ${f.contracts} contracts${f.spot !== undefined ? ` around ${f.spot}` : ''} (${f.clients} clients)${f.lastError ? ` [${f.lastError}]` : ''}`,
    )
    .join(', ');
  lines.push(`options flow  ${st.flow.mode}${flows.length > 0 ? `  ·  ${flowText}` : ''}`);
  for (const line of limitLines(st)) lines.push(line);
  return `${lines.join('\n')}\n`;
}

const kib = (n: number): string => (n % 1024 === 0 ? `${n / 1024} KiB` : `${n} B`);

/** What each proxy limit refused since the start, with the limit beside it (README "Proxy limits"). */
export function limitLines(st: Pick<ProxyStatus, 'limits' | 'refused'>): string[] {
  const l = st.limits;
  const r = st.refused;
  if (!l || !r) return [];
  return [
    'limits (refused since the start)',
    `  connections ${r.connections} (over ${l.maxConnections} in total) · per client ${r.clientConnections} (over ${l.maxConnectionsPerClient}) · ` +
      `closed waiting for auth ${r.unauthenticated} (over ${l.maxUnauthenticated})`,
    `  subscriptions ${r.subscriptions} (over ${l.maxSubscriptionsPerClient} per client) · frames ${r.frameBytes} (over ${kib(l.maxFrameBytes)}) · ` +
      `message rate ${r.messageRate} (over ${l.maxMessagesPerSecond}/s)`,
    `  HTTP headers timeout ${r.headersTimeout} (${l.headersTimeoutMs} ms) · request timeout ${r.requestTimeout} (${l.requestTimeoutMs} ms) · ` +
      `headers too large ${r.headerBytes} (${kib(l.maxHeaderBytes)}) · body too large ${r.bodyBytes} (${kib(l.maxBodyBytes)})`,
  ];
}

/** `massive status`: what the running proxy holds; `--json` prints its status object as is. */
export async function runStatus(options: StatusCliOptions): Promise<number> {
  const found = await findDaemon(configDir(process.env));
  if (!found) {
    process.stderr.write(NO_PROXY_MESSAGE);
    return 1;
  }
  const st = await fetchDaemonStatus(found);
  if (options.json) {
    const { pid, startedAt, demo } = found.info;
    process.stdout.write(
      `${JSON.stringify({ ...st, daemon: { pid, startedAt: new Date(startedAt).toISOString(), demo } })}\n`,
    );
  } else process.stdout.write(formatStatus(st, found.info));
  return 0;
}
