import { Box, Text } from 'ink';
import type { MarketSnapshot } from '../store/types.js';
import { formatClock } from './format.js';
import type { Theme } from './theme.js';

export interface AlertLineProps {
  /** Newest first. */
  readonly alerts: NonNullable<MarketSnapshot['alerts']>;
  readonly theme: Theme;
}

/** The latest alert, highlighted (inverse without colour), with how many fired in all. */
export function AlertLine({ alerts, theme }: AlertLineProps): React.JSX.Element | null {
  const latest = alerts[0];
  if (!latest) return null;
  return (
    <Box paddingX={1}>
      <Text wrap="truncate-end">
        <Text
          bold
          inverse={!theme.color}
          backgroundColor={theme.alertBackground}
          color={theme.color ? 'black' : undefined}
        >
          {` ALERT ${formatClock(latest.time)} ${latest.message} `}
        </Text>
        <Text dimColor>
          {' '}
          {latest.rule}
          {alerts.length > 1 ? ` · ${alerts.length} alerts` : ''}
        </Text>
      </Text>
    </Box>
  );
}
