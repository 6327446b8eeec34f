/**
 * White paper §7: team & partners and 5miles allocations vest over 2.5 years, "10% per quarter".
 * A quarter is a fixed 91.3125 days (a Julian year of 365.25 days / 4) in block time, so the
 * schedule never depends on calendars or time zones.
 */
export const QUARTER_MS = 7_889_400_000n;
/** 10 quarters × 10 % = 100 % after 2.5 years. */
export const VESTING_QUARTERS = 10n;

/** Whole quarters elapsed at `time` (0 before `start`), capped at 10. */
export function quartersVested(start: bigint, time: bigint): bigint {
  if (time < start) return 0n;
  const q = (time - start) / QUARTER_MS;
  return q > VESTING_QUARTERS ? VESTING_QUARTERS : q;
}

/** Amount vested at `time`: total × quarters / 10, rounded down (the last quarter vests the rest). */
export function vestedAmount(total: bigint, start: bigint, time: bigint): bigint {
  return (total * quartersVested(start, time)) / VESTING_QUARTERS;
}

/** Time of the next quarter boundary after `time`, or null when fully vested. */
export function nextReleaseTime(start: bigint, time: bigint): bigint | null {
  const q = quartersVested(start, time);
  if (q >= VESTING_QUARTERS) return null;
  return start + (time < start ? 1n : q + 1n) * QUARTER_MS;
}
