import { encodeFunctionData } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import {
  GENESIS_TIME,
  MIN_GAS_PRICE,
  openTestChain,
  removeDir,
  type TestChain,
  testGenesis,
  testKey,
} from "../../test/harness.js";
import { toHex } from "../lib/index.js";
import { bankAbi, ModuleAddress } from "../modules/index.js";
import { verifyProof } from "../store/tree/index.js";
import { GENESIS_SUPPLY, WEI_PER_CMT } from "../types/index.js";
import { decodeRevert } from "./abi.js";
import { getAccount } from "./accounts.js";
import { accountKey } from "./keys.js";
import type { ModuleDescriptor } from "./module.js";

const alice = testKey(0);
const bob = testKey(1);
const carol = testKey(2);
const genesis = testGenesis({
  funded: [alice.address, bob.address],
  team: testKey(10).address,
  fiveMiles: testKey(11).address,
});

let open: Array<TestChain & { dir: string }> = [];
function chain(): TestChain & { dir: string } {
  const c = openTestChain(genesis);
  open.push(c);
  return c;
}
afterEach(async () => {
  for (const c of open) {
    await c.close().catch(() => {});
    removeDir(c.dir);
  }
  open = [];
});

function bal(c: TestChain, a: `0x${string}`): bigint {
  return getAccount(c.store, a).balance;
}

describe("state machine", () => {
  it("commits a genesis of exactly 1 B CMT with a state root", () => {
    const c = chain();
    const g = c.chain.blockView(0n);
    expect(g?.block.header.stateRoot).toMatch(/^0x[0-9a-f]{64}$/);
    expect(g?.block.header.time).toBe(GENESIS_TIME);
    let total = 0n;
    for (const { value } of c.store.range(Uint8Array.of(1), Uint8Array.of(2)))
      total += BigInt(`0x${Buffer.from(value.subarray(8)).toString("hex")}`);
    expect(total).toBe(GENESIS_SUPPLY);
    expect(bal(c, ModuleAddress.reserve)).toBe(100_000_000n * WEI_PER_CMT);
  });

  it("transfers CMT and charges gas used × price to the fee collector", () => {
    const c = chain();
    const before = bal(c, alice.address);
    const tx = c.sign(alice, { to: carol.address, value: 5n * WEI_PER_CMT });
    const { view } = c.produce(GENESIS_TIME + 1000n, [tx]);
    expect(view.receipts[0]?.status).toBe(1);
    expect(view.receipts[0]?.gasUsed).toBe(21_000n);
    expect(bal(c, carol.address)).toBe(5n * WEI_PER_CMT);
    expect(bal(c, alice.address)).toBe(before - 5n * WEI_PER_CMT - 21_000n * MIN_GAS_PRICE);
    expect(bal(c, ModuleAddress.feeCollector)).toBe(21_000n * MIN_GAS_PRICE);
    expect(getAccount(c.store, alice.address).nonce).toBe(1n);
  });

  it("leaves out transactions that cannot run: nonce gaps, replays, empty senders", () => {
    const c = chain();
    const ok = c.sign(alice, { to: bob.address, value: 1n });
    const gap = c.sign(alice, { to: bob.address, value: 1n, nonce: 5n });
    const poor = c.sign(carol, { to: bob.address, value: 1n });
    const { exec } = c.produce(GENESIS_TIME + 1000n, [ok, gap, poor]);
    expect(exec.txs.map((t) => t.tx.hash)).toEqual([ok.hash]);
    expect(exec.dropped.map((d) => d.error.message)).toEqual([
      "nonce too high",
      "insufficient funds for gas * price + value",
    ]);
    const replay = c.produce(GENESIS_TIME + 2000n, [ok]);
    expect(replay.exec.dropped[0]?.error.message).toBe("nonce too low");
  });

  it("runs a module call with its event, and reverts bad calldata with a reason while still charging the fee", () => {
    const c = chain();
    const data = encodeFunctionData({ abi: bankAbi, functionName: "transfer", args: [carol.address, 7n] });
    const good = c.sign(alice, { to: ModuleAddress.bank, data: Buffer.from(data.slice(2), "hex"), gasLimit: 100_000n });
    const bad = c.sign(alice, { to: ModuleAddress.bank, data: Uint8Array.of(1, 2, 3, 4, 5), gasLimit: 100_000n });
    const aliceBefore = bal(c, alice.address);
    const { view } = c.produce(GENESIS_TIME + 1000n, [good, bad]);
    const [r1, r2] = view.receipts;
    expect(r1?.status).toBe(1);
    expect(r1?.logs).toHaveLength(1);
    expect(r1?.logs[0]?.address).toBe(ModuleAddress.bank);
    expect(bal(c, carol.address)).toBe(7n);
    expect(r2?.status).toBe(0);
    expect(decodeRevert(r2?.output ?? new Uint8Array())).toBe("bank: unknown function selector 0x01020304");
    const fees = ((r1?.gasUsed ?? 0n) + (r2?.gasUsed ?? 0n)) * MIN_GAS_PRICE;
    expect(bal(c, alice.address)).toBe(aliceBefore - 7n - fees);
  });

  it("a call that runs out of gas reverts its writes and uses all its gas", () => {
    const c = chain();
    const data = encodeFunctionData({ abi: bankAbi, functionName: "transfer", args: [carol.address, 7n] });
    const tx = c.sign(alice, { to: ModuleAddress.bank, data: Buffer.from(data.slice(2), "hex"), gasLimit: 23_000n });
    const { view } = c.produce(GENESIS_TIME + 1000n, [tx]);
    expect(view.receipts[0]?.status).toBe(0);
    expect(view.receipts[0]?.gasUsed).toBe(23_000n);
    expect(bal(c, carol.address)).toBe(0n);
  });

  it("reverts a transfer of CMT the module call cannot cover, reason included", () => {
    const c = chain();
    const data = encodeFunctionData({ abi: bankAbi, functionName: "transfer", args: [carol.address, 10n ** 30n] });
    const out = c.machine.call(
      { chainId: 1818n, height: 1n, time: GENESIS_TIME },
      { from: alice.address, to: ModuleAddress.bank, value: 0n, data: Buffer.from(data.slice(2), "hex"), gas: null },
    );
    expect(out.status).toBe(0);
    expect(decodeRevert(out.output)).toBe("bank: transfer amount exceeds balance");
  });

  it("is deterministic: the same blocks give the same state roots on two nodes, and survive a reopen", async () => {
    const a = chain();
    const b = chain();
    for (const c of [a, b]) {
      const txs = [c.sign(alice, { to: carol.address, value: 3n }), c.sign(bob, { to: carol.address, value: 4n })];
      c.produce(GENESIS_TIME + 1000n, txs);
    }
    const ra = a.chain.blockView(1n)?.block.header.stateRoot;
    expect(ra).toBe(b.chain.blockView(1n)?.block.header.stateRoot);
    expect(a.chain.head().hash).toBe(b.chain.head().hash);
    await a.close();
    open = open.filter((c) => c !== a);
    const again = openTestChain(genesis, a.dir);
    open.push(again);
    expect(again.chain.head().height).toBe(1n);
    expect(toHex(again.store.stateTree.root)).toBe(ra);
  });
});

describe("begin-block hooks", () => {
  // A toy module that records, per block, what it saw at begin-block and whether a tx ran before it.
  const probeAbi = [
    { type: "function", name: "touch", stateMutability: "nonpayable", inputs: [], outputs: [] },
  ] as const;
  const seen: string[] = [];
  const probe = (name: string): ModuleDescriptor => ({
    name,
    address:
      name === "aprobe" ? "0x0000000000000000000000000000000000009001" : "0x0000000000000000000000000000000000009002",
    abi: probeAbi,
    queries: {},
    calls: {
      touch: () => {
        seen.push(`${name}:tx`);
      },
    },
    beginBlock: (ctx) => {
      const cons = ctx.block.consensus;
      seen.push(`${name}:begin@${ctx.block.height}:${cons ? `${cons.proposer}/${cons.lastCommit.length}` : "none"}`);
    },
    endBlock: () => {
      seen.push(`${name}:end`);
    },
  });

  it("run before the block's transactions, in module-name order, with the block's consensus facts", () => {
    const c = openTestChain(genesis, undefined, [probe("zprobe"), probe("aprobe")]);
    open.push(c);
    const touch = c.sign(alice, {
      to: "0x0000000000000000000000000000000000009002",
      data: Buffer.from(encodeFunctionData({ abi: probeAbi, functionName: "touch" }).slice(2), "hex"),
      gasLimit: 50_000n,
    });
    c.produce(GENESIS_TIME + 1000n, [touch]);
    const proposer = testKey(5).address;
    c.produceWith(GENESIS_TIME + 2000n, [], {
      proposer,
      lastCommit: [{ validator: proposer, power: 1n, signed: true }],
      evidence: [],
    });
    expect(seen).toEqual([
      "aprobe:begin@1:none",
      "zprobe:begin@1:none",
      "zprobe:tx",
      "aprobe:end",
      "zprobe:end",
      `aprobe:begin@2:${proposer}/1`,
      `zprobe:begin@2:${proposer}/1`,
      "aprobe:end",
      "zprobe:end",
    ]);
  });
});

describe("genesis checks", () => {
  it("a build stops where the proposer's stop predicate says, leaving the rest out of the block", () => {
    const c = chain();
    const txs = Array.from({ length: 200 }, () => c.sign(alice, { to: bob.address, value: 1n }));
    const candidates = txs.map((tx) => ({ tx, sender: alice.address }));
    const info = { chainId: 1818n, height: 1n, time: GENESIS_TIME + 1000n };
    let asked = 0;
    const cut = c.machine.executeBlock(info, candidates, "build", () => ++asked >= 2);
    // Asked before the 65th and the 129th candidate; the second answer stops the block.
    expect(asked).toBe(2);
    expect(cut.txs.map((t) => t.tx.hash)).toEqual(txs.slice(0, 128).map((t) => t.hash));
    expect(cut.dropped).toEqual([]);
    // Verify mode never asks: a block is re-executed whole.
    const whole = c.machine.executeBlock(info, candidates, "verify", () => true);
    expect(whole.txs).toHaveLength(200);
  });

  it("refuses a genesis that does not add up to 1 B CMT", () => {
    const bad = structuredClone(genesis);
    const first = bad.modules.bank.balances[0] as { amount: string };
    first.amount = (BigInt(first.amount) + 1n).toString();
    expect(() => openTestChain(bad)).toThrow(/invalid genesis: .*expected exactly 1,?000,?000,?000/);
  });
});

describe("state proofs", () => {
  it("proves an account against the header's state root", () => {
    const c = chain();
    c.produce(GENESIS_TIME + 1000n, [c.sign(alice, { to: carol.address, value: 9n })]);
    const root = c.chain.blockView(1n)?.block.header.stateRoot as `0x${string}`;
    const proof = c.store.stateTree.prove(accountKey(carol.address));
    expect(proof.value).not.toBeNull();
    expect(verifyProof(Buffer.from(root.slice(2), "hex"), proof)).toBe(true);
    const absent = c.store.stateTree.prove(accountKey(testKey(50).address));
    expect(absent.value).toBeNull();
    expect(verifyProof(Buffer.from(root.slice(2), "hex"), absent)).toBe(true);
  });
});
