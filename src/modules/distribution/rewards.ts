import type { Address } from "../../crypto/index.js";
import { type BlockConsensusInfo, GasCost, type KvWrite, MeteredKv, type ModuleStore } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import type { DistributionBank, DistributionStaking } from "./deps.js";
import { advance, headroom } from "./issuance.js";
import {
  distributionStore,
  RATIO_SCALE,
  readCarry,
  readIssuance,
  readStart,
  readValidatorRewards,
  writeCarry,
  writeIssuance,
  writeStart,
  writeValidatorRewards,
} from "./state.js";

const BPS = 10_000n;

/**
 * Settle a delegation at `shares`: pay shares × (ratio − start) / RATIO_SCALE (rounded down) to
 * the delegator and restart it at the current ratio. Returns what was paid. Does nothing when
 * issuance is off (no distribution genesis section).
 */
export function settle(
  store: ModuleStore,
  kv: KvWrite,
  bank: DistributionBank,
  validator: Address,
  delegator: Address,
  shares: bigint,
): bigint {
  if (!readIssuance(store)) return 0n;
  const r = readValidatorRewards(store, validator);
  const start = readStart(store, validator, delegator);
  if (start === null) {
    // A new delegation: nothing owed yet, it starts at the current ratio.
    writeStart(store, validator, delegator, r.ratio);
    return 0n;
  }
  // The same writes and the same gas whether or not the validator earned since the last settle:
  // a block that pays it between a wallet's eth_estimateGas and the transaction's block must not
  // make the transaction need more gas than estimated (it ran out of gas on a devnet before).
  const due = (shares * (r.ratio - start)) / RATIO_SCALE;
  writeValidatorRewards(store, validator, { ...r, outstanding: r.outstanding - due });
  if (due > 0n) bank.send(kv, ModuleAddress.distribution, delegator, due);
  else chargeTransfer(kv);
  writeStart(store, validator, delegator, r.ratio);
  return due;
}

/** What `bank.send` between two existing accounts costs (two reads, two updates of 40-byte records), charged when nothing is due. */
const TRANSFER_GAS =
  2n * (GasCost.storeRead + 40n * GasCost.storeReadPerByte + GasCost.storeUpdate + 40n * GasCost.storeWritePerByte);

function chargeTransfer(kv: KvWrite): void {
  if (kv instanceof MeteredKv) kv.gas.consume(TRANSFER_GAS);
}

/** Rewards owed to a delegation now (what `settle` would pay). */
export function pending(store: ModuleStore, validator: Address, delegator: Address, shares: bigint): bigint {
  const r = readValidatorRewards(store, validator);
  const start = readStart(store, validator, delegator) ?? r.ratio;
  return (shares * (r.ratio - start)) / RATIO_SCALE;
}

/**
 * The staking hooks distribution implements: before a delegation's shares change its rewards
 * are paid out at the old shares (constructed before staking, which takes it as `StakingHooks`).
 */
export class DistributionHooks {
  constructor(private readonly bank: DistributionBank) {}

  beforeSharesChange(kv: KvWrite, validator: Address, delegator: Address, shares: bigint): bigint {
    return settle(distributionStore(kv), kv, this.bank, validator, delegator, shares);
  }
}

/**
 * Begin-block: mint the block's issuance and take the fee collector's balance (the previous
 * block's fees) into the distribution account; split that plus the carry among the validators
 * whose precommits are in lastCommit, by power (rounded down); each keeps its commission
 * (rounded down) and the rest raises its reward per share. What is not allocated carries over.
 */
export function allocate(
  store: ModuleStore,
  kv: KvWrite,
  bank: DistributionBank,
  staking: DistributionStaking,
  time: bigint,
  info: BlockConsensusInfo | undefined,
): void {
  const issuance = readIssuance(store);
  if (!issuance) return;
  const { next, minted } = advance(
    issuance,
    time,
    (amount) => {
      const n = amount < headroom(bank.totalSupply(kv)) ? amount : headroom(bank.totalSupply(kv));
      if (n > 0n) bank.mint(kv, ModuleAddress.distribution, n);
      return n;
    },
    () => bank.totalSupply(kv),
  );
  writeIssuance(store, next);
  const fees = bank.balance(kv, ModuleAddress.feeCollector);
  bank.send(kv, ModuleAddress.feeCollector, ModuleAddress.distribution, fees);
  const pool = readCarry(store) + minted + fees;
  const signers = [...(info?.lastCommit ?? [])]
    .filter((v) => v.signed && v.power > 0n)
    .sort((a, b) => (a.validator < b.validator ? -1 : a.validator > b.validator ? 1 : 0));
  const totalPower = signers.reduce((s, v) => s + v.power, 0n);
  let allocated = 0n;
  if (totalPower > 0n) {
    for (const vote of signers) {
      const v = staking.validatorByConsensus(kv, vote.validator);
      if (!v || v.shares === 0n) continue;
      const reward = (pool * vote.power) / totalPower;
      const commission = (reward * v.commissionBps) / BPS;
      const r = readValidatorRewards(store, v.operator);
      writeValidatorRewards(store, v.operator, {
        ratio: r.ratio + ((reward - commission) * RATIO_SCALE) / v.shares,
        commission: r.commission + commission,
        outstanding: r.outstanding + reward - commission,
      });
      allocated += reward;
    }
  }
  writeCarry(store, pool - allocated);
}
