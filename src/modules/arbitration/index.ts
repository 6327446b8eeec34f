export { arbitrationAbi } from "./abi.js";
export { MAX_URI_BYTES } from "./bidding.js";
export type { ArbitrableLookup, ArbitrationBank } from "./deps.js";
export { ArbitrationErrorCode } from "./errors.js";
export { ArbitrationKeeper } from "./keeper.js";
export { type ArbitrationOptions, arbitrationModule } from "./module.js";
export {
  type ArbitrationGenesis,
  type ArbitrationParams,
  DEFAULT_ARBITRATION_PARAMS,
} from "./params.js";
export { MAX_CONTACT_BYTES, MAX_TAG_BYTES, MAX_TAGS } from "./profile.js";
export { MAX_PAGE as MAX_ARBITRATION_PAGE } from "./queries.js";
export { pickWinningBid } from "./selection.js";
export { type Arbiter, type ArbiterStats, ArbiterStatus, allArbiters, totalBonds } from "./state/arbiters.js";
export { type Case, CaseState, readCase } from "./state/cases.js";
