/**
 * Session-anchored VWAP, hand-written because trading-signals' VWAP accumulates forever (no
 * session reset) and can only weight the typical price; a minute bar from Massive carries its own
 * volume-weighted price (`vw`), which makes Σ(vw·v)/Σv the exact session VWAP.
 */
import type { Bar } from '../../massive/rest-models.js';
import { nyDate } from '../../lib/new-york.js';
import { nyMinuteOfDay } from '../ny-date.js';

/** 09:30 New York: the regular session opens and the VWAP restarts. */
export const REGULAR_OPEN_MINUTE = 9 * 60 + 30;

/**
 * Which VWAP session a bar belongs to: the New York date plus whether it is before the regular
 * open (pre-market has its own VWAP) or from the open on (regular and after-hours share one, as
 * terminals conventionally show it).
 */
export function vwapSessionKey(timeMs: number, openMinute: number = REGULAR_OPEN_MINUTE): string | undefined {
  const date = nyDate(timeMs);
  const minute = nyMinuteOfDay(timeMs);
  if (date === undefined || minute === undefined) return undefined;
  return `${date}${minute >= openMinute ? 'R' : 'P'}`;
}

interface Contribution {
  readonly pv: number;
  readonly v: number;
}

function contributionOf(bar: Bar): Contribution {
  const v = bar.volume ?? 0;
  if (!(v > 0)) return { pv: 0, v: 0 };
  const price = bar.vwap !== undefined && bar.vwap > 0 ? bar.vwap : (bar.high + bar.low + bar.close) / 3;
  return { pv: price * v, v };
}

/** Streaming session VWAP over minute bars; `add(bar, true)` replaces the last bar added. */
export class SessionVwap {
  readonly #openMinute: number;
  #session: string | undefined;
  #pv = 0;
  #v = 0;
  #last: Contribution | undefined;

  constructor(openMinute: number = REGULAR_OPEN_MINUTE) {
    this.#openMinute = openMinute;
  }

  add(bar: Bar, replace: boolean): void {
    const key = vwapSessionKey(bar.timeMs, this.#openMinute);
    if (replace && this.#last !== undefined && key === this.#session) {
      this.#pv -= this.#last.pv;
      this.#v -= this.#last.v;
    } else if (key !== this.#session) {
      this.#session = key;
      this.#pv = 0;
      this.#v = 0;
    }
    const c = contributionOf(bar);
    this.#pv += c.pv;
    this.#v += c.v;
    this.#last = c;
  }

  /** Undefined until the session has traded volume (index bars never carry any). */
  value(): number | undefined {
    return this.#v > 0 ? this.#pv / this.#v : undefined;
  }
}
