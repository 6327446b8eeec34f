import { ModuleError } from "../../state/index.js";

/** Stable error codes of the bank module. */
export const BankErrorCode = {
  InsufficientFunds: "BANK_INSUFFICIENT_FUNDS",
  SupplyCap: "BANK_SUPPLY_CAP",
  InvalidRecipient: "BANK_INVALID_RECIPIENT",
} as const;

/** Sender balance below the amount. */
export function insufficientFunds(have: bigint, want: bigint): ModuleError {
  return new ModuleError(BankErrorCode.InsufficientFunds, "bank: transfer amount exceeds balance", { have, want });
}
