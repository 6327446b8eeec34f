import { ModuleError } from "../../state/index.js";

/** Stable error codes of the staking module (never renumber). */
export const StakingErrorCode = {
  UnknownValidator: "STAKING_UNKNOWN_VALIDATOR",
  NotOperator: "STAKING_NOT_OPERATOR",
  AlreadyDeclared: "STAKING_ALREADY_DECLARED",
  InvalidPubkey: "STAKING_INVALID_PUBKEY",
  PubkeyTaken: "STAKING_PUBKEY_TAKEN",
  BelowMinimum: "STAKING_BELOW_MINIMUM",
  InvalidCommission: "STAKING_INVALID_COMMISSION",
  CommissionTooSoon: "STAKING_COMMISSION_TOO_SOON",
  InvalidDescription: "STAKING_INVALID_DESCRIPTION",
  WrongStatus: "STAKING_WRONG_STATUS",
  StillJailed: "STAKING_STILL_JAILED",
  InvalidAmount: "STAKING_INVALID_AMOUNT",
  NoDelegation: "STAKING_NO_DELEGATION",
  SelfStakeBelowMinimum: "STAKING_SELF_STAKE_BELOW_MINIMUM",
  TooManyEntries: "STAKING_TOO_MANY_ENTRIES",
  TransitiveRedelegation: "STAKING_TRANSITIVE_REDELEGATION",
} as const;

const err = (code: string, reason: string) => new ModuleError(code, `staking: ${reason}`);

export const unknownValidator = (who: string) =>
  err(StakingErrorCode.UnknownValidator, `no validator operated by ${who}`);
export const notOperator = () => err(StakingErrorCode.NotOperator, "caller does not operate a validator");
export const alreadyDeclared = () => err(StakingErrorCode.AlreadyDeclared, "caller already operates a validator");
export const invalidPubkey = () =>
  err(StakingErrorCode.InvalidPubkey, "consensus key must be a 33-byte compressed secp256k1 public key");
export const pubkeyTaken = () => err(StakingErrorCode.PubkeyTaken, "consensus key is already used by a validator");
export const belowMinimum = (min: bigint) =>
  err(StakingErrorCode.BelowMinimum, `self-stake must be at least ${min} wei`);
export const invalidCommission = (why: string) => err(StakingErrorCode.InvalidCommission, why);
export const commissionTooSoon = () =>
  err(StakingErrorCode.CommissionTooSoon, "commission can change only once per 24 hours");
export const invalidDescription = (why: string) => err(StakingErrorCode.InvalidDescription, `description: ${why}`);
export const wrongStatus = (action: string, status: string) =>
  err(StakingErrorCode.WrongStatus, `cannot ${action} a validator that is ${status}`);
export const stillJailed = (until: bigint) =>
  err(StakingErrorCode.StillJailed, `validator is jailed until block time ${until}`);
export const invalidAmount = (why: string) => err(StakingErrorCode.InvalidAmount, why);
export const noDelegation = () => err(StakingErrorCode.NoDelegation, "no delegation to this validator");
export const selfStakeBelowMinimum = () =>
  err(
    StakingErrorCode.SelfStakeBelowMinimum,
    "operator's self-stake would fall below the minimum; deactivate the validator first",
  );
export const tooManyEntries = (max: number) =>
  err(StakingErrorCode.TooManyEntries, `at most ${max} unbonding or redelegation entries at a time`);
export const transitiveRedelegation = () =>
  err(
    StakingErrorCode.TransitiveRedelegation,
    "stake redelegated to this validator cannot move again until that redelegation completes",
  );
