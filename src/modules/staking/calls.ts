import { type Address, toAddress } from "../../crypto/index.js";
import { commissionProblems, consensusAddress, descriptionProblems } from "../../state/genesis-staking.js";
import { type CallContext, type CallHandler, GasCost, MeteredKv } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import { bond, type Sk, sharesValue, unbond } from "./bonding.js";
import { redelegationItem, unbondingItem } from "./deadlines.js";
import type { StakingBank, StakingHooks } from "./deps.js";
import {
  alreadyDeclared,
  belowMinimum,
  commissionTooSoon,
  invalidAmount,
  invalidCommission,
  invalidDescription,
  invalidPubkey,
  notOperator,
  pubkeyTaken,
  selfStakeBelowMinimum,
  stillJailed,
  tooManyEntries,
  transitiveRedelegation,
  unknownValidator,
  wrongStatus,
} from "./errors.js";
import { COMMISSION_CHANGE_INTERVAL_MS, MAX_ENTRIES, readParams } from "./params.js";
import {
  operatorOf,
  readShares,
  readValidator,
  redelegationsInto,
  redelegationsOf,
  statusName,
  takeId,
  unbondingsOf,
  type Validator,
  ValidatorStatus,
  writeRedelegation,
  writeUnbonding,
  writeValidator,
} from "./state.js";

const bps = (x: unknown) => BigInt(x as number | bigint);

/** Gas of a `RewardsWithdrawn` log: three topics (signature, delegator, validator), one word of data. */
const REWARDS_LOG_GAS = GasCost.logBase + 3n * GasCost.logTopic + 32n * GasCost.logDataByte;

function description(args: readonly unknown[]): Pick<Validator, "name" | "website" | "location" | "contact"> {
  const [name, website, location, contact] = args as string[];
  const d = { name: name ?? "", website: website ?? "", location: location ?? "", contact: contact ?? "" };
  const problems = descriptionProblems(d);
  if (problems.length > 0) throw invalidDescription(problems.join(", "));
  return d;
}

function load(ctx: CallContext, operator: Address): Validator {
  const v = readValidator(ctx.store, operator);
  if (!v) throw unknownValidator(operator);
  return v;
}

function own(ctx: CallContext): Validator {
  const v = readValidator(ctx.store, ctx.sender);
  if (!v) throw notOperator();
  return v;
}

/** The staking module's calls (rules in README.md). */
export function stakingCalls(bank: StakingBank, hooks: StakingHooks): Record<string, CallHandler> {
  const sk = (ctx: CallContext): Sk => ({ store: ctx.store, kv: ctx.kv, bank, hooks });
  const selfStake = (v: Validator, store: CallContext["store"]) =>
    sharesValue(v, readShares(store, v.operator, v.operator));
  const logRewards = (ctx: CallContext, validator: Address, amount: bigint) => {
    if (amount > 0n) ctx.emit("RewardsWithdrawn", { delegator: ctx.sender, validator, amount });
    // Nothing paid, nothing logged, same gas: a block that pays the validator between a wallet's
    // eth_estimateGas and the transaction must not make it run out of gas.
    else if (ctx.kv instanceof MeteredKv) ctx.kv.gas.consume(REWARDS_LOG_GAS);
  };
  /** While Active, the operator's self-stake must stay at or above the minimum. */
  const checkSelfStake = (ctx: CallContext, v: Validator) => {
    if (ctx.sender !== v.operator || v.status !== ValidatorStatus.Active) return;
    if (selfStake(v, ctx.store) < readParams(ctx.store).minSelfStake) throw selfStakeBelowMinimum();
  };

  return {
    declareValidator(ctx, args) {
      const [pubkey, rate, maxRate, maxChange] = args as [`0x${string}`, unknown, unknown, unknown];
      if (readValidator(ctx.store, ctx.sender)) throw alreadyDeclared();
      const key = Buffer.from(pubkey.slice(2), "hex");
      const consensus = consensusAddress(key);
      if (!consensus) throw invalidPubkey();
      if (operatorOf(ctx.store, consensus)) throw pubkeyTaken();
      const problems = commissionProblems(bps(rate), bps(maxRate), bps(maxChange));
      if (problems.length > 0) throw invalidCommission(problems.join(", "));
      const d = description(args.slice(4));
      const min = readParams(ctx.store).minSelfStake;
      if (ctx.value < min) throw belowMinimum(min);
      const v: Validator = {
        operator: ctx.sender,
        pubkey: new Uint8Array(key),
        consensus,
        status: ValidatorStatus.Active,
        tokens: 0n,
        shares: 0n,
        commissionBps: bps(rate),
        maxCommissionBps: bps(maxRate),
        maxChangeBps: bps(maxChange),
        commissionUpdatedAt: ctx.block.time,
        ...d,
        jailedUntil: 0n,
      };
      bond(sk(ctx), v, ctx.sender, ctx.value);
      ctx.emit("ValidatorDeclared", { operator: ctx.sender, consensus, selfStake: ctx.value });
    },

    editValidator(ctx, args) {
      const v = own(ctx);
      if (v.status === ValidatorStatus.Tombstoned) throw wrongStatus("edit", "tombstoned");
      const rate = bps(args[0]);
      const d = description(args.slice(1));
      if (rate !== v.commissionBps) {
        if (rate > v.maxCommissionBps) throw invalidCommission("commission rate is above the max rate");
        const change = rate > v.commissionBps ? rate - v.commissionBps : v.commissionBps - rate;
        if (change > v.maxChangeBps) throw invalidCommission("commission change is above the max daily change");
        if (ctx.block.time < v.commissionUpdatedAt + COMMISSION_CHANGE_INTERVAL_MS) throw commissionTooSoon();
        v.commissionBps = rate;
        v.commissionUpdatedAt = ctx.block.time;
      }
      writeValidator(ctx.store, { ...v, ...d });
      ctx.emit("ValidatorEdited", { operator: v.operator, commissionBps: Number(v.commissionBps) });
    },

    deactivate(ctx) {
      const v = own(ctx);
      if (v.status !== ValidatorStatus.Active) throw wrongStatus("deactivate", statusName(v.status));
      writeValidator(ctx.store, { ...v, status: ValidatorStatus.Inactive });
      ctx.emit("ValidatorStatusChanged", { operator: v.operator, status: ValidatorStatus.Inactive });
    },

    activate(ctx) {
      const v = own(ctx);
      if (v.status !== ValidatorStatus.Inactive) throw wrongStatus("activate", statusName(v.status));
      if (selfStake(v, ctx.store) < readParams(ctx.store).minSelfStake)
        throw belowMinimum(readParams(ctx.store).minSelfStake);
      writeValidator(ctx.store, { ...v, status: ValidatorStatus.Active });
      ctx.emit("ValidatorStatusChanged", { operator: v.operator, status: ValidatorStatus.Active });
    },

    unjail(ctx) {
      const v = own(ctx);
      if (v.status !== ValidatorStatus.Jailed) throw wrongStatus("unjail", statusName(v.status));
      if (ctx.block.time < v.jailedUntil) throw stillJailed(v.jailedUntil);
      if (selfStake(v, ctx.store) < readParams(ctx.store).minSelfStake)
        throw belowMinimum(readParams(ctx.store).minSelfStake);
      writeValidator(ctx.store, { ...v, status: ValidatorStatus.Active, jailedUntil: 0n });
      ctx.emit("ValidatorStatusChanged", { operator: v.operator, status: ValidatorStatus.Active });
    },

    delegate(ctx, [validator]) {
      const v = load(ctx, toAddress(validator as string));
      const ownTopUp = ctx.sender === v.operator && v.status !== ValidatorStatus.Tombstoned;
      if (v.status !== ValidatorStatus.Active && !ownTopUp) throw wrongStatus("delegate to", statusName(v.status));
      if (ctx.value === 0n) throw invalidAmount("send the CMT to delegate as the call's value");
      const { shares, rewards } = bond(sk(ctx), v, ctx.sender, ctx.value);
      logRewards(ctx, v.operator, rewards);
      ctx.emit("Delegated", { delegator: ctx.sender, validator: v.operator, amount: ctx.value, shares });
      return shares;
    },

    undelegate(ctx, [validator, amount]) {
      const v = load(ctx, toAddress(validator as string));
      if (unbondingsOf(ctx.store, ctx.sender).length >= MAX_ENTRIES) throw tooManyEntries(MAX_ENTRIES);
      const out = unbond(sk(ctx), v, ctx.sender, amount as bigint);
      checkSelfStake(ctx, v);
      logRewards(ctx, v.operator, out.rewards);
      const params = readParams(ctx.store);
      const id = takeId(ctx.store);
      const completionTime = ctx.block.time + params.unbondingTimeMs;
      writeUnbonding(ctx.store, {
        id,
        delegator: ctx.sender,
        validator: v.operator,
        creationHeight: ctx.block.height,
        completionTime,
        initialBalance: out.tokens,
        balance: out.tokens,
      });
      ctx.deadlines.schedule(completionTime, unbondingItem(id));
      ctx.emit("Undelegated", { delegator: ctx.sender, validator: v.operator, amount: out.tokens, id, completionTime });
      return [id, completionTime];
    },

    redelegate(ctx, [srcArg, dstArg, amount]) {
      const src = load(ctx, toAddress(srcArg as string));
      const dst = load(ctx, toAddress(dstArg as string));
      if (src.operator === dst.operator) throw invalidAmount("source and destination validators must differ");
      if (dst.status !== ValidatorStatus.Active) throw wrongStatus("redelegate to", statusName(dst.status));
      if (redelegationsInto(ctx.store, ctx.sender, src.operator).length > 0) throw transitiveRedelegation();
      if (redelegationsOf(ctx.store, ctx.sender).length >= MAX_ENTRIES) throw tooManyEntries(MAX_ENTRIES);
      const out = unbond(sk(ctx), src, ctx.sender, amount as bigint);
      checkSelfStake(ctx, src);
      logRewards(ctx, src.operator, out.rewards);
      const fresh = readValidator(ctx.store, dst.operator) as Validator;
      const bonded = bond(sk(ctx), fresh, ctx.sender, out.tokens);
      logRewards(ctx, dst.operator, bonded.rewards);
      const params = readParams(ctx.store);
      const id = takeId(ctx.store);
      const completionTime = ctx.block.time + params.unbondingTimeMs;
      writeRedelegation(ctx.store, {
        id,
        delegator: ctx.sender,
        src: src.operator,
        dst: dst.operator,
        creationHeight: ctx.block.height,
        completionTime,
        initialBalance: out.tokens,
        sharesDst: bonded.shares,
      });
      ctx.deadlines.schedule(completionTime, redelegationItem(id));
      ctx.emit("Redelegated", { delegator: ctx.sender, src: src.operator, dst: dst.operator, amount: out.tokens, id });
      return id;
    },
  };
}

/** The staking account holds bonded and unbonding CMT; value sent with a call lands there first. */
export const STAKING_ACCOUNT = ModuleAddress.staking;
