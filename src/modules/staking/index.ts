export { stakingAbi } from "./abi.js";
export type { StakingBank, StakingHooks } from "./deps.js";
export { StakingErrorCode } from "./errors.js";
export { StakingKeeper, type ValidatorView } from "./keeper.js";
export { stakingModule } from "./module.js";
export {
  COMMISSION_CHANGE_INTERVAL_MS,
  MAX_ENTRIES,
  readParams,
  STAKING_DEFAULTS,
  type StakingParams,
} from "./params.js";
export {
  allValidators,
  readUnbonding,
  readValidator,
  type Unbonding,
  type Validator,
  ValidatorStatus,
} from "./state.js";
export { readValidatorSet, type SetMember } from "./valset.js";
