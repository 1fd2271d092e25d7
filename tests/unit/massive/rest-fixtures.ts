/** Exact example bodies from docs/massive-api.md §3 and §4, shared by the REST parser tests. */

export const STOCK_SNAPSHOT_OBJECT = `{"ticker":"AAPL","todaysChange":0.98,"todaysChangePerc":0.82,"updated":1605195918306274000,
 "day":{"o":119.62,"h":120.53,"l":118.81,"c":120.4229,"v":28727868,"vw":119.725,"dv":"28727868.0"},
 "min":{"av":28724441,"t":1684428720000,"n":762,"o":120.435,"h":120.468,"l":120.37,"c":120.4201,"v":270796,"vw":120.4129,"dv":"270796.0","dav":"28724441.0"},
 "prevDay":{"o":117.19,"h":119.63,"l":116.44,"c":119.49,"v":110597265,"vw":118.4998},
 "lastTrade":{"c":[14,41],"i":"4046","p":120.47,"s":236,"ds":"236.0","t":1605195918306274000,"x":10},
 "lastQuote":{"P":120.47,"S":4,"p":120.46,"s":8,"t":1605195918507251700},
 "fmv":120.45}`;

export const INDICES_SNAPSHOT = `{"status":"OK","request_id":"6a7e...","results":[{"ticker":"I:SPX","name":"S&P 500","type":"indices","value":5431.6,"market_status":"open","timeframe":"REAL-TIME","last_updated":1718200000123000000,"session":{"change":12.3,"change_percent":0.23,"open":5420.1,"high":5440.2,"low":5415.8,"close":5431.6,"previous_close":5419.3}}]}`;

export const INLINE_NOT_FOUND = `{"ticker":"TSLAAPL","error":"NOT_FOUND","message":"Ticker not found."}`;
export const INLINE_NOT_ENTITLED = `{"ticker":"APy","error":"NOT_ENTITLED","message":"Not entitled to this ticker."}`;

export const OPTION_CHAIN = `{"status":"OK","request_id":"d9ff18da","next_url":"https://api.massive.com/v3/snapshot/options/AAPL?cursor=YXA9...",
 "results":[{"break_even_price":171.075,
  "day":{"change":-1.05,"change_percent":-4.67,"close":21.4,"high":22.49,"low":21.35,"open":22.49,"previous_close":22.45,"volume":37,"vwap":21.6741,"last_updated":1636520400000000000},
  "details":{"contract_type":"call","exercise_style":"american","expiration_date":"2023-06-16","shares_per_contract":100,"strike_price":150,"ticker":"O:AAPL230616C00150000"},
  "greeks":{"delta":0.552,"gamma":0.00707,"theta":-0.0185,"vega":0.7275},
  "implied_volatility":0.3049,
  "last_quote":{"ask":21.25,"ask_exchange":301,"ask_size":110,"bid":20.9,"bid_exchange":301,"bid_size":172,"midpoint":21.075,"last_updated":1636573458756383500,"timeframe":"REAL-TIME"},
  "last_trade":{"conditions":[209],"exchange":316,"price":21.1,"size":2,"sip_timestamp":1675280958783136800,"timeframe":"REAL-TIME"},
  "open_interest":8921,
  "underlying_asset":{"change_to_break_even":23.124,"last_updated":1636573459862384600,"price":147.951,"ticker":"AAPL","timeframe":"REAL-TIME"}}]}`;

export const PREV_CLOSE = `{"ticker":"AAPL","queryCount":1,"resultsCount":1,"adjusted":true,"status":"OK","request_id":"5e53...","count":1,
 "results":[{"T":"AAPL","o":162.25,"h":162.34,"l":156.72,"c":156.8,"v":95595226,"vw":158.6074,"t":1651003200000,"n":899965}]}`;

export const ERROR_BODIES = {
  noKey: '{"status":"ERROR","request_id":"r1","error":"API Key was not provided"}',
  unknownKey: '{"status":"ERROR","request_id":"r2","error":"Unknown API Key"}',
  notEntitled:
    '{"status":"NOT_AUTHORIZED","request_id":"r3","message":"You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing"}',
  notFound: '{"status":"NOT_FOUND","request_id":"r4","message":"Data not found."}',
  rateLimited:
    '{"status":"ERROR","request_id":"r5","error":"You\'ve exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://massive.com/pricing"}',
} as const;
