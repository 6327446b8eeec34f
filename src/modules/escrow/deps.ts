import type { Address } from "../../crypto/index.js";
import type { KvWrite } from "../../state/index.js";

/** What escrow needs of the bank (Cosmos's "expected keeper"). */
export interface EscrowBank {
  send(kv: KvWrite, from: Address, to: Address, amount: bigint): void;
}
