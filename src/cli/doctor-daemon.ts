import type { DaemonInfo } from '../proxy/index.js';

/**
 * The "crossed wires" between a running `massive proxy` daemon and the process that looks for it:
 * a demo daemon seen by a client that wants real data, or a daemon serving another upstream than
 * the one this environment selects. Pure, so `watch` (backend.ts) and `massive doctor` say the
 * same thing; each names what was found and what to type.
 */
export interface WantedUpstream {
  readonly demo: boolean;
  readonly apiBase: string;
  readonly wsBase: string;
}

export interface DaemonMismatch {
  readonly kind: 'demo-daemon' | 'real-daemon-for-demo' | 'other-upstream';
  /** What is running and why this client does not use it. */
  readonly found: string;
  /** What to do about it. */
  readonly fix: string;
  /** `found: fix`, for one-line errors. */
  readonly message: string;
}

const norm = (u: string) => u.trim().replace(/\/+$/, '');

function mismatch(kind: DaemonMismatch['kind'], found: string, fix: string): DaemonMismatch {
  return { kind, found, fix, message: `${found}: ${fix}` };
}

/** Undefined when the daemon serves what the client wants (and the client would use it). */
export function daemonMismatch(
  info: Pick<DaemonInfo, 'demo' | 'pid' | 'apiBase' | 'wsBase'>,
  want: WantedUpstream,
): DaemonMismatch | undefined {
  if (info.demo && !want.demo) {
    return mismatch(
      'demo-daemon',
      `a demo proxy is running (pid ${info.pid}, simulated data) and serves only --demo clients`,
      'use it with `massive watch --demo`, or for real data set MASSIVE_API_KEY (or `massive config set apiKey`)',
    );
  }
  if (!info.demo && want.demo) {
    return mismatch(
      'real-daemon-for-demo',
      `the running proxy (pid ${info.pid}) serves real data`,
      '--demo starts its own simulator instead',
    );
  }
  if (want.demo) return undefined;
  const diff = [
    ...(norm(info.apiBase) !== norm(want.apiBase)
      ? [{ name: 'MASSIVE_API_BASE', theirs: norm(info.apiBase), ours: norm(want.apiBase) }]
      : []),
    ...(norm(info.wsBase) !== norm(want.wsBase)
      ? [{ name: 'MASSIVE_WS_BASE', theirs: norm(info.wsBase), ours: norm(want.wsBase) }]
      : []),
  ];
  if (diff.length === 0) return undefined;
  return mismatch(
    'other-upstream',
    `the running proxy (pid ${info.pid}) serves another upstream, ${diff.map((d) => d.theirs).join(' and ')}, not ${diff.map((d) => d.ours).join(' and ')}`,
    `to use it, set ${diff.map((d) => `${d.name}=${d.theirs}`).join(' ')} (the setting${diff.length > 1 ? 's' : ''} that select${diff.length > 1 ? '' : 's'} the upstream)`,
  );
}
