/**
 * Historical bars for aggregates, previous close and indicators. The live cursor only knows the
 * present, so history is a deterministic walk *backwards* from today's state: minute bars end at
 * the current price, and daily bars end with yesterday's close at `prevClose`, so REST history
 * joins the streamed prices without a seam.
 */
import type { SimMarket } from './market/model.js';
import { normal, streamFor, unitFromName } from './market/prng.js';
import { newYorkTime, sessionPhase } from './market/session.js';
import { round2, round4, type InstrumentState } from './market/state.js';

export interface HistBar {
  readonly t: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
  readonly vw: number;
  readonly n: number;
}

const DAY = 86_400_000;

/** Midnight New York of the day containing `ms`. */
export function nyMidnight(ms: number): number {
  const ny = newYorkTime(ms);
  return Date.parse(`${ny.date}T00:00:00Z`) - ny.offset * 60_000;
}

function isTradingDay(midnight: number): boolean {
  // Noon avoids DST edges; 'closed' at noon on a weekday means a holiday.
  return sessionPhase(midnight + 12 * 3_600_000) === 'regular';
}

function bar(seedKey: () => number, t: number, open: number, close: number, baseVolume: number): HistBar {
  const wick = Math.abs(close - open) * 0.5 + open * 0.0004 * seedKey();
  const h = round2(Math.max(open, close) + wick * seedKey());
  const l = round2(Math.min(open, close) - wick * seedKey());
  const v = Math.max(1, Math.round(baseVolume * (0.5 + seedKey())));
  return {
    t,
    o: round2(open),
    h,
    l,
    c: round2(close),
    v,
    vw: round4((open + close + h + l) / 4),
    n: Math.max(1, Math.round(v / 150)),
  };
}

/** The previous trading day's bar; its close is the state's `prevClose`. `now`: the feed's market time. */
export function prevDayBar(market: SimMarket, s: InstrumentState, now = market.now()): HistBar {
  const u = (salt: number) => unitFromName(market.seed, s.sym, salt);
  let day = nyMidnight(now) - DAY;
  while (!isTradingDay(day)) day = nyMidnight(day - DAY / 2);
  const pc = s.day.prevClose;
  const o = round2(pc * (1 + (u(40) - 0.5) * 0.02));
  const volume =
    s.kind === 'option' ? s.openInterest * 0.3 : s.kind === 'stock' ? s.spec.initialVolume * (2 + u(43)) : 0;
  return {
    t: day,
    o,
    h: round2(Math.max(o, pc) * (1 + u(41) * 0.01)),
    l: round2(Math.min(o, pc) * (1 - u(42) * 0.01)),
    c: pc,
    v: Math.round(volume),
    vw: round4((o + pc) / 2),
    n: Math.round(volume / 120),
  };
}

/** Whether a minute bar exists for this instrument at `t` (stocks trade 4:00–20:00, others the regular session). */
function minuteOpen(s: InstrumentState, t: number): boolean {
  const phase = sessionPhase(t);
  return s.kind === 'stock' ? phase !== 'closed' : phase === 'regular';
}

/** Which bars a request wants: those in [from, to], at most `cap`, as the feed sees them at `now`. */
export interface BarWindow {
  readonly from: number;
  readonly to: number;
  readonly cap: number;
  readonly now: number;
}

/** Minute bars of the window, walked back from `now` (`s` is the feed's state then). */
export function minuteBars(market: SimMarket, s: InstrumentState, { from, to, cap, now }: BarWindow): HistBar[] {
  let t = Math.min(to, now - 60_000);
  t -= t % 60_000;
  let close = s.price;
  const out: HistBar[] = [];
  const sigma = s.kind === 'option' ? 0.01 : s.kind === 'index' && s.sym.startsWith('I:VIX') ? 0.004 : 0.0008;
  const baseVol = s.kind === 'stock' ? s.spec.initialVolume / 900 : s.kind === 'option' ? 5 : 0;
  // Walk back from the present minute; bars before `from` are walked but not kept.
  for (let m = Math.floor((now - 60_000) / 60_000) * 60_000; m >= from && out.length < cap; m -= 60_000) {
    const rng = streamFor(market.seed, `${s.sym}#m`, m / 60_000);
    const open = close * Math.exp(-sigma * normal(rng));
    if (m <= t && minuteOpen(s, m)) out.push(bar(rng, m, open, close, baseVol));
    close = open;
  }
  return out.reverse();
}

/** Daily bars (trading days only) of the window, ending with yesterday at prevClose and today live. */
export function dayBars(market: SimMarket, s: InstrumentState, { from, to, cap, now }: BarWindow): HistBar[] {
  const today = nyMidnight(now);
  const out: HistBar[] = [];
  if (today <= to && today >= nyMidnight(from) && isTradingDay(today)) {
    out.push({
      t: today,
      o: s.day.open,
      h: s.day.high,
      l: s.day.low,
      c: round2(s.price),
      v: s.day.volume,
      vw: round4(s.day.pv / Math.max(1, s.day.volume)),
      n: Math.round(s.day.volume / 150),
    });
  }
  const prev = prevDayBar(market, s, now);
  let close = prev.c;
  const sigma = s.kind === 'option' ? 0.15 : s.sym.startsWith('I:VIX') ? 0.07 : 0.012;
  for (let d = prev.t, i = 0; d >= nyMidnight(from) && out.length < cap && i < 20_000; i++) {
    const rng = streamFor(market.seed, `${s.sym}#d`, Math.round(d / DAY));
    const open = d === prev.t ? prev.o : close * Math.exp(-sigma * normal(rng));
    if (d <= to) out.push(d === prev.t ? prev : bar(rng, d, open, close, prev.v / 1.2));
    close = open;
    do d = nyMidnight(d - DAY / 2);
    while (!isTradingDay(d));
  }
  return out.sort((a, b) => a.t - b.t);
}
