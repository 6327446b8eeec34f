import { getAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256 } from "../crypto/index.js";
import { toHex, utf8 } from "../lib/index.js";
import { blockLogsTxHash } from "../types/index.js";
import { REVERTER, TOKEN, TRANSFER_TOPIC } from "./testing/fake-backend.js";
import { makeTx, startTestChain, type TestChain, transferData } from "./testing/harness.js";

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ logsBlockRange: 3 });
});
afterAll(() => chain.close());

function word(address: string): string {
  return `0x${address.slice(2).padStart(64, "0")}`;
}

describe("state", () => {
  it("answers at the head and at the heights whose state is kept, and refuses older ones", async () => {
    // A chain of its own: the other tests count on the seeded blocks.
    const own = await startTestChain();
    const { alice, bob, backend } = own;
    const q = (n: bigint) => `0x${n.toString(16)}`;
    backend.stateHistory = 2;
    try {
      const before = backend.headHeight();
      const balance = backend.balance(alice.address);
      const nonce = backend.nonce(alice.address);
      const tx = makeTx(alice.privateKey, { nonce, to: bob.address, value: 5n });
      backend.mine([{ tx, sender: alice.address }]);
      const head = backend.headHeight();
      expect((await own.rpc("eth_getBalance", [alice.address, q(head)])).result).toBe(
        q(backend.balance(alice.address)),
      );
      expect(backend.balance(alice.address)).not.toBe(balance);
      // The block before: its state, by number and by hash.
      expect((await own.rpc("eth_getBalance", [alice.address, q(before)])).result).toBe(q(balance));
      const hash = backend.blockByHeight(before)?.hash;
      expect((await own.rpc("eth_getBalance", [alice.address, { blockHash: hash }])).result).toBe(q(balance));
      expect((await own.rpc("eth_getTransactionCount", [alice.address, q(before)])).result).toBe(q(nonce));
      expect((await own.rpc("eth_getTransactionCount", [alice.address, "latest"])).result).toBe(q(nonce + 1n));
      // Older than the two blocks kept, above the head, an unknown hash.
      expect((await own.rpc("eth_getBalance", [alice.address, q(head - 3n)])).error).toEqual({
        code: -32000,
        message: `historical state not available: this node keeps the state of blocks ${head - 2n} to ${head}`,
      });
      expect((await own.rpc("eth_call", [{ to: TOKEN, data: "0x" }, "earliest"])).error?.message).toMatch(
        /^historical state not available/,
      );
      expect((await own.rpc("eth_getBalance", [alice.address, "0x999"])).error).toEqual({
        code: -32000,
        message: "header not found",
      });
      expect((await own.rpc("eth_getBalance", [alice.address, { blockHash: `0x${"12".repeat(32)}` }])).error).toEqual({
        code: -32000,
        message: "header for hash not found",
      });
      expect((await own.rpc("eth_getCode", [TOKEN, { blockNumber: q(head) }])).result).toBe("0xfe");
      expect((await own.rpc("eth_getStorageAt", [TOKEN, "0x0", "latest"])).result).toBe(`0x${"00".repeat(32)}`);
    } finally {
      await own.close();
    }
  });

  it("answers eth_call reverts with code 3, the reason and the revert data", async () => {
    const { error } = await chain.rpc("eth_call", [{ to: REVERTER, data: "0x" }, "latest"]);
    expect(error?.code).toBe(3);
    expect(error?.message).toBe("execution reverted: not allowed");
    expect(String(error?.data).startsWith("0x08c379a0")).toBe(true);
    const est = await chain.rpc("eth_estimateGas", [{ to: REVERTER }]);
    expect(est.error).toMatchObject({ code: 3, message: "execution reverted: not allowed" });
    expect((await chain.rpc("eth_estimateGas", [{ to: TOKEN }])).result).toBe("0x5208");
  });

  it("passes a balance and nonce state override to the simulation, and refuses code and storage overrides", async () => {
    const who = "0x00000000000000000000000000000000000000AA";
    const call = [{ to: TOKEN, data: "0x" }, "latest"];
    expect((await chain.rpc("eth_call", [...call, { [who]: { balance: "0x64", nonce: "0x2" } }])).result).toBeDefined();
    expect(chain.backend.lastOverrides).toEqual(new Map([[who.toLowerCase(), { balance: 100n, nonce: 2n }]]));
    await chain.rpc("eth_estimateGas", [...call, { [who]: { balance: "0x1" } }]);
    expect(chain.backend.lastOverrides).toEqual(new Map([[who.toLowerCase(), { balance: 1n }]]));
    expect((await chain.rpc("eth_call", [...call, { [who]: { code: "0x60" } }])).error).toEqual({
      code: -32602,
      message: "invalid argument 2: code and storage overrides are not supported: system modules are not EVM contracts",
    });
    expect((await chain.rpc("eth_call", [...call, { nobody: { balance: "0x1" } }])).error?.message).toBe(
      'invalid argument 2: invalid account "nobody" in state override',
    );
    expect((await chain.rpc("eth_call", [...call, { [who]: { balance: "0x1" } }])).error).toBeUndefined();
    expect((await chain.rpc("eth_call", [...call, { [who]: { balance: "1" } }])).error?.code).toBe(-32602);
  });

  it("hashes with web3_sha3 and answers the constant methods", async () => {
    expect((await chain.rpc("web3_sha3", ["0x68656c6c6f"])).result).toBe(toHex(keccak256(utf8("hello"))));
    expect((await chain.rpc("eth_syncing")).result).toBe(false);
    expect((await chain.rpc("eth_accounts")).result).toEqual([]);
    expect((await chain.rpc("eth_mining")).result).toBe(false);
    expect((await chain.rpc("eth_hashrate")).result).toBe("0x0");
    expect((await chain.rpc("net_listening")).result).toBe(true);
    expect((await chain.rpc("net_peerCount")).result).toBe("0x0");
    expect((await chain.rpc("web3_clientVersion")).result).toBe("cybermiles/v0.0.0-test");
  });
});

describe("fees", () => {
  it("reports fee history with the next base fee and gas-weighted tips", async () => {
    const { result } = await chain.rpc("eth_feeHistory", ["0x2", "0x2", [0, 50, 100]]);
    expect(result).toEqual({
      oldestBlock: "0x1",
      baseFeePerGas: ["0x3b9aca00", "0x3b9aca00", "0x3b9aca00"],
      gasUsedRatio: [21_000 / 30_000_000, 42_000 / 30_000_000],
      reward: [
        ["0x3b9aca00", "0x3b9aca00", "0x3b9aca00"],
        ["0x3b9aca00", "0x3b9aca00", "0x3b9aca00"],
      ],
    });
    expect((await chain.rpc("eth_feeHistory", [1, "latest", [50, 10]])).error).toEqual({
      code: -32000,
      message: "invalid reward percentile: #0:50.000000 >= #1:10.000000",
    });
    expect((await chain.rpc("eth_gasPrice")).result).toBe("0x3b9aca01");
    expect((await chain.rpc("eth_maxPriorityFeePerGas")).result).toBe("0x1");
  });
});

describe("logs and filters", () => {
  it("filters logs by address and topics with null wildcards and OR lists", async () => {
    const { alice, bob } = chain;
    const all = (await chain.rpc("eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest" }])).result as unknown[];
    expect(all).toHaveLength(1);
    const match = [
      { address: TOKEN },
      { address: [TOKEN, REVERTER], topics: [TRANSFER_TOPIC] },
      { topics: [null, word(alice.address)] },
      { topics: [[TRANSFER_TOPIC, `0x${"11".repeat(32)}`], null, [word(bob.address), null]] },
    ];
    for (const f of match) {
      expect((await chain.rpc("eth_getLogs", [{ fromBlock: "0x1", ...f }])).result, JSON.stringify(f)).toHaveLength(1);
    }
    const byHash = await chain.rpc("eth_getLogs", [{ blockHash: chain.backend.blocks[2]!.hash }]);
    expect(byHash.result).toHaveLength(1);
    const miss = [{ address: REVERTER }, { topics: [null, word(bob.address)] }, { topics: [null, null, null, null] }];
    for (const f of miss) {
      expect((await chain.rpc("eth_getLogs", [{ fromBlock: "0x0", ...f }])).result, JSON.stringify(f)).toEqual([]);
    }
  });

  it("refuses too wide ranges, inverted ranges and unknown block hashes", async () => {
    chain.backend.mine([]);
    chain.backend.mine([]);
    expect((await chain.rpc("eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest" }])).error).toEqual({
      code: -32000,
      message: "query exceeds max block range 3",
    });
    expect((await chain.rpc("eth_getLogs", [{ fromBlock: "0x2", toBlock: "0x1" }])).error).toEqual({
      code: -32000,
      message: "invalid block range params",
    });
    expect((await chain.rpc("eth_getLogs", [{ blockHash: `0x${"12".repeat(32)}` }])).error).toEqual({
      code: -32000,
      message: "unknown block",
    });
    expect(
      (await chain.rpc("eth_getLogs", [{ blockHash: chain.backend.blocks[2]!.hash, fromBlock: "0x1" }])).error,
    ).toEqual({
      code: -32602,
      message: "invalid argument 0: cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other",
    });
  });

  it("reports new blocks and logs to polled filters", async () => {
    const { alice, bob, backend } = chain;
    const blocks = (await chain.rpc("eth_newBlockFilter")).result as string;
    const from = `0x${backend.headHeight().toString(16)}`;
    const logs = (await chain.rpc("eth_newFilter", [{ address: TOKEN, fromBlock: from }])).result as string;
    expect((await chain.rpc("eth_getFilterChanges", [blocks])).result).toEqual([]);
    const nonce = backend.nonce(alice.address);
    const tx = makeTx(alice.privateKey, { nonce, to: TOKEN, data: transferData(bob.address, 7n) });
    backend.mine([{ tx, sender: alice.address }]);
    backend.mine([]);
    const hashes = (await chain.rpc("eth_getFilterChanges", [blocks])).result;
    expect(hashes).toEqual(backend.blocks.slice(-2).map((b) => b.hash));
    const changes = (await chain.rpc("eth_getFilterChanges", [logs])).result as Array<{ transactionHash: string }>;
    expect(changes.map((l) => l.transactionHash)).toEqual([tx.hash]);
    expect((await chain.rpc("eth_getFilterChanges", [logs])).result).toEqual([]);
    expect((await chain.rpc("eth_getFilterLogs", [logs])).result).toHaveLength(1);
    expect((await chain.rpc("eth_uninstallFilter", [logs])).result).toBe(true);
    expect((await chain.rpc("eth_uninstallFilter", [logs])).result).toBe(false);
    expect((await chain.rpc("eth_getFilterChanges", [logs])).error).toEqual({
      code: -32000,
      message: "filter not found",
    });
  });

  it("shows block logs after the transactions' logs, as one more receipt with its own hash", async () => {
    const { alice, bob, backend } = chain;
    const MODULE = "0x0000000000000000000000000000000000001005";
    const EXPIRED = `0x${"e1".repeat(32)}`;
    const blockLog = {
      address: MODULE as `0x${string}`,
      topics: [EXPIRED as `0x${string}`, word(bob.address) as `0x${string}`],
      data: Uint8Array.of(9),
    };
    const tx = makeTx(alice.privateKey, {
      nonce: backend.nonce(alice.address),
      to: TOKEN,
      data: transferData(bob.address, 3n),
    });
    const view = backend.mine([{ tx, sender: alice.address }], [blockLog]);
    const at = `0x${view.block.header.height.toString(16)}`;
    const synthetic = blockLogsTxHash(view.hash);
    const logs = (await chain.rpc("eth_getLogs", [{ fromBlock: at, toBlock: at }])).result as Array<
      Record<string, unknown>
    >;
    expect(logs.map((l) => [l.address, l.transactionHash, l.transactionIndex, l.logIndex])).toEqual([
      [TOKEN, tx.hash, "0x0", "0x0"],
      [MODULE, synthetic, "0x1", "0x1"],
    ]);
    expect(logs[1]).toMatchObject({ topics: blockLog.topics, data: "0x09", blockHash: view.hash, blockNumber: at });
    // Found by address and topic like any log (the header bloom holds it).
    const byTopic = await chain.rpc("eth_getLogs", [{ fromBlock: at, toBlock: at, topics: [EXPIRED] }]);
    expect((byTopic.result as unknown[]).length).toBe(1);
    const receipt = (await chain.rpc("eth_getTransactionReceipt", [synthetic])).result as Record<string, unknown>;
    expect(receipt).toMatchObject({
      transactionHash: synthetic,
      transactionIndex: "0x1",
      blockHash: view.hash,
      from: "0x0000000000000000000000000000000000000000",
      to: null,
      status: "0x1",
      gasUsed: "0x0",
      logs: [logs[1]],
    });
    const all = (await chain.rpc("eth_getBlockReceipts", [at])).result as Array<{ transactionHash: string }>;
    expect(all.map((r) => r.transactionHash)).toEqual([tx.hash, synthetic]);
    // It is not a transaction: no body by hash or by index, and the block lists only the real one.
    expect((await chain.rpc("eth_getTransactionByHash", [synthetic])).result).toBeNull();
    expect((await chain.rpc("eth_getTransactionByBlockNumberAndIndex", [at, "0x1"])).result).toBeNull();
    const block = (await chain.rpc("eth_getBlockByNumber", [at, false])).result as { transactions: string[] };
    expect(block.transactions).toEqual([tx.hash]);
  });
});

describe("cmt namespace", () => {
  it("reports status and vesting with hex quantities", async () => {
    const status = (await chain.rpc("cmt_status")).result as Record<string, unknown>;
    expect(status).toMatchObject({
      chainId: "0x1092",
      mempool: { pending: "0x0", queued: "0x0" },
      version: "0.0.0-test",
    });
    expect(status.validators).toEqual([{ address: "0x000000000000000000000000000000000000a11c", power: "0xa" }]);
    expect((await chain.rpc("cmt_vesting", [TOKEN])).result).toMatchObject({ total: "0x64", nextReleaseTime: null });
    expect((await chain.rpc("cmt_vesting", [chain.bob.address])).result).toBeNull();
  });
});

describe("pending transactions", () => {
  it("buffers the hashes of admitted transactions for a pending-transaction filter until it is polled", async () => {
    const own = await startTestChain();
    try {
      const { alice, bob, backend } = own;
      const id = (await own.rpc("eth_newPendingTransactionFilter")).result as string;
      expect(id).toMatch(/^0x[0-9a-f]{32}$/);
      expect((await own.rpc("eth_getFilterChanges", [id])).result).toEqual([]);
      const nonce = backend.pendingNonce(alice.address);
      const t1 = makeTx(alice.privateKey, { nonce, to: bob.address, value: 1n });
      const t2 = makeTx(alice.privateKey, { nonce: nonce + 1n, to: bob.address, value: 2n });
      expect((await own.rpc("eth_sendRawTransaction", [toHex(t1.raw)])).result).toBe(t1.hash);
      // A batch: t2 admitted, t1 again refused (already known) and not reported twice.
      const batch = await own.post(
        JSON.stringify([
          { jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: [toHex(t2.raw)] },
          { jsonrpc: "2.0", id: 2, method: "eth_sendRawTransaction", params: [toHex(t1.raw)] },
        ]),
      );
      expect((batch.json as Array<{ error?: { message: string } }>)[1]?.error?.message).toBe("already known");
      expect((await own.rpc("eth_getFilterChanges", [id])).result).toEqual([t1.hash, t2.hash]);
      expect((await own.rpc("eth_getFilterChanges", [id])).result).toEqual([]);
      // Mined transactions are not news to it; a pending filter has no logs.
      backend.mine();
      expect((await own.rpc("eth_getFilterChanges", [id])).result).toEqual([]);
      expect((await own.rpc("eth_getFilterLogs", [id])).error).toEqual({ code: -32000, message: "filter not found" });
      expect((await own.rpc("eth_uninstallFilter", [id])).result).toBe(true);
    } finally {
      await own.close();
    }
  });

  it("shows the pool's pending and queued transactions the way geth's txpool namespace does", async () => {
    const own = await startTestChain();
    try {
      const { alice, bob, backend } = own;
      const nonce = backend.pendingNonce(alice.address);
      const ready = makeTx(alice.privateKey, { nonce, to: bob.address, value: 5n, gasLimit: 21_000n });
      const gapped = makeTx(alice.privateKey, { nonce: nonce + 2n, to: bob.address, value: 6n, gasLimit: 21_000n });
      for (const t of [ready, gapped]) await own.rpc("eth_sendRawTransaction", [toHex(t.raw)]);
      expect((await own.rpc("txpool_status")).result).toEqual({ pending: "0x1", queued: "0x1" });
      const sender = getAddress(alice.address);
      const content = (await own.rpc("txpool_content")).result as Record<
        string,
        Record<string, Record<string, unknown>>
      >;
      expect(Object.keys(content)).toEqual(["pending", "queued"]);
      expect(content.pending?.[sender]?.[nonce.toString()]).toMatchObject({ hash: ready.hash, blockNumber: null });
      expect(content.queued?.[sender]?.[(nonce + 2n).toString()]).toMatchObject({ hash: gapped.hash });
      const from = (await own.rpc("txpool_contentFrom", [alice.address])).result as Record<
        string,
        Record<string, unknown>
      >;
      expect(Object.keys(from.pending ?? {})).toEqual([nonce.toString()]);
      expect(Object.keys(from.queued ?? {})).toEqual([(nonce + 2n).toString()]);
      expect((await own.rpc("txpool_contentFrom", [bob.address])).result).toEqual({ pending: {}, queued: {} });
      expect((await own.rpc("txpool_inspect")).result).toEqual({
        pending: { [sender]: { [nonce.toString()]: `${getAddress(bob.address)}: 5 wei + 21000 gas × 3000000000 wei` } },
        queued: {
          [sender]: { [(nonce + 2n).toString()]: `${getAddress(bob.address)}: 6 wei + 21000 gas × 3000000000 wei` },
        },
      });
      expect((await own.rpc("txpool_contentFrom", ["0x12"])).error?.code).toBe(-32602);
    } finally {
      await own.close();
    }
  });
});
