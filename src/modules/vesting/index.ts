export { vestingAbi } from "./abi.js";
export type { VestingBank } from "./deps.js";
export { VestingErrorCode } from "./errors.js";
export { vestingModule } from "./module.js";
export { nextReleaseTime, QUARTER_MS, quartersVested, VESTING_QUARTERS, vestedAmount } from "./schedule.js";
export { allSchedules, readSchedule, type Schedule } from "./state.js";
