import { toAddress } from "../../crypto/index.js";
import { fromHex } from "../../lib/index.js";
import { consensusAddress, stakingParams, validateStakingGenesis } from "../../state/genesis-staking.js";
import type { GenesisDoc, ModuleContext, ModuleDescriptor } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import { stakingAbi } from "./abi.js";
import { bond } from "./bonding.js";
import { stakingCalls } from "./calls.js";
import { onStakingDeadline } from "./deadlines.js";
import type { StakingBank, StakingHooks } from "./deps.js";
import { readParams, writeParams } from "./params.js";
import { stakingQueries } from "./queries.js";
import { processConsensus } from "./slashing.js";
import { ValidatorStatus } from "./state.js";
import { updateSet } from "./valset.js";

/** Bond the genesis validators' self-stakes out of their operators' balances; elect the height-1 set. */
function init(ctx: ModuleContext, bank: StakingBank, hooks: StakingHooks, doc: GenesisDoc): void {
  const section = doc.modules.staking;
  const { params } = stakingParams(section?.params);
  writeParams(ctx.store, params);
  for (const g of section?.validators ?? []) {
    const operator = toAddress(g.operator);
    const pubkey = fromHex(g.pubkey);
    const stake = BigInt(g.selfStake);
    const c = g.commission ?? { rateBps: 0, maxRateBps: 0, maxChangeBps: 0 };
    bank.send(ctx.kv, operator, ModuleAddress.staking, stake);
    const v = {
      operator,
      pubkey,
      consensus: consensusAddress(pubkey) as `0x${string}`,
      status: ValidatorStatus.Active,
      tokens: 0n,
      shares: 0n,
      commissionBps: BigInt(c.rateBps),
      maxCommissionBps: BigInt(c.maxRateBps),
      maxChangeBps: BigInt(c.maxChangeBps),
      commissionUpdatedAt: ctx.block.time,
      name: g.description.name,
      website: g.description.website ?? "",
      location: g.description.location ?? "",
      contact: g.description.contact ?? "",
      jailedUntil: 0n,
    };
    bond({ store: ctx.store, kv: ctx.kv, bank, hooks }, v, operator, stake);
  }
  updateSet(ctx.store, params, 0n, 1n);
}

/**
 * The staking module: validators, delegation, unbonding, redelegation, the active set and
 * slashing (DESIGN §4, issue #3). Rules in README.md.
 */
export function stakingModule(bank: StakingBank, hooks: StakingHooks): ModuleDescriptor {
  return {
    name: "staking",
    address: ModuleAddress.staking,
    abi: stakingAbi,
    calls: stakingCalls(bank, hooks),
    queries: stakingQueries,
    genesis: {
      validate: validateStakingGenesis,
      init: (ctx, doc) => init(ctx, bank, hooks, doc),
    },
    beginBlock(ctx) {
      const info = ctx.block.consensus;
      if (info) processConsensus(ctx, { store: ctx.store, kv: ctx.kv, bank, hooks }, readParams(ctx.store), info);
    },
    endBlock(ctx) {
      updateSet(ctx.store, readParams(ctx.store), ctx.block.height);
    },
    onDeadline: (ctx, id) => onStakingDeadline(ctx, bank, id),
  };
}
