import type { ConnectionState } from '../store/types.js';

/**
 * Every colour on screen, in one place. Values are Ink `color` names; `undefined` means "the
 * terminal's default". Meaning never rides on colour alone: changes carry a sign, stale rows say
 * "stale", the demo badge is inverse text, so NO_COLOR loses nothing but hue.
 */
export interface Theme {
  /** Whether any colour is used; false under NO_COLOR. */
  readonly color: boolean;
  readonly up: string | undefined;
  readonly down: string | undefined;
  readonly accent: string | undefined;
  readonly border: string | undefined;
  readonly warning: string | undefined;
  readonly connection: Readonly<Record<ConnectionState, string | undefined>>;
  /** Background of the DEMO DATA badge; without colour the badge is inverse instead. */
  readonly demoBackground: string | undefined;
  /** Border of the focused panel (the unfocused ones use `border`); without colour its title is marked. */
  readonly focus: string | undefined;
  /** Backgrounds of a price cell that just ticked up or down; without colour it flashes inverse. */
  readonly flashUp: string | undefined;
  readonly flashDown: string | undefined;
  /** REST quota past 70 % (warn) and 90 % (critical) of its window. */
  readonly quotaWarn: string | undefined;
  readonly quotaCritical: string | undefined;
  /** Background of the alert line; without colour it is inverse. */
  readonly alertBackground: string | undefined;
}

export const colorTheme: Theme = {
  color: true,
  up: 'green',
  down: 'red',
  accent: 'cyan',
  border: 'gray',
  warning: 'yellow',
  connection: {
    live: 'green',
    connecting: 'yellow',
    reconnecting: 'yellow',
    polling: 'cyan',
    offline: 'red',
    auth_failed: 'red',
  },
  demoBackground: 'magenta',
  focus: 'cyan',
  flashUp: 'green',
  flashDown: 'red',
  quotaWarn: 'yellow',
  quotaCritical: 'red',
  alertBackground: 'yellow',
};

export const monochromeTheme: Theme = {
  color: false,
  up: undefined,
  down: undefined,
  accent: undefined,
  border: undefined,
  warning: undefined,
  connection: {
    live: undefined,
    connecting: undefined,
    reconnecting: undefined,
    polling: undefined,
    offline: undefined,
    auth_failed: undefined,
  },
  demoBackground: undefined,
  focus: undefined,
  flashUp: undefined,
  flashDown: undefined,
  quotaWarn: undefined,
  quotaCritical: undefined,
  alertBackground: undefined,
};

/**
 * https://no-color.org: a NO_COLOR that is present and not empty turns colour off. Chalk 5 (and
 * so Ink) does not check it itself, hence this.
 */
export function resolveTheme(
  env: Readonly<Record<string, string | undefined>>,
  name?: 'dark' | 'light' | 'mono',
): Theme {
  const noColor = env['NO_COLOR'];
  return (noColor !== undefined && noColor !== '') || name === 'mono' ? monochromeTheme : colorTheme;
}

/** How much of the REST quota is spent: below 70 % fine, then warn, from 90 % critical. */
export function quotaLevel(used: number, limit: number): 'ok' | 'warn' | 'critical' {
  if (!(limit > 0)) return 'ok';
  const share = used / limit;
  return share >= 0.9 ? 'critical' : share >= 0.7 ? 'warn' : 'ok';
}

/** Colour of a price move. */
export function moveColor(theme: Theme, dir: 'up' | 'down' | 'flat'): string | undefined {
  return dir === 'up' ? theme.up : dir === 'down' ? theme.down : undefined;
}
