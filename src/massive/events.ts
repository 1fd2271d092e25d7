/**
 * Validated WebSocket events, keyed as on the wire (docs/massive-api.md section 2) so that the proxy
 * can pass them through untouched. Timestamps are normalised to milliseconds by the parser.
 */
export type Cluster = 'stocks' | 'options' | 'indices';

export const CLUSTERS: readonly Cluster[] = ['stocks', 'options', 'indices'];

export interface StatusEvent {
  readonly ev: 'status';
  readonly status: string;
  readonly message: string;
}

export interface TradeEvent {
  readonly ev: 'T';
  readonly sym: string;
  readonly p: number;
  /** Size; 0 when the wire omitted it (Massive leaves zero fields out). */
  readonly s: number;
  /** SIP timestamp, ms. */
  readonly t: number;
  readonly x?: number;
  readonly i?: string;
  readonly z?: number;
  readonly c?: readonly number[];
  readonly q?: number;
}

export interface QuoteEvent {
  readonly ev: 'Q';
  readonly sym: string;
  /** Bid price; 0 = no bid (the wire omits a zero `bp`, e.g. an option nobody bids for). */
  readonly bp: number;
  /** Ask price; 0 = no ask. */
  readonly ap: number;
  readonly t: number;
  /** Sizes; the parser fills an omitted one with 0 (left out only if sent with a wrong type). */
  readonly bs?: number;
  readonly as?: number;
  readonly bx?: number;
  readonly ax?: number;
  readonly c?: number;
  readonly i?: readonly number[];
  readonly q?: number;
  readonly z?: number;
}

/** Second (`A`) or minute (`AM`) aggregate; index bars carry only op/o/h/l/c/s/e. */
export interface AggregateEvent {
  readonly ev: 'A' | 'AM';
  readonly sym: string;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  /** Window start, ms. */
  readonly s: number;
  /** Window end, ms. */
  readonly e: number;
  readonly v?: number;
  readonly av?: number;
  readonly op?: number;
  readonly vw?: number;
  readonly a?: number;
  readonly z?: number;
  readonly otc?: boolean;
}

/** Index value; note the ticker is under `T` and the value under `val`. */
export interface IndexValueEvent {
  readonly ev: 'V';
  readonly T: string;
  readonly val: number;
  readonly t: number;
}

export type DataEvent = TradeEvent | QuoteEvent | AggregateEvent | IndexValueEvent;
export type MassiveEvent = StatusEvent | DataEvent;

/** A problem found while parsing a frame; reported, never thrown. */
export interface FrameIssue {
  /** Index of the element within the frame array, or -1 for the frame as a whole. */
  readonly index: number;
  readonly reason: string;
}

export interface ParsedFrame {
  readonly events: MassiveEvent[];
  readonly issues: FrameIssue[];
}

/** The symbol an event is about (`sym`, or `T` for index values). */
export function eventSymbol(event: DataEvent): string {
  return event.ev === 'V' ? event.T : event.sym;
}
