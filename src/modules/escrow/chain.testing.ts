// A test chain (real LMDB in a temp dir, as test/harness.ts) whose module list is the node's with
// some modules replaced by address: openTestChain can only add modules, and escrow must be
// rebuilt with a test arbitrator. Also: the narrow ArbitratorPort stand-in and a toy arbitration
// module that rules through escrowArbitrable.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHAIN_ID, MIN_GAS_PRICE, type TestChain, testKey } from "../../../test/harness.js";
import { type Address, recoverAddress } from "../../crypto/index.js";
import { silentLogger } from "../../lib/index.js";
import { Chain } from "../../node/chain.js";
import { type GenesisDoc, type ModuleContext, type ModuleDescriptor, StateMachine } from "../../state/index.js";
import { ChainStore } from "../../store/index.js";
import { createStateTree } from "../../store/tree/index.js";
import { compactSignature, decodeTx, signTx } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import type { BankKeeper } from "../bank/index.js";
import type { ArbitratorPort, DisputeRequest, RulingKind } from "../dispute-port.js";
import { createModules } from "../index.js";
import { escrowArbitrable } from "./arbitrable.js";

/** The part of test/harness.ts's TestChain these tests use. */
export type ModuleChain = Pick<
  TestChain,
  "chain" | "store" | "machine" | "genesis" | "nonces" | "sign" | "produce" | "close"
> & {
  dir: string;
};

/** Open a chain with the node's modules, `replace` taking the place of those at the same address. */
export function openChainWith(genesis: GenesisDoc, replace: ModuleDescriptor[]): ModuleChain {
  const dir = mkdtempSync(join(tmpdir(), "cmt-chain-"));
  const store = new ChainStore({ path: dir });
  store.attachTree(createStateTree(store.treeDb, { readValue: (key) => store.get(key) }));
  const byAddress = new Map(replace.map((m) => [m.address, m]));
  const base = createModules().modules.filter((m) => !byAddress.has(m.address));
  const machine = new StateMachine(
    {
      chainId: CHAIN_ID,
      blockGasLimit: 30_000_000n,
      minGasPrice: MIN_GAS_PRICE,
      feeCollector: ModuleAddress.feeCollector,
    },
    { store, modules: [...base, ...replace], log: silentLogger() },
  );
  const chain = new Chain(
    { chainId: CHAIN_ID, blockGasLimit: 30_000_000n, baseFee: MIN_GAS_PRICE, genesis },
    { store, machine, log: silentLogger(), onBlock: [] },
  );
  chain.open();
  const nonces = new Map<Address, bigint>();
  return {
    dir,
    chain,
    store,
    machine,
    genesis,
    nonces,
    sign(from, tx) {
      const nonce = tx.nonce ?? nonces.get(from.address) ?? 0n;
      nonces.set(from.address, nonce + 1n);
      return signTx(
        {
          type: 2,
          chainId: CHAIN_ID,
          nonce,
          maxFeePerGas: MIN_GAS_PRICE,
          maxPriorityFeePerGas: 0n,
          gasLimit: 21_000n,
          to: null,
          value: 0n,
          data: new Uint8Array(0),
          accessList: [],
          ...tx,
        },
        from.privateKey,
      );
    },
    produce(time, txs) {
      const candidates = txs.map((t) => {
        const tx = decodeTx(t.raw);
        const sender = recoverAddress(tx.signingHash, compactSignature(tx), tx.recid);
        if (!sender) throw new Error("bad signature in test");
        return { tx, sender };
      });
      return chain.produce(time, testKey(99).address, candidates);
    },
    async close() {
      await store.close();
    },
  };
}

/** ArbitratorPort stand-in: records each request and answers case ids 1, 2, 3, ... */
export function recordingArbitrator(): ArbitratorPort & { requests: Array<DisputeRequest & { caseId: bigint }> } {
  const requests: Array<DisputeRequest & { caseId: bigint }> = [];
  return {
    requests,
    createDispute(_ctx: ModuleContext, req: DisputeRequest): bigint {
      const caseId = BigInt(requests.length + 1);
      requests.push({ ...req, caseId });
      return caseId;
    },
  };
}

const toyAbi = [
  {
    type: "function",
    name: "rule",
    stateMutability: "nonpayable",
    inputs: [
      { name: "id", type: "uint256" },
      { name: "kind", type: "uint8" },
      { name: "payerShareBps", type: "uint256" },
      { name: "fee", type: "uint256" },
    ],
    outputs: [],
  },
  {
    type: "function",
    name: "abandon",
    stateMutability: "nonpayable",
    inputs: [{ name: "id", type: "uint256" }],
    outputs: [],
  },
] as const;

/** Stand-in for the arbitration module: its sender acts as arbiter and rules through escrowArbitrable. */
export function toyArbitration(bank: BankKeeper): ModuleDescriptor & { abi: typeof toyAbi } {
  const escrow = escrowArbitrable(bank);
  return {
    name: "toyarbitration",
    address: "0x0000000000000000000000000000000000001ffe",
    abi: toyAbi,
    queries: {},
    calls: {
      rule: (ctx, [id, kind, payerShareBps, fee]) =>
        escrow.rule(
          ctx,
          id as bigint,
          { kind: Number(kind) as RulingKind, payerShareBps: payerShareBps as bigint },
          ctx.sender,
          fee as bigint,
        ),
      abandon: (ctx, [id]) => escrow.abandon(ctx, id as bigint),
    },
  };
}
