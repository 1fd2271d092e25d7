import type { Check, DoctorFacts } from './doctor.js';

const MARK: Readonly<Record<Check['status'], string>> = { ok: 'ok', info: 'info', problem: 'PROBLEM' };

export interface DoctorHeader {
  readonly version: string;
  readonly platform: string;
  readonly node: string;
}

/** The screen a user pastes into a bug report: one block per check, problems with what to do. */
export function formatDoctor(header: DoctorHeader, checks: readonly Check[]): string {
  const lines = [`massive ${header.version} · node ${header.node} · ${header.platform}`];
  for (const c of checks) {
    lines.push(`  ${MARK[c.status].padEnd(9)}${c.id.padEnd(10)}${c.detail}`);
    for (const l of c.lines ?? []) lines.push(`${' '.repeat(21)}${l}`);
    if (c.fix) lines.push(`${' '.repeat(19)}→ ${c.fix}`);
  }
  const problems = checks.filter((c) => c.status === 'problem').length;
  lines.push(problems === 0 ? 'no problems found' : `${problems} problem${problems === 1 ? '' : 's'} found`);
  return `${lines.join('\n')}\n`;
}

type Daemon = NonNullable<DoctorFacts['daemon']>;

/** The daemon as scripts want it: where, which upstream, each connection's state, feeds, quota. */
function proxyJson(d: Daemon) {
  const st = d.status;
  const upstreams = st
    ? Object.values(st.upstreams).map((h) => [
        h.cluster,
        { state: h.upstream.state, lastError: h.upstream.lastError ?? null },
      ])
    : undefined;
  const feeds = st ? Object.entries(st.entitlements ?? {}).map(([a, e]) => [a, e.entitlement ?? null]) : undefined;
  return {
    pid: d.pid,
    httpUrl: d.httpUrl,
    startedAt: new Date(d.startedAt).toISOString(),
    demo: d.demo,
    apiBase: d.apiBase,
    wsBase: d.wsBase,
    upstreams: upstreams ? Object.fromEntries(upstreams) : null,
    feeds: feeds ? Object.fromEntries(feeds) : null,
    keyRejected: st?.keyRejected ?? null,
    quota: st?.quota ?? null,
  };
}

/**
 * `doctor --json`: the checks and the facts behind them, for scripts. No secret is among the
 * facts (the key is only `env`/`file`/`none`, the daemon's token secret is not copied).
 */
export function doctorJson(header: DoctorHeader, facts: DoctorFacts, checks: readonly Check[]): string {
  const body = {
    v: 1,
    ok: checks.every((c) => c.status !== 'problem'),
    version: header.version,
    node: facts.node,
    platform: header.platform,
    demo: facts.demo,
    checks,
    config: facts.config,
    key: facts.key,
    upstream: facts.upstream,
    proxy: facts.daemon ? proxyJson(facts.daemon) : null,
    plans: facts.plans,
    terminal: facts.terminal,
  };
  return `${JSON.stringify(body)}\n`;
}
