import { ModuleError } from "../../state/index.js";

/** Stable error codes of the vesting module (never renumber). */
export const VestingErrorCode = {
  NoSchedule: "VESTING_NO_SCHEDULE",
  NothingReleasable: "VESTING_NOTHING_RELEASABLE",
} as const;

export function noSchedule(): ModuleError {
  return new ModuleError(VestingErrorCode.NoSchedule, "vesting: caller has no vesting schedule");
}

export function nothingReleasable(): ModuleError {
  return new ModuleError(VestingErrorCode.NothingReleasable, "vesting: nothing to release until the next quarter");
}
