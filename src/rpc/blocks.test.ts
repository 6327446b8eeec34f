import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256 } from "../crypto/index.js";
import { toHex } from "../lib/index.js";
import { logsBloom } from "../types/index.js";
import { TOKEN, TRANSFER_TOPIC } from "./testing/fake-backend.js";
import { makeTx, startTestChain, type TestChain } from "./testing/harness.js";

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(() => chain.close());

function word(address: string): string {
  return `0x${address.slice(2).padStart(64, "0")}`;
}

describe("blocks", () => {
  it("renders a block as geth does", async () => {
    const view = chain.backend.blocks[2]!;
    const { result } = await chain.rpc("eth_getBlockByNumber", ["0x2", false]);
    expect(result).toEqual({
      number: "0x2",
      hash: view.hash,
      parentHash: chain.backend.blocks[1]!.hash,
      nonce: "0x0000000000000000",
      mixHash: `0x${"00".repeat(32)}`,
      sha3Uncles: "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
      logsBloom: toHex(view.block.header.logsBloom),
      stateRoot: view.block.header.stateRoot,
      miner: "0x000000000000000000000000000000000000a11c",
      difficulty: "0x0",
      totalDifficulty: "0x0",
      extraData: "0x",
      size: `0x${view.size.toString(16)}`,
      gasLimit: "0x1c9c380",
      gasUsed: "0xa410",
      timestamp: `0x${(1_700_000_002n).toString(16)}`,
      transactionsRoot: view.block.header.txRoot,
      receiptsRoot: view.block.header.receiptsRoot,
      baseFeePerGas: "0x3b9aca00",
      uncles: [],
      transactions: [chain.tokenTx.hash, chain.revertedTx.hash],
    });
    expect(result).not.toHaveProperty("withdrawals");
    expect(keccak256(Uint8Array.of(0xc0))).toEqual(
      Uint8Array.from(Buffer.from("1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347", "hex")),
    );
  });

  it("treats latest, pending, safe and finalized as the head and earliest as 0", async () => {
    for (const tag of ["latest", "pending", "safe", "finalized"]) {
      expect(((await chain.rpc("eth_getBlockByNumber", [tag, false])).result as { number: string }).number).toBe("0x2");
    }
    expect(((await chain.rpc("eth_getBlockByNumber", ["earliest", false])).result as { number: string }).number).toBe(
      "0x0",
    );
    expect((await chain.rpc("eth_getBlockByNumber", ["0x99", false])).result).toBeNull();
    expect((await chain.rpc("eth_getBlockByHash", [`0x${"12".repeat(32)}`, false])).result).toBeNull();
  });

  it("counts and indexes block transactions", async () => {
    const hash = chain.backend.blocks[2]!.hash;
    expect((await chain.rpc("eth_getBlockTransactionCountByNumber", ["0x2"])).result).toBe("0x2");
    expect((await chain.rpc("eth_getBlockTransactionCountByHash", [hash])).result).toBe("0x2");
    const tx = (await chain.rpc("eth_getTransactionByBlockHashAndIndex", [hash, "0x1"])).result;
    expect(tx).toMatchObject({ hash: chain.revertedTx.hash, transactionIndex: "0x1" });
    expect((await chain.rpc("eth_getTransactionByBlockNumberAndIndex", ["0x2", "0x5"])).result).toBeNull();
  });
});

describe("transactions and receipts", () => {
  it("renders a mined type-2 transaction with the effective gas price", async () => {
    const { tokenTx, alice } = chain;
    const { result } = await chain.rpc("eth_getTransactionByHash", [tokenTx.hash]);
    expect(result).toEqual({
      blockHash: chain.backend.blocks[2]!.hash,
      blockNumber: "0x2",
      from: alice.address,
      gas: "0x186a0",
      gasPrice: "0x77359400", // base fee 1 gwei + tip 1 gwei
      maxFeePerGas: "0xb2d05e00",
      maxPriorityFeePerGas: "0x3b9aca00",
      hash: tokenTx.hash,
      input: toHex(tokenTx.data),
      nonce: "0x1",
      to: TOKEN,
      transactionIndex: "0x0",
      value: "0x0",
      type: "0x2",
      accessList: [],
      chainId: "0x1092",
      v: `0x${tokenTx.v.toString(16)}`,
      r: `0x${tokenTx.r.toString(16)}`,
      s: `0x${tokenTx.s.toString(16)}`,
      yParity: `0x${tokenTx.recid.toString(16)}`,
    });
  });

  it("renders a legacy transaction without 1559 fields", async () => {
    const { result } = await chain.rpc("eth_getTransactionByHash", [chain.legacyTx.hash]);
    expect(result).toMatchObject({
      type: "0x0",
      gasPrice: "0x77359400",
      chainId: "0x1092",
      v: `0x${chain.legacyTx.v.toString(16)}`,
    });
    expect(result).not.toHaveProperty("maxFeePerGas");
    expect(result).not.toHaveProperty("yParity");
  });

  it("shows a pending transaction with null block fields, then null for unknown hashes", async () => {
    const tx = makeTx(chain.bob.privateKey, { nonce: 1n, to: chain.alice.address, value: 1n });
    expect((await chain.rpc("eth_sendRawTransaction", [toHex(tx.raw)])).result).toBe(tx.hash);
    const { result } = await chain.rpc("eth_getTransactionByHash", [tx.hash]);
    expect(result).toMatchObject({
      blockHash: null,
      blockNumber: null,
      transactionIndex: null,
      gasPrice: "0xb2d05e00",
    });
    expect((await chain.rpc("eth_getTransactionReceipt", [tx.hash])).result).toBeNull();
    expect((await chain.rpc("eth_getTransactionCount", [chain.bob.address, "pending"])).result).toBe("0x2");
    expect((await chain.rpc("eth_getTransactionCount", [chain.bob.address, "latest"])).result).toBe("0x1");
    chain.backend.pending.clear();
    expect((await chain.rpc("eth_getTransactionByHash", [`0x${"ab".repeat(32)}`])).result).toBeNull();
  });

  it("renders receipts with block-wide log indexes and per-receipt blooms", async () => {
    const { tokenTx, alice, bob } = chain;
    const { result } = await chain.rpc("eth_getTransactionReceipt", [tokenTx.hash]);
    const receipt = chain.backend.blocks[2]!.receipts[0]!;
    expect(result).toEqual({
      blockHash: chain.backend.blocks[2]!.hash,
      blockNumber: "0x2",
      contractAddress: null,
      cumulativeGasUsed: "0x5208",
      effectiveGasPrice: "0x77359400",
      from: alice.address,
      gasUsed: "0x5208",
      logs: [
        {
          address: TOKEN,
          topics: [TRANSFER_TOPIC, word(alice.address), word(bob.address)],
          data: `0x${(1000).toString(16).padStart(64, "0")}`,
          blockNumber: "0x2",
          transactionHash: tokenTx.hash,
          transactionIndex: "0x0",
          blockHash: chain.backend.blocks[2]!.hash,
          logIndex: "0x0",
          removed: false,
        },
      ],
      logsBloom: toHex(logsBloom(receipt.logs)),
      status: "0x1",
      to: TOKEN,
      transactionHash: tokenTx.hash,
      transactionIndex: "0x0",
      type: "0x2",
    });
    const reverted = await chain.rpc("eth_getTransactionReceipt", [chain.revertedTx.hash]);
    expect(reverted.result).toMatchObject({ status: "0x0", cumulativeGasUsed: "0xa410", logs: [] });
  });
});
