// Test helpers for the staking and distribution modules: a chain with both wired, calls, views
// and the CMT invariants. Imports test/ (named *.testing.ts: excluded from the build).
import secp from "secp256k1";
import { type Abi, decodeFunctionResult, encodeFunctionData } from "viem";
import { expect } from "vitest";
import { GENESIS_TIME, openTestChain, type TestChain, testGenesis, testKey } from "../../../test/harness.js";
import type { Address } from "../../crypto/index.js";
import { fromHex, type Hex, toHex } from "../../lib/index.js";
import { consensusAddress, stakingParams, votingPowers } from "../../state/genesis-staking.js";
import {
  type BlockConsensusInfo,
  decodeRevert,
  type GenesisDoc,
  getAccount,
  MeteredKv,
  ModuleStore,
  type StakingParamsGenesis,
  StateDB,
  unmetered,
} from "../../state/index.js";
import { WEI_PER_CMT } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { BankKeeper } from "../bank/index.js";
import { distributionAbi } from "../distribution/abi.js";
import { distributionModule } from "../distribution/module.js";
import { DistributionHooks } from "../distribution/rewards.js";
import { allValidatorRewards, readCarry } from "../distribution/state.js";
import { stakingAbi } from "./abi.js";
import { StakingKeeper } from "./keeper.js";
import { stakingModule } from "./module.js";
import { allValidators, readUnbonding, unbondingsFrom } from "./state.js";

export type Key = ReturnType<typeof testKey>;
export const CMT = WEI_PER_CMT;

/** A validator's consensus key (separate from its operator key, as on a real network). */
export function consensusKey(i: number): { privateKey: Uint8Array; pubkey: Hex; address: Address } {
  const k = testKey(200 + i);
  const pubkey = toHex(secp.publicKeyCreate(k.privateKey, true));
  return { privateKey: k.privateKey, pubkey, address: consensusAddress(fromHex(pubkey)) as Address };
}

export interface GenesisValidatorSpec {
  operator: Key;
  cons: number;
  selfStake: bigint;
  commissionBps?: number;
  name?: string;
}

/** testGenesis plus a staking section (and consensus.validators as staking elects them). */
export function stakingGenesis(opts: {
  funded: Address[];
  validators: GenesisValidatorSpec[];
  params?: StakingParamsGenesis;
  distribution?: boolean | { rateAfterYearTenBps: number };
}): GenesisDoc {
  const doc = testGenesis({ funded: opts.funded, team: testKey(90).address, fiveMiles: testKey(91).address });
  const validators = opts.validators.map((v) => ({
    operator: v.operator.address,
    pubkey: consensusKey(v.cons).pubkey,
    selfStake: v.selfStake.toString(),
    commission: { rateBps: v.commissionBps ?? 0, maxRateBps: 5000, maxChangeBps: 100 },
    description: { name: v.name ?? `validator ${v.cons}`, website: "https://example.org" },
  }));
  doc.modules.staking = { ...(opts.params ? { params: opts.params } : {}), validators };
  const { params } = stakingParams(opts.params);
  doc.consensus.validators = votingPowers(
    opts.validators.map((v) => ({ address: consensusKey(v.cons).address, tokens: v.selfStake })),
    params.maxValidators,
    params.powerCapBps,
  ).map((v) => ({ address: v.address, power: v.power.toString() }));
  if (opts.distribution) doc.modules.distribution = opts.distribution === true ? {} : { params: opts.distribution };
  return doc;
}

/** A chain with staking and distribution wired the way the node will (bank → hooks → staking keeper). */
export function openStakingChain(genesis: GenesisDoc): TestChain & { dir: string } {
  const bank = new BankKeeper();
  const hooks = new DistributionHooks(bank);
  const keeper = new StakingKeeper(bank, hooks);
  return openTestChain(genesis, undefined, [stakingModule(bank, hooks), distributionModule(bank, keeper)]);
}

/** Drives a staking chain block by block with a clock the test owns. */
export class Driver {
  time = GENESIS_TIME;
  /** Consensus facts of the next block; `null`: none (single proposer). */
  consensus: BlockConsensusInfo | null = null;

  constructor(readonly c: TestChain) {}

  block(txs: Parameters<TestChain["produce"]>[1] = [], stepMs = 1000n) {
    this.time += stepMs;
    const out = this.consensus ? this.c.produceWith(this.time, txs, this.consensus) : this.c.produce(this.time, txs);
    for (const d of out.exec.dropped) throw new Error(`dropped: ${d.error.message}`);
    return out;
  }

  /** Send one module call in its own block; returns status, revert reason, logs and the fee paid. */
  send(from: Key, to: Address, abi: Abi, functionName: string, args: unknown[] = [], value = 0n) {
    const data = fromHex(encodeFunctionData({ abi, functionName, args } as never));
    const tx = this.c.sign(from, { to, data, value, gasLimit: 2_000_000n });
    const { view } = this.block([tx]);
    const r = view.receipts[0];
    if (!r) throw new Error("not included");
    return {
      status: r.status,
      reason: r.status === 0 ? decodeRevert(r.output) : null,
      logs: r.logs,
      fee: r.gasUsed * r.effectiveGasPrice,
    };
  }

  staking(from: Key, fn: string, args: unknown[] = [], value = 0n) {
    return this.send(from, ModuleAddress.staking, stakingAbi as Abi, fn, args, value);
  }

  distribution(from: Key, fn: string, args: unknown[] = []) {
    return this.send(from, ModuleAddress.distribution, distributionAbi as Abi, fn, args);
  }

  view(to: Address, abi: Abi, functionName: string, args: unknown[] = []): unknown {
    const data = fromHex(encodeFunctionData({ abi, functionName, args } as never));
    const head = this.c.chain.head();
    const out = this.c.machine.call(
      { chainId: 1818n, height: head.height, time: head.time },
      { from: testKey(98).address, to, value: 0n, data, gas: null },
    );
    if (out.status !== 1) throw new Error(`view ${functionName} reverted: ${decodeRevert(out.output)}`);
    return decodeFunctionResult({ abi, functionName, data: toHex(out.output) } as never);
  }

  sview(fn: string, args: unknown[] = []) {
    return this.view(ModuleAddress.staking, stakingAbi as Abi, fn, args);
  }

  dview(fn: string, args: unknown[] = []) {
    return this.view(ModuleAddress.distribution, distributionAbi as Abi, fn, args);
  }

  balance(a: Address): bigint {
    return getAccount(this.c.store, a).balance;
  }

  /** Raw bytes of a module's whole store (to show a refused call changed nothing). */
  moduleState(name: string): string {
    const s = new ModuleStore(new MeteredKv(new StateDB(this.c.store), unmetered()), name);
    return [...s.range(new Uint8Array(0))].map((e) => `${toHex(e.key)}=${toHex(e.value)}`).join(",");
  }
}

/** Every validator of `cons` indices signed the previous block, with these powers. */
export function allSigned(members: ReadonlyArray<{ address: Address; power: bigint }>): BlockConsensusInfo {
  const first = members[0];
  if (!first) throw new Error("empty set");
  return {
    proposer: first.address,
    lastCommit: members.map((m) => ({ validator: m.address, power: m.power, signed: true })),
    evidence: [],
  };
}

/**
 * CMT invariants after a block: the sum of all balances is the bank's supply; the staking account
 * holds exactly the validators' bonded tokens plus the unbonding balances; the distribution account
 * holds exactly the carry plus every validator's unpaid commission and delegator rewards.
 */
export function checkInvariants(c: TestChain): void {
  let total = 0n;
  for (const { value } of c.store.range(Uint8Array.of(1), Uint8Array.of(2)))
    total += BigInt(`0x${Buffer.from(value.subarray(8)).toString("hex")}`);
  const state = new StateDB(c.store);
  expect(total, "sum of balances = supply").toBe(new BankKeeper().totalSupply(state));
  const kv = new MeteredKv(state, unmetered());
  const staking = new ModuleStore(kv, "staking");
  let held = 0n;
  for (const v of allValidators(staking)) {
    held += v.tokens;
    for (const id of unbondingsFrom(staking, v.operator)) held += readUnbonding(staking, id)?.balance ?? 0n;
  }
  expect(getAccount(c.store, ModuleAddress.staking).balance, "staking account = bonded + unbonding").toBe(held);
  const dist = new ModuleStore(kv, "distribution");
  let owed = readCarry(dist);
  for (const r of allValidatorRewards(dist)) owed += r.commission + r.outstanding;
  expect(getAccount(c.store, ModuleAddress.distribution).balance, "distribution account = owed").toBe(owed);
}
