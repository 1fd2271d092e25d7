/**
 * REST wire types (massive-api.md §3, §4) as they come off the network: every field optional
 * until validated by rest-parse*.ts. Keys are spelled exactly as on the wire (terse v2 keys,
 * snake_case v3 keys) so the simulator can build responses from the same types.
 */

/** Fields every envelope may carry. `status` is OK, DELAYED, or an error code on failures. */
export interface WireEnvelope {
  readonly status?: string;
  readonly request_id?: string;
  readonly count?: number;
  readonly next_url?: string;
  readonly message?: string;
  readonly error?: string;
}

/** §4: `error` for status ERROR, `message` for NOT_AUTHORIZED / NOT_FOUND. */
export interface WireErrorBody {
  readonly status?: string;
  readonly request_id?: string;
  readonly error?: string;
  readonly message?: string;
}

export interface WireBar {
  readonly T?: string;
  readonly o?: number;
  readonly h?: number;
  readonly l?: number;
  readonly c?: number;
  readonly v?: number;
  readonly vw?: number;
  readonly n?: number;
  /** Window start, ms. */
  readonly t?: number;
  readonly otc?: boolean;
  readonly av?: number;
  readonly dv?: string;
  readonly dav?: string;
}

export interface WireV2LastTrade {
  readonly c?: readonly number[];
  readonly i?: string;
  readonly p?: number;
  readonly s?: number;
  readonly ds?: string;
  /** ns. */
  readonly t?: number;
  readonly x?: number;
}

/** Note the case: `P`/`S` are ask price/size, `p`/`s` bid price/size (lots). */
export interface WireV2LastQuote {
  readonly P?: number;
  readonly S?: number;
  readonly p?: number;
  readonly s?: number;
  /** ns. */
  readonly t?: number;
}

/** §3.3 ticker snapshot object. */
export interface WireStockSnapshot {
  readonly ticker?: string;
  readonly todaysChange?: number;
  readonly todaysChangePerc?: number;
  /** ns. */
  readonly updated?: number;
  readonly day?: WireBar;
  /** Latest minute bar; its `t` is ms. */
  readonly min?: WireBar;
  readonly prevDay?: WireBar;
  readonly lastTrade?: WireV2LastTrade;
  readonly lastQuote?: WireV2LastQuote;
  readonly fmv?: number;
}

export interface WireStockSnapshotSingle extends WireEnvelope {
  readonly ticker?: WireStockSnapshot;
}

export interface WireStockSnapshotMulti extends WireEnvelope {
  readonly tickers?: readonly WireStockSnapshot[];
}

export interface WireIndexSession {
  readonly change?: number;
  readonly change_percent?: number;
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close?: number;
  readonly previous_close?: number;
}

/** §3.4 indices snapshot item, or the inline `error`/`message` form. */
export interface WireIndexSnapshot {
  readonly ticker?: string;
  readonly name?: string;
  readonly type?: string;
  readonly value?: number;
  readonly market_status?: string;
  readonly timeframe?: string;
  /** ns. */
  readonly last_updated?: number;
  readonly session?: WireIndexSession;
  readonly error?: string;
  readonly message?: string;
}

export interface WireIndicesSnapshot extends WireEnvelope {
  readonly results?: readonly WireIndexSnapshot[];
}

export interface WireOptionDetails {
  readonly ticker?: string;
  readonly contract_type?: string;
  readonly exercise_style?: string;
  readonly expiration_date?: string;
  readonly strike_price?: number;
  readonly shares_per_contract?: number;
}

export interface WireOptionDay {
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close?: number;
  readonly volume?: number;
  readonly vwap?: number;
  readonly change?: number;
  readonly change_percent?: number;
  readonly previous_close?: number;
  readonly last_updated?: number;
}

export interface WireOptionLastQuote {
  readonly bid?: number;
  readonly ask?: number;
  readonly bid_size?: number;
  readonly ask_size?: number;
  readonly bid_exchange?: number;
  readonly ask_exchange?: number;
  readonly midpoint?: number;
  readonly last_updated?: number;
  readonly timeframe?: string;
}

export interface WireOptionLastTrade {
  readonly price?: number;
  readonly size?: number;
  readonly exchange?: number;
  readonly conditions?: readonly number[];
  readonly sip_timestamp?: number;
  readonly timeframe?: string;
}

export interface WireGreeks {
  readonly delta?: number;
  readonly gamma?: number;
  readonly theta?: number;
  readonly vega?: number;
}

export interface WireUnderlyingAsset {
  readonly ticker?: string;
  readonly price?: number;
  readonly value?: number;
  readonly change_to_break_even?: number;
  readonly last_updated?: number;
  readonly timeframe?: string;
}

/** §3.5 option contract snapshot object. */
export interface WireOptionContract {
  readonly details?: WireOptionDetails;
  readonly day?: WireOptionDay;
  readonly last_quote?: WireOptionLastQuote;
  readonly last_trade?: WireOptionLastTrade;
  readonly greeks?: WireGreeks;
  readonly implied_volatility?: number;
  readonly open_interest?: number;
  readonly break_even_price?: number;
  readonly underlying_asset?: WireUnderlyingAsset;
  readonly fmv?: number;
  readonly fmv_last_updated?: number;
}

export interface WireOptionChain extends WireEnvelope {
  readonly results?: readonly WireOptionContract[];
}

export interface WireOptionContractSnapshot extends WireEnvelope {
  readonly results?: WireOptionContract;
}

/** §3.6 aggregates and previous close. */
export interface WireAggs extends WireEnvelope {
  readonly ticker?: string;
  readonly adjusted?: boolean;
  readonly queryCount?: number;
  readonly resultsCount?: number;
  readonly results?: readonly WireBar[];
}

export interface WireIndicatorValue {
  /** ms. */
  readonly timestamp?: number;
  readonly value?: number;
  readonly signal?: number;
  readonly histogram?: number;
}

/** §3.8 technical indicators. */
export interface WireIndicator extends WireEnvelope {
  readonly results?: {
    readonly values?: readonly WireIndicatorValue[];
    readonly underlying?: { readonly url?: string; readonly aggregates?: readonly WireBar[] };
  };
}

/** §3.9 `/v1/marketstatus/now`, a bare object. */
export interface WireMarketStatusNow {
  readonly market?: string;
  readonly serverTime?: string;
  readonly earlyHours?: boolean;
  readonly afterHours?: boolean;
  readonly exchanges?: Readonly<Record<string, string>>;
  readonly currencies?: Readonly<Record<string, string>>;
  readonly indicesGroups?: Readonly<Record<string, string>>;
}

/** §3.9 `/v1/marketstatus/upcoming` item (the response is a bare array). */
export interface WireMarketHoliday {
  readonly date?: string;
  readonly exchange?: string;
  readonly name?: string;
  readonly status?: string;
  readonly open?: string;
  readonly close?: string;
}
