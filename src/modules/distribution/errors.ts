import { ModuleError } from "../../state/index.js";

/** Stable error codes of the distribution module (never renumber). */
export const DistributionErrorCode = {
  NoDelegation: "DISTRIBUTION_NO_DELEGATION",
  NothingToWithdraw: "DISTRIBUTION_NOTHING_TO_WITHDRAW",
  IssuanceOff: "DISTRIBUTION_ISSUANCE_OFF",
} as const;

export const noDelegation = () =>
  new ModuleError(DistributionErrorCode.NoDelegation, "distribution: no delegation to this validator");
export const nothingToWithdraw = () =>
  new ModuleError(DistributionErrorCode.NothingToWithdraw, "distribution: nothing to withdraw");
export const issuanceOff = () =>
  new ModuleError(DistributionErrorCode.IssuanceOff, "distribution: issuance is not configured on this chain");
