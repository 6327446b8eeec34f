import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromHex } from "../../lib/index.js";
import { testTempDir } from "../../lib/temp-dir.testing.js";
import { captureIo, rpcStub } from "../cli.testing.js";
import { KeystoreDir, LIGHT_KDF } from "../keystore-dir.js";
import { run } from "./query.js";

const ADDR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const HASH = `0x${"ab".repeat(32)}`;
const BLOCK = {
  number: "0xa",
  hash: `0x${"0b".repeat(32)}`,
  parentHash: `0x${"0a".repeat(32)}`,
  timestamp: "0x6553f100",
  miner: ADDR.toLowerCase(),
  gasUsed: "0x5208",
  gasLimit: "0x1c9c380",
  baseFeePerGas: "0x3b9aca00",
  stateRoot: `0x${"5e".repeat(32)}`,
  transactions: [HASH],
};
const TX = {
  hash: HASH,
  type: "0x2",
  blockNumber: "0xa",
  transactionIndex: "0x0",
  from: ADDR.toLowerCase(),
  to: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  value: "0x14d1120d7b160000",
  nonce: "0x5",
  gas: "0x5208",
  maxFeePerGas: "0x77359400",
  maxPriorityFeePerGas: "0x0",
};
const RECEIPT = { status: "0x1", gasUsed: "0x5208", effectiveGasPrice: "0x3b9aca00", contractAddress: null, logs: [] };
const STATUS = {
  chainId: "0x12",
  height: "0xa",
  blockHash: BLOCK.hash,
  stateRoot: BLOCK.stateRoot,
  blockTime: "0x18bcfe56800",
  validators: [{ address: ADDR.toLowerCase(), power: "0xa" }],
  mempool: { pending: "0x2", queued: "0x0" },
  version: "cybermiles/0.1.0",
};

const stub = rpcStub;

const node = () =>
  stub({
    eth_getBalance: () => "0x14d1120d7b160000",
    eth_getBlockByNumber: ([n]) => (n === "0x3e8" ? null : BLOCK),
    eth_getBlockByHash: () => BLOCK,
    eth_getTransactionByHash: ([h]) => (h === HASH ? TX : null),
    eth_getTransactionReceipt: () => RECEIPT,
    cmt_status: () => STATUS,
    txpool_status: () => ({ pending: "0x1", queued: "0x2" }),
    txpool_contentFrom: () => ({
      pending: { "5": { ...TX, hash: HASH } },
      queued: {
        "7": { ...TX, nonce: "0x7", hash: `0x${"cd".repeat(32)}` },
        "8": { ...TX, nonce: "0x8", hash: `0x${"ef".repeat(32)}` },
      },
    }),
    eth_getTransactionCount: () => "0x5",
  });

async function query(url: string, ...argv: string[]) {
  const io = captureIo();
  const code = await run([...argv, "--rpc", url], io);
  return { code, out: io.out };
}

describe("cybermiles query", () => {
  it("prints help for the command and every subcommand", async () => {
    for (const argv of [[], ["--help"], ...["balance", "block", "tx", "txpool", "status"].map((s) => [s, "--help"])]) {
      const io = captureIo();
      expect(await run(argv, io)).toBe(0);
      expect(io.out).toMatch(/^Usage: cybermiles query/);
    }
  });

  it("prints a balance in CMT, or JSON", async () => {
    const n = await node();
    expect(await query(n.url, "balance", ADDR)).toEqual({ code: 0, out: "1.5 CMT\n" });
    expect(n.calls[0]).toEqual({ method: "eth_getBalance", params: [ADDR.toLowerCase(), "latest"] });
    expect(JSON.parse((await query(n.url, "balance", ADDR, "--json")).out)).toEqual({
      address: ADDR,
      wei: "1500000000000000000",
      cmt: "1.5",
    });
  });

  it("prints a balance after a given block: by number or hash", async () => {
    const n = await node();
    expect((await query(n.url, "balance", ADDR, "--block", "3")).out).toBe("1.5 CMT\n");
    expect(n.calls[0]?.params).toEqual([ADDR.toLowerCase(), "0x3"]);
    await query(n.url, "balance", ADDR, "--block", BLOCK.hash);
    expect(n.calls[1]?.params).toEqual([ADDR.toLowerCase(), { blockHash: BLOCK.hash }]);
    await expect(query(n.url, "balance", ADDR, "--block", "yesterday")).rejects.toThrow(
      "--block: expected a block number, 'latest' or a block hash",
    );
    await expect(query(n.url, "status", "--block", "3")).rejects.toThrow("'query status' has no option --block");
  });

  it("prints the mempool's counts, and an account's waiting transactions with why they wait", async () => {
    const n = await node();
    expect((await query(n.url, "txpool")).out).toBe("1 pending, 2 queued\n");
    const { out } = await query(n.url, "txpool", ADDR);
    expect(n.calls[1]).toEqual({ method: "txpool_contentFrom", params: [ADDR.toLowerCase()] });
    expect(out).toBe(
      [
        `nonce 5  pending  ${HASH}  1.5 CMT`,
        `nonce 7  queued   0x${"cd".repeat(32)}  1.5 CMT`,
        `nonce 8  queued   0x${"ef".repeat(32)}  1.5 CMT`,
        "queued: waiting for nonce 6 (the account's next nonce is 5)",
        "",
      ].join("\n"),
    );
    expect(JSON.parse((await query(n.url, "txpool", ADDR, "--json")).out).queued["7"].nonce).toBe("0x7");
  });

  it("looks up a keystore key's address for balance NAME", async () => {
    const n = await node();
    const keystore = join(testTempDir("query-cmd-"), "ks");
    const key = fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    await new KeystoreDir(keystore).add("dev0", key, "pw", LIGHT_KDF);
    expect((await query(n.url, "balance", "dev0", "--keystore", keystore)).out).toBe("1.5 CMT\n");
    expect(n.calls[0]?.params[0]).toBe(ADDR.toLowerCase());
  });

  it("prints blocks by number, tag or hash", async () => {
    const n = await node();
    const { out } = await query(n.url, "block", "10");
    expect(n.calls[0]).toEqual({ method: "eth_getBlockByNumber", params: ["0xa", false] });
    expect(out).toContain("block      10\n");
    expect(out).toContain("time       2023-11-14T22:13:20.000Z (1700000000)");
    expect(out).toContain(`proposer   ${ADDR}`);
    expect(out).toContain("gas used   21000 of 30000000");
    expect(out).toContain(`txs        1\n  ${HASH}`);
    await query(n.url, "block");
    expect(n.calls[1]?.params).toEqual(["latest", false]);
    await query(n.url, "block", BLOCK.hash);
    expect(n.calls[2]).toEqual({ method: "eth_getBlockByHash", params: [BLOCK.hash, false] });
    expect(JSON.parse((await query(n.url, "block", "--json")).out)).toEqual(BLOCK);
    await expect(query(n.url, "block", "1000")).rejects.toThrow("block 1000 not found");
    await expect(query(n.url, "block", "yesterday")).rejects.toThrow(
      "expected a block number, 'latest' or a block hash",
    );
  });

  it("prints a transaction with its receipt", async () => {
    const n = await node();
    const { out } = await query(n.url, "tx", HASH);
    expect(out).toContain("status     success");
    expect(out).toContain("block      10 (index 0)");
    expect(out).toContain("to         0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    expect(out).toContain("value      1.5 CMT");
    expect(out).toContain("type       2 (EIP-1559)");
    expect(out).toContain("fee        0.000021 CMT");
    expect(JSON.parse((await query(n.url, "tx", HASH, "--json")).out)).toEqual({ transaction: TX, receipt: RECEIPT });
    await expect(query(n.url, "tx", `0x${"cd".repeat(32)}`)).rejects.toThrow(
      `transaction 0x${"cd".repeat(32)} not found`,
    );
    await expect(query(n.url, "tx", "0x1234")).rejects.toThrow('invalid transaction hash "0x1234"');
  });

  it("prints the node status", async () => {
    const n = await node();
    const { out } = await query(n.url, "status");
    expect(out).toContain("chain id    18 (0x12)");
    expect(out).toContain("height      10");
    expect(out).toContain("block time  2023-11-14T22:13:20.000Z");
    expect(out).toContain("mempool     2 pending, 0 queued");
    expect(out).toContain(`validators  1\n  ${ADDR}  power 10`);
    expect(JSON.parse((await query(n.url, "status", "--json")).out)).toEqual(STATUS);
  });

  it("reports an unreachable node, bad addresses and wrong arguments", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const dead = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    await expect(query(dead, "status")).rejects.toThrow(`cannot reach node at ${dead}`);
    await expect(run(["status"], captureIo({ CYBERMILES_RPC: dead }))).rejects.toThrow(`cannot reach node at ${dead}`);
    await expect(query(dead, "balance", "0x1234")).rejects.toThrow('invalid address "0x1234"');
    await expect(query(dead, "balance")).rejects.toThrow("wrong number of arguments");
    await expect(query(dead, "status", "extra")).rejects.toThrow("wrong number of arguments");
    await expect(query(dead, "peers")).rejects.toThrow("unknown subcommand 'query peers'");
  });
});
