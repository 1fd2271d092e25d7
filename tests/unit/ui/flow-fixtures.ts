import type { FlowPrint } from '../../../src/market/types.js';
import { T0 } from './fake-store.js';

/** A classified print with plausible values, then `over` applied. */
export function flowPrint(over: Partial<FlowPrint> = {}): FlowPrint {
  return {
    id: 'p1',
    time: T0,
    contract: 'O:SPY261218C00650000',
    underlying: 'SPY',
    expiry: '2026-12-18',
    right: 'call',
    strike: 650,
    spot: 640.12,
    bid: 9.9,
    ask: 10.1,
    price: 10.05,
    size: 250,
    premium: 251_250,
    side: 'ask',
    kind: 'sweep',
    exchanges: [300, 301],
    sentiment: 'bullish',
    volume: 5_000,
    openInterest: 1_200,
    iv: 0.2345,
    moneyness: 1.015,
    dte: 300,
    flags: [],
    prints: 3,
    ...over,
  };
}
