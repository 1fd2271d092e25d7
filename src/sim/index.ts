export { startSimulator, type SimOptions, type Simulator, type PlanName } from './server.js';
export type { FaultControl } from './faults.js';
export type { ConnectionInfo } from './ws-hub.js';
export { SimMarket, DELAY_MS, type SimMarketOptions } from './market/model.js';
export type { SimEvent, SimChannel, InstrumentState } from './market/state.js';
export type { ContractSpec } from './market/options.js';
export { PLANS, channelAllowed, type PlanRules } from './plans.js';
export { marketStatusBody, sessionPhase, type SessionPhase } from './market/session.js';
