// Test driver for the escrow module: send calls through the real state machine, read views and
// balances, track each sender's fees so balance changes can be checked to the wei.
import { decodeEventLog, decodeFunctionResult, encodeFunctionData } from "viem";
import type { TestChain } from "../../../test/harness.js";
import { testKey } from "../../../test/harness.js";
import type { Address } from "../../crypto/index.js";
import { fromHex, toHex } from "../../lib/index.js";
import {
  decodeRevert,
  getAccount,
  MeteredKv,
  type ModuleDescriptor,
  ModuleStore,
  StateDB,
  unmetered,
} from "../../state/index.js";
import type { Log, SignedTx } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { BankKeeper } from "../bank/index.js";
import { escrowAbi, escrowResolvedEvent } from "./abi.js";
import { EscrowKeeper } from "./module.js";
import type { Ruling } from "./settle.js";
import { allEscrows, type Escrow } from "./state.js";

// Stand-in for the arbitration module: `rule(id, ruling)` calls the escrow keeper, the caller
// acting as arbiter.
const ruleAbi = [
  {
    type: "function",
    name: "rule",
    stateMutability: "nonpayable",
    inputs: [
      { name: "id", type: "uint256" },
      { name: "ruling", type: "uint8" },
    ],
    outputs: [],
  },
  escrowResolvedEvent,
] as const;
const keeper = new EscrowKeeper(new BankKeeper());
export const toyArbitration: ModuleDescriptor = {
  name: "toyarbitration",
  address: "0x0000000000000000000000000000000000001ffe",
  abi: ruleAbi,
  queries: {},
  calls: { rule: (ctx, [id, ruling]) => keeper.resolve(ctx, id as bigint, ruling as Ruling, ctx.sender) },
};

/** `judge` rules on escrow `id` through the toy arbitration module. */
export function ruleTx(c: TestChain, judge: Key, id: bigint, ruling: number): SignedTx {
  const data = fromHex(encodeFunctionData({ abi: ruleAbi, functionName: "rule", args: [id, ruling] }));
  return c.sign(judge, { to: toyArbitration.address, data, gasLimit: 400_000n });
}

export type Key = ReturnType<typeof testKey>;
export type EscrowCall = Exclude<
  Extract<(typeof escrowAbi)[number], { type: "function" }>["name"],
  "getEscrow" | "escrowsOf" | "nextId"
>;
export interface Outcome {
  status: 0 | 1;
  reason: string | null;
  events: string[];
}

/** A driver over one test chain. */
export function escrowDriver(c: TestChain) {
  const fees = new Map<Address, bigint>();
  const senders = new WeakMap<SignedTx, Address>();

  function tx(who: Key, functionName: EscrowCall, args: readonly unknown[], value = 0n, to = ModuleAddress.escrow) {
    const data = fromHex(encodeFunctionData({ abi: escrowAbi, functionName, args } as never));
    const t = c.sign(who, { to, data, value, gasLimit: 400_000n });
    senders.set(t, who.address);
    return t;
  }

  function block(at: bigint, txs: SignedTx[], sign: (t: SignedTx) => Address = (t) => senders.get(t) as Address) {
    const { view } = c.produce(at, txs);
    if (view.receipts.length !== txs.length) throw new Error("a transaction was not included");
    return view.receipts.map((r, i): Outcome => {
      const from = sign(txs[i] as SignedTx);
      fees.set(from, (fees.get(from) ?? 0n) + r.gasUsed * r.effectiveGasPrice);
      return { status: r.status, reason: r.status === 0 ? decodeRevert(r.output) : null, events: eventNames(r.logs) };
    });
  }

  function view<T>(functionName: "getEscrow" | "escrowsOf" | "nextId", args: readonly unknown[] = []): T {
    const data = fromHex(encodeFunctionData({ abi: escrowAbi, functionName, args } as never));
    const head = c.chain.head();
    const out = c.machine.call(
      { chainId: 1818n, height: head.height, time: head.time },
      { from: testKey(0).address, to: ModuleAddress.escrow, value: 0n, data, gas: null },
    );
    if (out.status !== 1) throw new Error(`view reverted: ${decodeRevert(out.output)}`);
    return decodeFunctionResult({ abi: escrowAbi, functionName, data: toHex(out.output) } as never) as T;
  }

  return {
    tx,
    block,
    view,
    /** Balance plus every fee the address has paid in this driver: moves only by escrow rules. */
    net: (a: Address) => getAccount(c.store, a).balance + (fees.get(a) ?? 0n),
    balance: (a: Address) => getAccount(c.store, a).balance,
    escrows(): Escrow[] {
      return [...allEscrows(new ModuleStore(new MeteredKv(new StateDB(c.store), unmetered()), "escrow"))];
    },
  };
}

function eventNames(logs: Log[]): string[] {
  return logs.map(
    (l) => decodeEventLog({ abi: escrowAbi, topics: l.topics as [`0x${string}`], data: toHex(l.data) }).eventName,
  );
}
