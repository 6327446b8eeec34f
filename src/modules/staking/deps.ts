import type { Address } from "../../crypto/index.js";
import type { KvRead, KvWrite } from "../../state/index.js";

/** What staking needs of the bank (Cosmos's "expected keeper"). */
export interface StakingBank {
  balance(kv: KvRead, address: Address): bigint;
  send(kv: KvWrite, from: Address, to: Address, amount: bigint): void;
}

/**
 * What staking tells the distribution module: a delegation's shares are about to change, so its
 * rewards so far must be settled at the old shares (F1). Returns the CMT paid to the delegator.
 */
export interface StakingHooks {
  beforeSharesChange(kv: KvWrite, validator: Address, delegator: Address, shares: bigint): bigint;
}
