import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex, RawContractError } from "viem";

/** Selector of `Error(string)`, the revert payload modules use for their reasons. */
const ERROR_SELECTOR = "0x08c379a0";

/** The reason of `Error(string)` revert data; null for any other (or empty) data. */
export function decodeRevert(data: Hex): string | null {
  if (!data.toLowerCase().startsWith(ERROR_SELECTOR)) return null;
  try {
    const { args } = decodeErrorResult({ data });
    return typeof args?.[0] === "string" ? args[0] : null;
  } catch {
    return null;
  }
}

/**
 * The revert reason inside an error thrown by viem (simulate, estimateGas, call, writeContract):
 * the decoded `Error(string)` of the revert data, else the node's "execution reverted: <reason>"
 * message; null when the error is not a revert with a reason.
 */
export function revertReasonOf(err: unknown): string | null {
  if (!(err instanceof BaseError)) return null;
  const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.reason) return reverted.reason;
  const raw = err.walk((e) => e instanceof RawContractError);
  if (raw instanceof RawContractError && typeof raw.data === "string") {
    const reason = decodeRevert(raw.data);
    if (reason !== null) return reason;
  }
  const match = /execution reverted: (.+)/.exec(
    err.walk((e) => /execution reverted: /.test((e as Error).message))?.message ?? "",
  );
  return match?.[1]?.split("\n")[0]?.trim() ?? null;
}
