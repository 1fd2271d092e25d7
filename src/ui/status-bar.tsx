import { Box, Text } from 'ink';
import { feedsLine } from '../massive/entitlements.js';
import type { ConnectionState, StatusInfo } from '../store/types.js';
import { formatWindow } from './format.js';
import { quotaLevel, type Theme } from './theme.js';

const connectionLabels: Readonly<Record<ConnectionState, string>> = {
  live: 'live',
  connecting: 'connecting…',
  reconnecting: 'reconnecting…',
  polling: 'polling (REST)',
  offline: 'offline',
  auth_failed: 'auth failed',
};

const sessionLabels = { pre: 'PRE-MARKET', post: 'AFTER HOURS', closed: 'CLOSED' } as const;

/** Braille spinner frames, the de-facto standard of CLI spinners (cli-spinners' `dots`). */
export const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** The words for a connection state; the dot's colour repeats it for those who have colour. */
export function connectionLabel(state: ConnectionState): string {
  return connectionLabels[state];
}

/**
 * The status message with a live countdown: the transport says "reconnecting in 4 s" once, and
 * with `retryAt` the seconds count down on every repaint instead of freezing.
 */
export function statusMessage(status: StatusInfo, now: number): string {
  const message = status.message ?? '';
  if (status.retryAt === undefined || status.connection !== 'reconnecting') return message;
  const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
  const countdown = `reconnecting in ${seconds} s`;
  return /reconnecting in \d+ s/.test(message)
    ? message.replace(/reconnecting in \d+ s/, countdown)
    : [message, countdown].filter(Boolean).join('; ');
}

export interface StatusBarProps {
  readonly status: StatusInfo;
  readonly theme: Theme;
  /** Wall clock, for the reconnect countdown. */
  readonly now: number;
  /** Spinner frame to show while nothing has loaded yet; undefined once data is in. */
  readonly spinner?: string | undefined;
}

/** Whether every asset class in use streams in real time (then the feeds need no warning colour). */
export function allRealtime(feeds: StatusInfo['feeds']): boolean {
  return Object.values(feeds ?? {}).every((f) => f === 'realtime');
}

/**
 * The top line: app name, connection state, DEMO DATA badge, session, what the plan delivers per
 * asset class (`stocks delayed 15m · indices real-time`), status message, REST quota.
 */
export function StatusBar({ status, theme, now, spinner }: StatusBarProps): React.JSX.Element {
  const { quota } = status;
  const level = quota ? quotaLevel(quota.used, quota.limit) : 'ok';
  const quotaColor = level === 'critical' ? theme.quotaCritical : level === 'warn' ? theme.quotaWarn : undefined;
  const session =
    status.session !== undefined && status.session !== 'regular' ? sessionLabels[status.session] : undefined;
  const message = statusMessage(status, now);
  const feeds = feedsLine(status.feeds ?? {});
  const realtime = allRealtime(status.feeds);
  return (
    <Box flexDirection="row" paddingX={1}>
      <Box flexShrink={0}>
        <Text bold color={theme.accent}>
          massive
        </Text>
        <Text> </Text>
        <Text color={theme.connection[status.connection]}>● {connectionLabel(status.connection)}</Text>
        {status.demo ? (
          <>
            <Text> </Text>
            {/* Inverse when there is no colour, so simulated prices are never mistaken for real ones. */}
            <Text
              bold
              inverse={!theme.color}
              color={theme.color ? 'white' : undefined}
              backgroundColor={theme.demoBackground}
            >
              {' DEMO DATA '}
            </Text>
          </>
        ) : null}
        {session ? <Text bold> {session}</Text> : null}
      </Box>
      <Box flexGrow={1} flexShrink={1} marginLeft={1}>
        {/* One line that truncates as a whole: the feeds come first because they hold for the
            whole session and say whether the prices are live; the message follows. Delayed,
            REST-only or missing data is the trader's to know, so it is not dimmed. */}
        <Text wrap="truncate-end">
          {spinner ? <Text color={theme.warning}>{`${spinner} loading market data… `}</Text> : null}
          {feeds ? (
            <Text dimColor={realtime} color={realtime ? undefined : theme.warning}>
              {feeds}
              {message ? '  ' : ''}
            </Text>
          ) : null}
          <Text color={theme.warning}>{message}</Text>
        </Text>
      </Box>
      {quota ? (
        <Box flexShrink={0} marginLeft={1}>
          {/* The word says it too, for NO_COLOR: "low" then "exhausted". */}
          <Text dimColor={level === 'ok'} color={quotaColor} bold={level === 'critical'}>
            REST {quota.used}/{quota.limit} per {formatWindow(quota.windowMs)}, {Math.max(0, quota.limit - quota.used)}{' '}
            left
            {level === 'critical' ? (quota.used >= quota.limit ? ' (exhausted)' : ' (low)') : ''}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
