import { Box, Text } from 'ink';
import type { ConnectionState, StatusInfo } from '../store/types.js';
import { formatWindow } from './format.js';
import type { Theme } from './theme.js';

const connectionLabels: Readonly<Record<ConnectionState, string>> = {
  live: 'live',
  connecting: 'connecting…',
  reconnecting: 'reconnecting…',
  polling: 'polling (REST)',
  offline: 'offline',
  auth_failed: 'auth failed',
};

/** The words for a connection state; the dot's colour repeats it for those who have colour. */
export function connectionLabel(state: ConnectionState): string {
  return connectionLabels[state];
}

export interface StatusBarProps {
  readonly status: StatusInfo;
  readonly theme: Theme;
}

/** The top line: app name, connection state, DEMO DATA badge, status message, REST quota. */
export function StatusBar({ status, theme }: StatusBarProps): React.JSX.Element {
  const { quota } = status;
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
            <Text bold inverse={!theme.color} color={theme.color ? 'white' : undefined} backgroundColor={theme.demoBackground}>
              {' DEMO DATA '}
            </Text>
          </>
        ) : null}
      </Box>
      <Box flexGrow={1} flexShrink={1} marginLeft={1}>
        <Text wrap="truncate-end" color={theme.warning}>
          {status.message ?? ''}
        </Text>
      </Box>
      {quota ? (
        <Box flexShrink={0} marginLeft={1}>
          <Text dimColor>
            REST {quota.used}/{quota.limit} per {formatWindow(quota.windowMs)}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
