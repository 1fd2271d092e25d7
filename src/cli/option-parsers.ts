/**
 * The one parser for whole-number flags and the one for `--flow`, so every command refuses the
 * same input with the same message (`--seed -1` is refused by `watch`, `chain`, `proxy` and `sim`
 * alike). Flags stay strings until here, so a bad one is a USAGE error (exit 2) before any network.
 */
import { FLOW_MODES, type FlowMode } from '../massive/client-messages.js';
import { usageError } from './exit.js';

export interface IntBounds {
  /** @default 0 */
  readonly min?: number;
  readonly max?: number;
}

/**
 * `--name`'s value as a whole number within bounds, or `fallback` when the flag is absent. Digits
 * only: `Number()` alone would take '', ' 7 ', '0x10' and '1e3'.
 */
export function intOption(name: string, value: string | undefined, fallback: number, bounds: IntBounds = {}): number {
  if (value === undefined) return fallback;
  const min = bounds.min ?? 0;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) {
    const range = bounds.max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
    throw usageError(`--${name} takes a whole number ${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** `--flow`, or `fallback` (the flowMode setting) when absent. */
export function flowOption(value: string | undefined, fallback: FlowMode): FlowMode {
  if (value === undefined) return fallback;
  const mode = FLOW_MODES.find((m) => m === value);
  if (mode === undefined) {
    const names = `${FLOW_MODES.slice(0, -1).join(', ')} or ${FLOW_MODES.at(-1)}`;
    throw usageError(`--flow takes ${names}, got ${JSON.stringify(value)}`);
  }
  return mode;
}
