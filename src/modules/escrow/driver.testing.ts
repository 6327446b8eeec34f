// Test driver for a module: send calls through the real state machine, read views and balances,
// track each sender's fees so balance changes can be checked to the wei.
import { type Abi, decodeEventLog, decodeFunctionResult, encodeFunctionData } from "viem";
import { testKey } from "../../../test/harness.js";
import type { Address } from "../../crypto/index.js";
import { fromHex, toHex } from "../../lib/index.js";
import { decodeRevert, getAccount, MeteredKv, ModuleStore, StateDB, unmetered } from "../../state/index.js";
import type { Log, SignedTx } from "../../types/index.js";
import type { ModuleChain } from "./chain.testing.js";

export type Key = ReturnType<typeof testKey>;
export interface Outcome {
  status: 0 | 1;
  reason: string | null;
  events: string[];
}

/** A driver over one test chain; `abis` decode the logs (first match wins). */
export function chainDriver(c: ModuleChain, abis: Abi[]) {
  const fees = new Map<Address, bigint>();
  const senders = new WeakMap<SignedTx, Address>();
  /** The block logs (begin-block, deadlines, end-block) of the last block produced. */
  let lastBlockLogs: readonly Log[] = [];

  function tx(who: Key, to: Address, abi: Abi, functionName: string, args: readonly unknown[], value = 0n) {
    const data = fromHex(encodeFunctionData({ abi, functionName, args } as never));
    const t = c.sign(who, { to, data, value, gasLimit: 1_000_000n });
    senders.set(t, who.address);
    return t;
  }

  function block(at: bigint, txs: SignedTx[]): Outcome[] {
    const { view } = c.produce(at, txs);
    lastBlockLogs = view.blockLogs;
    if (view.receipts.length !== txs.length) throw new Error("a transaction was not included");
    return view.receipts.map((r, i): Outcome => {
      const from = senders.get(txs[i] as SignedTx) as Address;
      fees.set(from, (fees.get(from) ?? 0n) + r.gasUsed * r.effectiveGasPrice);
      return { status: r.status, reason: r.status === 0 ? decodeRevert(r.output) : null, events: eventNames(r.logs) };
    });
  }

  function view<T>(to: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): T {
    const data = fromHex(encodeFunctionData({ abi, functionName, args } as never));
    const head = c.chain.head();
    const out = c.machine.call(
      { chainId: 1818n, height: head.height, time: head.time },
      { from: testKey(0).address, to, value: 0n, data, gas: null },
    );
    if (out.status !== 1) throw new Error(`view reverted: ${decodeRevert(out.output)}`);
    return decodeFunctionResult({ abi, functionName, data: toHex(out.output) } as never) as T;
  }

  function eventNames(logs: Log[]): string[] {
    return logs.map((l) => {
      for (const abi of abis) {
        try {
          return decodeEventLog({ abi, topics: l.topics as [`0x${string}`], data: toHex(l.data) }).eventName ?? "?";
        } catch {}
      }
      return "?";
    });
  }

  return {
    tx,
    block,
    view,
    /** Names of the last block's block logs (events no transaction emitted), in order. */
    blockEvents: () => eventNames([...lastBlockLogs]),
    /** Balance plus every fee the address has paid in this driver: moves only by module rules. */
    net: (a: Address) => getAccount(c.store, a).balance + (fees.get(a) ?? 0n),
    balance: (a: Address) => getAccount(c.store, a).balance,
    /** A module's store over the committed state, for invariant checks. */
    store: (moduleName: string) => new ModuleStore(new MeteredKv(new StateDB(c.store), unmetered()), moduleName),
  };
}
