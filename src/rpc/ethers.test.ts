import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checksumAddress } from "../crypto/index.js";
import { toHex } from "../lib/index.js";
import { REVERTER, TOKEN } from "./testing/fake-backend.js";
import { makeTx, startTestChain, type TestChain, testKey, transferData } from "./testing/harness.js";
import { waitForEvent } from "./testing/wait.js";

const ABI = [
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function balanceOf(address who) view returns (uint256)",
  "function foo() view returns (uint256)",
];

let chain: TestChain;
let provider: ethers.JsonRpcProvider;
beforeAll(async () => {
  chain = await startTestChain();
  provider = new ethers.JsonRpcProvider(chain.url, undefined, { pollingInterval: 50 });
});
afterAll(async () => {
  provider.destroy();
  await chain.close();
});

/** Commit a block with one token transfer from alice to bob. */
function mineTransfer(amount: bigint): string {
  const { backend, alice, bob } = chain;
  const tx = makeTx(alice.privateKey, {
    nonce: backend.pendingNonce(alice.address),
    to: TOKEN,
    data: transferData(bob.address, amount),
  });
  backend.mine([{ tx, sender: alice.address }]);
  return tx.hash;
}

describe("ethers JsonRpcProvider", () => {
  it("detects the chain and reads blocks with transactions", async () => {
    expect((await provider.getNetwork()).chainId).toBe(4242n);
    expect(await provider.getBlockNumber()).toBe(2);
    const block = await provider.getBlock(2, true);
    expect(block?.hash).toBe(chain.backend.blocks[2]!.hash);
    expect(block?.timestamp).toBe(1_700_000_002);
    expect(block?.baseFeePerGas).toBe(1_000_000_000n);
    expect(block?.prefetchedTransactions.map((t) => t.hash)).toEqual([chain.tokenTx.hash, chain.revertedTx.hash]);
  });

  it("returns transactions whose fields re-serialise to the same hash", async () => {
    for (const sent of [chain.tokenTx, chain.legacyTx]) {
      const tx = await provider.getTransaction(sent.hash);
      expect(tx).not.toBeNull();
      const rebuilt = ethers.Transaction.from({
        type: tx!.type,
        chainId: tx!.chainId,
        nonce: tx!.nonce,
        to: tx!.to,
        data: tx!.data,
        value: tx!.value,
        gasLimit: tx!.gasLimit,
        ...(tx!.type === 2
          ? {
              maxFeePerGas: tx!.maxFeePerGas,
              maxPriorityFeePerGas: tx!.maxPriorityFeePerGas,
              accessList: tx!.accessList,
            }
          : { gasPrice: tx!.gasPrice }),
        signature: tx!.signature,
      });
      expect(rebuilt.hash).toBe(sent.hash);
      expect(rebuilt.from).toBe(checksumAddress(chain.alice.address));
      expect(tx!.from).toBe(checksumAddress(chain.alice.address));
    }
  });

  it("reads receipts and filters events with address and topics", async () => {
    const receipt = await provider.getTransactionReceipt(chain.tokenTx.hash);
    expect(receipt?.status).toBe(1);
    expect(receipt?.logs[0]?.index).toBe(0);
    expect((await provider.getTransactionReceipt(chain.revertedTx.hash))?.status).toBe(0);
    const token = new ethers.Contract(TOKEN, ABI, provider);
    const fromAlice = await token.queryFilter(token.filters.Transfer!(chain.alice.address), 0, "latest");
    expect(fromAlice).toHaveLength(1);
    expect((fromAlice[0] as ethers.EventLog).args.value).toBe(1000n);
    expect(await token.queryFilter(token.filters.Transfer!(chain.bob.address), 0, "latest")).toEqual([]);
    expect(await token.balanceOf!(chain.alice.address)).toBe(42n);
  });

  it("reads block logs (events no transaction emitted) and their receipt", async () => {
    const { backend } = chain;
    const topic = ethers.id("Expired(uint256)") as `0x${string}`;
    const view = backend.mine([], [{ address: TOKEN, topics: [topic], data: new Uint8Array(32) }]);
    const at = Number(view.block.header.height);
    const logs = await provider.getLogs({ fromBlock: at, toBlock: at, topics: [topic] });
    expect(logs).toHaveLength(1);
    const log = logs[0] as ethers.Log;
    expect([log.address, log.index, log.transactionIndex, log.blockHash]).toEqual([
      checksumAddress(TOKEN),
      0,
      0,
      view.hash,
    ]);
    const receipt = await log.getTransactionReceipt();
    expect([receipt.status, receipt.from, receipt.to, receipt.gasUsed, receipt.logs.length]).toEqual([
      1,
      ethers.ZeroAddress,
      null,
      0n,
      1,
    ]);
    expect(receipt.hash).toBe(log.transactionHash);
    // Not a transaction: no body, and the block lists none.
    expect(await provider.getTransaction(log.transactionHash)).toBeNull();
    expect((await provider.getBlock(at))?.transactions).toEqual([]);
  });

  it("sees reverts as CALL_EXCEPTION with the reason", async () => {
    const reverter = new ethers.Contract(REVERTER, ABI, provider);
    await expect(reverter.foo!()).rejects.toMatchObject({ code: "CALL_EXCEPTION", reason: "not allowed" });
    await expect(provider.estimateGas({ to: REVERTER })).rejects.toMatchObject({
      code: "CALL_EXCEPTION",
      reason: "not allowed",
    });
  });

  it("sends a transaction from a wallet and waits for its receipt", async () => {
    const wallet = new ethers.Wallet(toHex(chain.alice.privateKey), provider);
    const sent = await wallet.sendTransaction({ to: chain.bob.address, value: 1n });
    chain.backend.mine();
    const receipt = await sent.wait();
    expect(receipt?.status).toBe(1);
    expect(receipt?.hash).toBe(sent.hash);
  });

  it("classifies admission errors", async () => {
    const wallet = new ethers.Wallet(toHex(chain.alice.privateKey), provider);
    await expect(wallet.sendTransaction({ to: chain.bob.address, value: 1n, nonce: 0 })).rejects.toMatchObject({
      code: "NONCE_EXPIRED",
    });
    const poor = new ethers.Wallet(toHex(testKey(9).privateKey), provider);
    await expect(poor.sendTransaction({ to: chain.bob.address, value: 1n, gasLimit: 21_000n })).rejects.toMatchObject({
      code: "INSUFFICIENT_FUNDS",
    });
  });

  it("polls events through eth_newFilter", async () => {
    const token = new ethers.Contract(TOKEN, ABI, provider);
    const value = await waitForEvent<bigint>(
      (deliver) => void token.on("Transfer", (_from, _to, v: bigint) => deliver(v)),
      () => mineTransfer(77n),
    );
    expect(value).toBe(77n);
    await token.removeAllListeners();
  });
});

describe("ethers WebSocketProvider", () => {
  it("receives newHeads and logs subscriptions", async () => {
    const ws = new ethers.WebSocketProvider(chain.wsUrl);
    try {
      expect((await ws.getNetwork()).chainId).toBe(4242n);
      const height = await waitForEvent<number>(
        (deliver) => void ws.on("block", (n: number) => deliver(n)),
        () => chain.backend.mine([]),
      );
      expect(height).toBeGreaterThan(2);
      await ws.removeAllListeners();
      const token = new ethers.Contract(TOKEN, ABI, ws);
      const event = await waitForEvent<ethers.ContractEventPayload>(
        (deliver) => void token.on(token.filters.Transfer!(chain.alice.address), (...args) => deliver(args.at(-1))),
        () => mineTransfer(5n),
      );
      expect(event.args.value).toBe(5n);
      expect(event.log.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
      await token.removeAllListeners();
    } finally {
      await ws.destroy();
    }
  });
});
