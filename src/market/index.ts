/** Market analytics: pure calculations over market data (issue 6). Re-exports only. */
export type * from './types.js';
export * from './ny-date.js';
export * from './indicators/bars.js';
export * from './indicators/session-vwap.js';
export * from './indicators/engine.js';
export * from './indicators/bar-cache.js';
export * from './bias.js';
export * from './flow/conditions.js';
export * from './flow/side.js';
export * from './flow/quote-book.js';
export * from './flow/ring-buffer.js';
export * from './flow/order.js';
export * from './flow/aggregator.js';
export * from './flow/summary.js';
export * from './liquidity.js';
