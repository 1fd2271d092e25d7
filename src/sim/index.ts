export { startSimulator, type SimOptions, type Simulator, type PlanName, type KeyPlan } from './server.js';
export type { SimStats, AuthStat, RestStat } from './stats.js';
export type { FaultControl } from './faults.js';
export type { ConnectionInfo } from './ws-hub.js';
export { SimMarket, DELAY_MS, type SimMarketOptions } from './market/model.js';
export type { SimEvent, SimChannel, InstrumentState } from './market/state.js';
export type { ContractSpec } from './market/options.js';
export { channelAllowed, keyPlansOf, rightsOf, wsAuthAllowed, restPerMinute } from './plans.js';
export { CONDITION_RECORDS, type ConditionRecord, type UpdateRules } from './market/condition-reference.js';
export { marketStatusBody, sessionPhase, type SessionPhase } from './market/session.js';
export {
  createLoadGenerator,
  eventsDue,
  type LoadControl,
  type LoadOptions,
  type LoadProfile,
  type LoadStats,
} from './load.js';
export type { ScriptedOptionPrint, ScriptResult } from './market/script.js';
export type { PricePlacement } from './market/option-flow.js';
export { OPTION_CONDITIONS, OPTION_CONDITION_NAMES } from './market/conditions.js';
export { sessionActivity, defaultStart, type SessionActivity } from './market/profile.js';
