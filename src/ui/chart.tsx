import { useMemo } from 'react';
import { Text } from 'ink';
import type { Bar } from '../massive/rest-models.js';
import type { ChartMinutes } from './chart-data.js';
import { overlayGlyph, renderChart, type ChartRole } from './chart-render.js';
import { formatPrice } from './format.js';
import type { Theme } from './theme.js';

export interface ChartProps {
  /** The session's 1-minute bars, oldest first. */
  readonly bars: readonly Bar[] | undefined;
  readonly minutes: ChartMinutes;
  /** Columns and lines the chart may take, its legend line included. */
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
}

function roleColor(theme: Theme, role: ChartRole): string | undefined {
  if (!theme.color) return undefined;
  switch (role) {
    case 'up':
      return theme.up;
    case 'down':
      return theme.down;
    case 'vwap':
      return theme.warning;
    case 'ema9':
      return theme.accent;
    case 'ema21':
      // The themes have no third accent; magenta reads on dark and light backgrounds alike.
      return 'magenta';
    default:
      return undefined;
  }
}

/** The detail view's chart: a legend line, then candles with overlays, volume and time. */
export function Chart({ bars, minutes, width, height, theme }: ChartProps): React.JSX.Element {
  // Redrawn when the bars or the size change, not on every frame of the screen.
  const pic = useMemo(
    () => (bars && bars.length > 0 && height >= 2 ? renderChart(bars, minutes, width, height - 1) : undefined),
    [bars, minutes, width, height],
  );
  if (pic === undefined) {
    return (
      <Text wrap="truncate-end">
        <Text bold>Chart {minutes}m </Text>
        <Text dimColor>no minute bars yet</Text>
      </Text>
    );
  }
  const last = pic.bars[pic.bars.length - 1];
  const legend = (key: 'vwap' | 'ema9' | 'ema21', name: string) => (
    <Text color={roleColor(theme, key)}>
      {'  '}
      {overlayGlyph[key]} {name} {formatPrice(last?.[key]) || '–'}
    </Text>
  );
  return (
    <>
      <Text wrap="truncate-end">
        <Text bold>Chart {minutes}m</Text>
        <Text dimColor> {pic.bars.length} bars</Text>
        {legend('vwap', 'VWAP')}
        {legend('ema9', 'EMA9')}
        {legend('ema21', 'EMA21')}
        <Text dimColor> · m {minutes === 1 ? '5m' : '1m'} bars</Text>
      </Text>
      {pic.lines.map((line, i) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: rows of a drawn picture: the row number is the identity
          key={i}
          wrap="truncate-end"
        >
          {line.map((run, j) => (
            <Text
              // biome-ignore lint/suspicious/noArrayIndexKey: runs of one drawn row: the column order is the identity
              key={j}
              color={roleColor(theme, run.role)}
              dimColor={run.role === 'axis'}
            >
              {run.text}
            </Text>
          ))}
        </Text>
      ))}
    </>
  );
}
