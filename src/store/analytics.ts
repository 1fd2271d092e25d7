import type { AggregateEvent, DataEvent } from '../massive/events.js';
import type { Bar } from '../massive/rest-models.js';
import { isOptionTicker } from '../massive/symbology.js';
import { IndicatorEngine } from '../market/indicators/engine.js';
import { barFromAggregate } from '../market/indicators/bars.js';
import { computeBias, biasChanged } from '../market/bias.js';
import { FlowAggregator, type ContractInfo } from '../market/flow/aggregator.js';
import { FlowSummaries } from '../market/flow/summary.js';
import { RingBuffer } from '../market/flow/ring-buffer.js';
import { printLiquidityWarnings, quoteLiquidityWarnings } from '../market/liquidity.js';
import {
  evaluateFlowAlerts,
  evaluateQuoteAlerts,
  type AlertFiring,
  type AlertRule,
  type AlertState,
} from '../market/alerts.js';
import type { FlowThresholds } from '../market/flow/order.js';
import type { FlowPrint, FlowSummary, IndicatorValues, LiquidityWarning } from '../market/types.js';
import { sessionBars } from './session-bars.js';
import type { MarketSnapshot, QuoteRow } from './types.js';

export interface AnalyticsOptions {
  /** Symbols that get indicators and sparklines (watchlist plus I:SPX and I:VIX). */
  readonly symbols: readonly string[];
  readonly flowThresholds?: Partial<FlowThresholds>;
  /** Prints kept on the flow tape, for scrolling back through the session. @default 5000 */
  readonly tapeSize?: number;
  /** Liquidity warnings kept. @default 50 */
  readonly liquiditySize?: number;
  readonly alertRules?: readonly AlertRule[];
}

/** What the analytics add to a published snapshot. */
export type AnalyticsParts = Pick<
  MarketSnapshot,
  'indicators' | 'bias' | 'flow' | 'flowDropped' | 'flowSummary' | 'liquidity' | 'sparklines' | 'sessionBars'
> & {
  readonly alerts: readonly AlertFiring[];
};

/** Events produced synchronously by one input; flow prints and alerts are never coalesced. */
export interface AnalyticsOutput {
  readonly flow: readonly FlowPrint[];
  readonly alerts: readonly AlertFiring[];
  readonly liquidity: readonly LiquidityWarning[];
}

const NONE: AnalyticsOutput = { flow: [], alerts: [], liquidity: [] };
const SPARK_POINTS = 390; // one regular session of minute closes

/**
 * The stateful engines behind the store's analytics (indicators, flow, bias, liquidity, alerts).
 * Built parts are cached and rebuilt only when their inputs changed, so publishing a frame costs
 * nothing for analytics that did not move.
 */
export class MarketAnalytics {
  readonly #engines = new Map<string, IndicatorEngine>();
  readonly #agg: FlowAggregator;
  readonly #summaries = new FlowSummaries();
  readonly #tape: RingBuffer<FlowPrint>;
  readonly #liquidity: RingBuffer<LiquidityWarning>;
  readonly #alertLog = new RingBuffer<AlertFiring>(20);
  readonly #rules: readonly AlertRule[];
  #alertState: AlertState = {};
  #dirty = { indicators: true, flow: true, liquidity: true, alerts: true };
  #parts: AnalyticsParts = {
    indicators: {},
    bias: undefined,
    flow: [],
    flowDropped: 0,
    flowSummary: {},
    liquidity: [],
    sparklines: {},
    sessionBars: {},
    alerts: [],
  };

  constructor(options: AnalyticsOptions) {
    for (const s of options.symbols) this.#engines.set(s, new IndicatorEngine(s));
    this.#agg = new FlowAggregator({ thresholds: options.flowThresholds });
    this.#tape = new RingBuffer(options.tapeSize ?? 5_000);
    this.#liquidity = new RingBuffer(options.liquiditySize ?? 50);
    this.#rules = options.alertRules ?? [];
  }

  /** True when any input is pending inside the flow aggregator (the store then keeps flushing). */
  get pendingFlow(): boolean {
    return this.#agg.stats().pending > 0;
  }

  /** Seeds a symbol's indicators from REST minute bars (once per symbol and session). */
  seedBars(symbol: string, bars: readonly Bar[]): void {
    const engine = this.#engines.get(symbol);
    if (!engine) return;
    engine.merge(bars);
    this.#dirty.indicators = true;
  }

  /** Gives a symbol added to the watchlist at run time its indicator engine. */
  addSymbol(symbol: string): void {
    if (!this.#engines.has(symbol)) this.#engines.set(symbol, new IndicatorEngine(symbol));
  }

  /** The bars an engine holds (for the on-disk bar cache). */
  bars(symbol: string): readonly Bar[] {
    return this.#engines.get(symbol)?.bars() ?? [];
  }

  setContractInfo(contract: string, info: ContractInfo, now: number): void {
    this.#agg.setContract(contract, info, now);
  }

  /** Feeds one stream event. Returns the flow prints, alerts and warnings it finalised. */
  onEvent(event: DataEvent): AnalyticsOutput {
    switch (event.ev) {
      case 'AM':
        return this.#onMinuteBar(event);
      case 'Q':
        if (isOptionTicker(event.sym))
          this.#agg.quote(event.sym, {
            bid: event.bp,
            ask: event.ap,
            time: event.t,
            bidSize: event.bs,
            askSize: event.as,
          });
        return NONE;
      case 'T':
        if (isOptionTicker(event.sym))
          return this.#emit(
            this.#agg.trade({
              contract: event.sym,
              time: event.t,
              price: event.p,
              size: event.s,
              exchange: event.x,
              conditions: event.c,
            }),
          );
        this.#agg.setSpot(event.sym, event.p);
        return NONE;
      case 'V':
        this.#agg.setSpot(event.T.replace(/^I:/, ''), event.val);
        return NONE;
      default:
        return NONE;
    }
  }

  /** Closes flow windows that ended before `now` (market time). */
  flush(now: number): AnalyticsOutput {
    return this.#emit(this.#agg.flush(now));
  }

  #onMinuteBar(event: AggregateEvent): AnalyticsOutput {
    const engine = this.#engines.get(event.sym);
    if (engine && engine.update(barFromAggregate(event)) !== 'ignored') this.#dirty.indicators = true;
    return NONE;
  }

  #emit(prints: readonly FlowPrint[]): AnalyticsOutput {
    if (prints.length === 0) return NONE;
    const alerts: AlertFiring[] = [];
    const liquidity: LiquidityWarning[] = [];
    for (const print of prints) {
      this.#tape.push(print);
      this.#summaries.add(print);
      for (const w of printLiquidityWarnings(print)) {
        this.#liquidity.push(w);
        liquidity.push(w);
      }
      const book = this.#agg.quotes.at(print.contract, print.time);
      if (book) {
        for (const w of quoteLiquidityWarnings(
          {
            symbol: print.contract,
            bid: book.bid,
            ask: book.ask,
            quoteTime: book.time,
            openInterest: print.openInterest,
          },
          print.time,
        )) {
          this.#liquidity.push(w);
          liquidity.push(w);
        }
      }
      for (const a of evaluateFlowAlerts(this.#rules, print)) {
        this.#alertLog.push(a);
        alerts.push(a);
      }
    }
    this.#dirty.flow = true;
    this.#dirty.liquidity ||= liquidity.length > 0;
    this.#dirty.alerts ||= alerts.length > 0;
    return { flow: prints, alerts, liquidity };
  }

  /** Evaluates quote alerts against the rows about to be published. */
  evaluateQuotes(rows: Readonly<Record<string, QuoteRow>>, now: number): readonly AlertFiring[] {
    if (!this.#rules.some((r) => r.target.kind === 'quote')) return [];
    const { state, fired } = evaluateQuoteAlerts(this.#rules, this.#alertState, rows, now);
    this.#alertState = state;
    for (const a of fired) this.#alertLog.push(a);
    if (fired.length > 0) this.#dirty.alerts = true;
    return fired;
  }

  /** The parts for a snapshot; unchanged parts keep their identity (cheap React/NDJSON diffs). */
  parts(rows: Readonly<Record<string, QuoteRow>>): AnalyticsParts {
    let p = this.#parts;
    if (this.#dirty.indicators) {
      const indicators: Record<string, IndicatorValues> = {};
      const sparklines: Record<string, number[]> = {};
      const minuteBars: Record<string, readonly Bar[]> = {};
      for (const [symbol, engine] of this.#engines) {
        const bars = engine.bars();
        if (bars.length === 0) continue;
        indicators[symbol] = engine.values(rows[symbol]?.price);
        sparklines[symbol] = bars.slice(-SPARK_POINTS).map((b) => b.close);
        minuteBars[symbol] = sessionBars(bars);
      }
      p = { ...p, indicators, sparklines, sessionBars: minuteBars };
    }
    const spx = rows['I:SPX'];
    const vix = rows['I:VIX'];
    if (spx?.price !== undefined || vix?.price !== undefined) {
      const bias = computeBias({
        spxPrice: spx?.price,
        spxIndicators: p.indicators['I:SPX'],
        vix: vix?.price,
        vixPrevClose: vix?.prevClose,
        vixIndicators: p.indicators['I:VIX'],
      });
      if (!p.bias || biasChanged(p.bias, bias)) p = { ...p, bias };
    }
    if (this.#dirty.flow) {
      const flowSummary: Record<string, FlowSummary> = {};
      for (const s of this.#summaries.all()) flowSummary[s.underlying] = s;
      p = { ...p, flow: this.#tape.toArray(), flowDropped: this.#tape.dropped, flowSummary };
    }
    if (this.#dirty.liquidity) p = { ...p, liquidity: this.#liquidity.toArray() };
    if (this.#dirty.alerts) p = { ...p, alerts: this.#alertLog.toArray() };
    this.#dirty = { indicators: false, flow: false, liquidity: false, alerts: false };
    this.#parts = p;
    return p;
  }
}
