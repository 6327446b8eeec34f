export { distributionAbi } from "./abi.js";
export type { DistributionBank, DistributionStaking, RewardedValidator } from "./deps.js";
export { DistributionErrorCode } from "./errors.js";
export {
  advance,
  FIRST_DECADE_RATE_BPS,
  FIRST_DECADE_YEARS,
  type Issuance,
  provisionOf,
  rateOf,
  YEAR_MS,
} from "./issuance.js";
export { distributionModule } from "./module.js";
export { DistributionHooks } from "./rewards.js";
export { allValidatorRewards, RATIO_SCALE, readCarry, readIssuance } from "./state.js";
