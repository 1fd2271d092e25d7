/**
 * One option contract up close (issues 13 and 14): its quote and greeks, its trade plan (the
 * computation of `massive plan`) and its own prints from the tape.
 */
import { Box, Text } from 'ink';
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import { parseOptionTicker } from '../massive/symbology.js';
import type { FlowPrint } from '../market/types.js';
import type { TradePlan } from '../market/trade-plan.js';
import type { PlanEntry } from '../store/options-desk.js';
import { FlowTape } from './flow-tape.js';
import { formatFixed, formatIv, formatOptionPrice, formatPrice, formatSize, formatStrike } from './format.js';
import type { Theme } from './theme.js';

export interface ContractViewProps {
  readonly contract: string;
  /** The contract's row in the chain on screen, if it came from there. */
  readonly chainRow: OptionContractSnapshot | undefined;
  /** The desk's plan; used only when it is this contract's. */
  readonly plan: PlanEntry | undefined;
  /** The tape, newest first; the view keeps this contract's prints. */
  readonly flow: readonly FlowPrint[];
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
}

const join = (parts: readonly (string | false | undefined)[]): string => parts.filter(Boolean).join(' · ');

function quoteText(c: OptionContractSnapshot): string {
  const size =
    c.bidSize !== undefined && c.askSize !== undefined ? ` (${formatSize(c.bidSize)}×${formatSize(c.askSize)})` : '';
  const mid = c.bid !== undefined && c.ask !== undefined && c.ask >= c.bid ? (c.bid + c.ask) / 2 : c.midpoint;
  return join([
    (c.bid !== undefined || c.ask !== undefined) &&
      `bid ${formatOptionPrice(c.bid) || '—'} × ask ${formatOptionPrice(c.ask) || '—'}${size}`,
    mid !== undefined && `mid ${formatOptionPrice(mid)}`,
    c.lastPrice !== undefined && `last ${formatOptionPrice(c.lastPrice)}`,
    c.volume !== undefined && `vol ${formatSize(c.volume)}`,
    c.openInterest !== undefined && `OI ${formatSize(c.openInterest)}`,
    c.impliedVolatility !== undefined && `IV ${formatIv(c.impliedVolatility)}`,
  ]);
}

function greeksText(c: OptionContractSnapshot): string {
  const g = c.greeks;
  if (!g) return '';
  return join([
    g.delta !== undefined && `Δ ${formatFixed(g.delta, 3)}`,
    g.gamma !== undefined && `Γ ${formatFixed(g.gamma, 4)}`,
    g.theta !== undefined && `Θ ${formatFixed(g.theta, 3)}`,
    g.vega !== undefined && `vega ${formatFixed(g.vega, 3)}`,
  ]);
}

/** The plan as lines: style and entry; targets and stop; the numbers; then the reasons. */
export function planLines(p: TradePlan): string[] {
  const point = (label: string, x: { underlying: number; premium: number; source: string }): string =>
    `${label} ${formatPrice(x.underlying)} → ${formatOptionPrice(x.premium)} (${x.source})`;
  return [
    join([
      `${p.style} ${p.right}`,
      `${p.dte} DTE`,
      `entry ${formatOptionPrice(p.entry)}`,
      `grade ${p.grade}${p.grade === 'D' ? ' (untradeable)' : ''}`,
    ]),
    join([point('T1', p.targets[0]), point('T2', p.targets[1])]),
    point('Stop', p.stop),
    join([
      `R/R ${p.rewardRisk === null ? '—' : formatFixed(p.rewardRisk, 2)}`,
      `breakeven ${formatPrice(p.breakeven)} at expiry`,
      `max loss $${formatFixed(p.maxLoss, 2)}/contract`,
      `${p.contracts} contract${p.contracts === 1 ? '' : 's'}`,
    ]),
    ...p.reasons.map((r) => `· ${r}`),
  ];
}

/** Lines the plan section may take before the prints. */
const planRoom = 7;

export function ContractView(props: ContractViewProps): React.JSX.Element {
  const { contract, theme, width } = props;
  const option = parseOptionTicker(contract);
  const plan = props.plan?.contract === contract ? props.plan : undefined;
  const snap = plan?.snapshot ?? props.chainRow;
  const prints = props.flow.filter((p) => p.contract === contract);
  const lines = plan?.plan ? planLines(plan.plan).slice(0, planRoom) : [];
  // Box: border 2, title, quote, greeks, plan line and the plan's further lines; the tape: border 2, title, header.
  const tapeRows = Math.max(1, props.height - 6 - Math.max(0, lines.length - 1) - 4);
  const name = option
    ? `${option.root} ${formatStrike(option.strike)} ${option.right} · exp ${option.expiry}`
    : contract;
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="round" borderColor={theme.focus} paddingX={1}>
        <Text wrap="truncate-end">
          <Text bold>{contract}</Text> {name}
          <Text dimColor> Esc back</Text>
        </Text>
        <Text wrap="truncate-end">
          <Text bold>Quote </Text>
          {snap ? quoteText(snap) || <Text dimColor>no quote</Text> : <Text dimColor>loading…</Text>}
        </Text>
        <Text wrap="truncate-end">
          <Text bold>Greeks </Text>
          {snap ? greeksText(snap) || <Text dimColor>none in the snapshot</Text> : ''}
        </Text>
        <Text wrap="truncate-end">
          <Text bold>Plan </Text>
          {plan?.error ? (
            <Text color={theme.warning}>{plan.error}</Text>
          ) : plan?.plan ? (
            lines[0]
          ) : (
            <Text dimColor>computing (quote, daily ATR, key levels)…</Text>
          )}
        </Text>
        {lines.slice(1).map((line, i) => (
          <Text
            // biome-ignore lint/suspicious/noArrayIndexKey: lines of one formatted plan: the position is the identity
            key={i}
            wrap="truncate-end"
            dimColor={line.startsWith('·')}
          >
            {'     '}
            {line}
          </Text>
        ))}
      </Box>
      <FlowTape prints={prints} rows={tapeRows} width={width} theme={theme} title={`${contract} prints`} />
    </Box>
  );
}
