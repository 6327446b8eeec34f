import type { Address } from "../../crypto/index.js";
import type { KvRead, KvWrite } from "../../state/index.js";

/** What vesting needs of the bank (Cosmos's "expected keeper"). */
export interface VestingBank {
  balance(kv: KvRead, address: Address): bigint;
  send(kv: KvWrite, from: Address, to: Address, amount: bigint): void;
}
