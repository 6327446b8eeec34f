/** CMT has 18 decimals, like ether: amounts are bigint wei. */
export const WEI_PER_CMT = 10n ** 18n;

/** White paper §7: 1 B CMT at genesis = 700 M offering + 100 M team & partners + 100 M 5miles + 100 M reserve. */
export const GENESIS_SUPPLY = 1_000_000_000n * WEI_PER_CMT;
export const OFFERING_SUPPLY = 700_000_000n * WEI_PER_CMT;
export const TEAM_SUPPLY = 100_000_000n * WEI_PER_CMT;
export const FIVEMILES_SUPPLY = 100_000_000n * WEI_PER_CMT;
export const RESERVE_SUPPLY = 100_000_000n * WEI_PER_CMT;
/** White paper §7: "capped at 10 billion CMT". */
export const SUPPLY_CAP = 10_000_000_000n * WEI_PER_CMT;

const DECIMAL_RE = /^(\d+)(?:\.(\d{1,18}))?$/;

/** Parse a decimal CMT amount ("1.5") to wei; throws on anything else (negative, >18 decimals, junk). */
export function parseCmt(text: string): bigint {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) throw new RangeError(`invalid CMT amount: ${JSON.stringify(text)}`);
  const whole = BigInt(m[1] as string);
  const frac = (m[2] ?? "").padEnd(18, "0");
  return whole * WEI_PER_CMT + BigInt(frac);
}

/** Format wei as a decimal CMT amount without trailing zeros ("1.5"). */
export function formatCmt(wei: bigint): string {
  const neg = wei < 0n;
  const abs = neg ? -wei : wei;
  const whole = abs / WEI_PER_CMT;
  const frac = (abs % WEI_PER_CMT).toString().padStart(18, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}
