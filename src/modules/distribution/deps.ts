import type { Address } from "../../crypto/index.js";
import type { KvRead, KvWrite } from "../../state/index.js";

/** What distribution needs of the bank. */
export interface DistributionBank {
  balance(kv: KvRead, address: Address): bigint;
  send(kv: KvWrite, from: Address, to: Address, amount: bigint): void;
  totalSupply(kv: KvRead): bigint;
  mint(kv: KvWrite, to: Address, amount: bigint): void;
}

/** The part of a validator distribution reads. */
export interface RewardedValidator {
  operator: Address;
  shares: bigint;
  commissionBps: bigint;
}

/** What distribution needs of staking (src/modules/staking StakingKeeper fits). */
export interface DistributionStaking {
  validator(kv: KvWrite, operator: Address): RewardedValidator | null;
  validatorByConsensus(kv: KvWrite, consensus: Address): RewardedValidator | null;
  shares(kv: KvWrite, operator: Address, delegator: Address): bigint;
  /** Bond `amount` of the delegator's CMT to the validator (restaking). */
  delegate(kv: KvWrite, delegator: Address, operator: Address, amount: bigint): bigint;
}
