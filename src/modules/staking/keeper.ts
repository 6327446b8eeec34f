import type { Address } from "../../crypto/index.js";
import { type KvWrite, MeteredKv, ModuleStore } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import { bond } from "./bonding.js";
import type { StakingBank, StakingHooks } from "./deps.js";
import { unknownValidator, wrongStatus } from "./errors.js";
import { operatorOf, readShares, readValidator, statusName, type Validator, ValidatorStatus } from "./state.js";

/** The part of a validator other modules read. */
export interface ValidatorView {
  operator: Address;
  consensus: Address;
  status: ValidatorStatus;
  tokens: bigint;
  shares: bigint;
  commissionBps: bigint;
}

/** Staking's store, opened from another module's context (`kv` is the caller's metered state). */
function storeOf(kv: KvWrite): ModuleStore {
  if (!(kv instanceof MeteredKv)) throw new Error("staking: keeper needs a module context's kv");
  return new ModuleStore(kv, "staking");
}

const view = (v: Validator): ValidatorView => ({
  operator: v.operator,
  consensus: v.consensus,
  status: v.status,
  tokens: v.tokens,
  shares: v.shares,
  commissionBps: v.commissionBps,
});

/** What other modules may ask of staking (distribution: who signed, commission, shares; restake). */
export class StakingKeeper {
  constructor(
    private readonly bank: StakingBank,
    private readonly hooks: StakingHooks,
  ) {}

  validator(kv: KvWrite, operator: Address): ValidatorView | null {
    const v = readValidator(storeOf(kv), operator);
    return v ? view(v) : null;
  }

  validatorByConsensus(kv: KvWrite, consensus: Address): ValidatorView | null {
    const store = storeOf(kv);
    const op = operatorOf(store, consensus);
    const v = op && readValidator(store, op);
    return v ? view(v) : null;
  }

  shares(kv: KvWrite, operator: Address, delegator: Address): bigint {
    return readShares(storeOf(kv), operator, delegator);
  }

  /** Delegate `amount` of `delegator`'s CMT to an Active validator (restaking rewards). */
  delegate(kv: KvWrite, delegator: Address, operator: Address, amount: bigint): bigint {
    const store = storeOf(kv);
    const v = readValidator(store, operator);
    if (!v) throw unknownValidator(operator);
    if (v.status !== ValidatorStatus.Active) throw wrongStatus("delegate to", statusName(v.status));
    this.bank.send(kv, delegator, ModuleAddress.staking, amount);
    return bond({ store, kv, bank: this.bank, hooks: this.hooks }, v, delegator, amount).shares;
  }
}
