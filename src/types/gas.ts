import type { UnsignedTx } from "./tx.js";

/** Ethereum's base cost of any transaction (yellow paper G_transaction). */
export const TX_BASE_GAS = 21_000n;
/** Calldata cost per zero / non-zero byte (EIP-2028). */
export const TX_DATA_ZERO_GAS = 4n;
export const TX_DATA_NONZERO_GAS = 16n;
/** Access-list costs (EIP-2930). */
export const ACCESS_LIST_ADDRESS_GAS = 2_400n;
export const ACCESS_LIST_STORAGE_KEY_GAS = 1_900n;

/** Gas charged before execution: base + calldata + access list, as in Ethereum. */
export function intrinsicGas(tx: Pick<UnsignedTx, "data" | "accessList">): bigint {
  let gas = TX_BASE_GAS;
  let zeros = 0;
  for (const b of tx.data) if (b === 0) zeros++;
  gas += BigInt(zeros) * TX_DATA_ZERO_GAS + BigInt(tx.data.length - zeros) * TX_DATA_NONZERO_GAS;
  for (const e of tx.accessList) {
    gas += ACCESS_LIST_ADDRESS_GAS + BigInt(e.storageKeys.length) * ACCESS_LIST_STORAGE_KEY_GAS;
  }
  return gas;
}
