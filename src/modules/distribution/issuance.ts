import { SUPPLY_CAP } from "../../types/index.js";

/** A Julian year of 365.25 days in ms of block time (as vesting's quarter, a quarter of it). */
export const YEAR_MS = 31_557_600_000n;
/** White paper §7: "an eight-percent (8%) compounded annual increase" until the 10th anniversary. */
export const FIRST_DECADE_RATE_BPS = 800n;
export const FIRST_DECADE_YEARS = 10n;
const BPS = 10_000n;

/** Where issuance stands: the current issuance year and what of its provision has accrued. */
export interface Issuance {
  genesisTime: bigint;
  /** Issuance year of `lastTime` (0 = the first year after genesis). */
  year: bigint;
  /** This year's provision: supply at the start of the year × rate, rounded down. */
  provision: bigint;
  /** Provision accrued so far this year: provision × elapsed / YEAR_MS, rounded down. */
  accrued: bigint;
  /** Block time issuance has been computed up to. */
  lastTime: bigint;
  rateAfterYearTenBps: bigint;
}

/** The yearly rate of issuance year `year`. */
export function rateOf(year: bigint, rateAfterYearTenBps: bigint): bigint {
  return year < FIRST_DECADE_YEARS ? FIRST_DECADE_RATE_BPS : rateAfterYearTenBps;
}

/** A year's provision from the supply at its start. */
export function provisionOf(supply: bigint, rateBps: bigint): bigint {
  return (supply * rateBps) / BPS;
}

/**
 * Advance issuance to block time `now`, minting through `mint(amount)` (which must clamp at the
 * cap and return what it minted) and reading the supply through `supply()` at year boundaries.
 * Within a year the accrued provision is provision × elapsed / YEAR_MS (rounded down), and a block
 * mints the increase since the previous block, so a year always mints exactly its provision
 * whatever the block interval; a block that crosses a year boundary finishes the old year at the
 * old provision and starts the new one at the new provision. Returns the total minted.
 */
export function advance(
  s: Issuance,
  now: bigint,
  mint: (amount: bigint) => bigint,
  supply: () => bigint,
): { next: Issuance; minted: bigint } {
  if (now <= s.lastTime) return { next: s, minted: 0n };
  let { year, provision, accrued } = s;
  let minted = 0n;
  for (;;) {
    const start = s.genesisTime + year * YEAR_MS;
    const end = start + YEAR_MS;
    const until = now < end ? now : end;
    const target = (provision * (until - start)) / YEAR_MS;
    minted += mint(target - accrued);
    accrued = target;
    if (now < end) break;
    year += 1n;
    provision = provisionOf(supply(), rateOf(year, s.rateAfterYearTenBps));
    accrued = 0n;
    if (now === end) break;
  }
  return { next: { ...s, year, provision, accrued, lastTime: now }, minted };
}

/** What may still be minted under the 10 B cap. */
export function headroom(supply: bigint): bigint {
  return supply >= SUPPLY_CAP ? 0n : SUPPLY_CAP - supply;
}
