import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transaction } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import { fromHex, type Hex, toQuantity } from "../../lib/index.js";
import { decodeTx, parseCmt } from "../../types/index.js";
import { captureIo, rpcStub } from "../cli.testing.js";
import { KeystoreDir, LIGHT_KDF } from "../keystore-dir.js";
import { run } from "./tx.js";

const HARDHAT_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const FROM = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const TO = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

const stub = rpcStub;

/** A node that accepts transactions; the receipt appears on the second poll. */
function chain(sent: Hex[]) {
  let polls = 0;
  return {
    eth_chainId: () => "0x12",
    eth_getTransactionCount: () => "0x5",
    eth_gasPrice: () => "0x77359400",
    eth_maxPriorityFeePerGas: () => "0x0",
    eth_getBlockByNumber: () => ({ number: "0x9", baseFeePerGas: "0x3b9aca00" }),
    eth_estimateGas: () => "0x5208",
    eth_sendRawTransaction: ([raw]: unknown[]) => {
      sent.push(raw as Hex);
      return decodeTx(fromHex(raw as string)).hash;
    },
    eth_getTransactionReceipt: () => (++polls < 2 ? null : { status: "0x1", blockNumber: "0xa", gasUsed: "0x5208" }),
  };
}

let keystore: string;
beforeAll(async () => {
  keystore = join(mkdtempSync(join(tmpdir(), "tx-cmd-")), "keystore");
  await new KeystoreDir(keystore).add("dev0", fromHex(HARDHAT_KEY), "pw", LIGHT_KDF);
});

const capture = (env: Record<string, string> = { CYBERMILES_PASSWORD: "pw" }) =>
  captureIo({ CYBERMILES_KEYSTORE: keystore, ...env });

const send = (url: string, ...extra: string[]) => [
  "send",
  "--from",
  "dev0",
  "--to",
  TO,
  "--amount",
  "1.5",
  "--rpc",
  url,
  ...extra,
];

describe("cybermiles tx send", () => {
  it("prints help", async () => {
    for (const argv of [[], ["--help"], ["send", "--help"]]) {
      const io = capture();
      expect(await run(argv, io)).toBe(0);
      expect(io.out).toMatch(/^Usage: cybermiles tx/);
    }
  });

  it("signs an EIP-1559 transfer with the node's chain id, pending nonce and fees, and prints the hash", async () => {
    const sent: Hex[] = [];
    const node = await stub(chain(sent));
    const io = capture();
    expect(await run(send(node.url), io)).toBe(0);
    expect(sent).toHaveLength(1);
    const tx = Transaction.from(sent[0] as string); // ethers decodes and recovers the sender
    expect(tx.type).toBe(2);
    expect(tx.from?.toLowerCase()).toBe(FROM);
    expect(tx.to).toBe(TO);
    expect([tx.chainId, tx.nonce, tx.value, tx.gasLimit]).toEqual([18n, 5, parseCmt("1.5"), 21000n]);
    expect([tx.maxFeePerGas, tx.maxPriorityFeePerGas]).toEqual([2_000_000_000n, 0n]); // 2 × base fee + tip
    expect(io.out).toBe(`${tx.hash}\n`);
    expect(node.calls.find((c) => c.method === "eth_getTransactionCount")?.params).toEqual([FROM, "pending"]);
    expect(node.calls.find((c) => c.method === "eth_estimateGas")?.params).toEqual([
      { from: FROM, to: TO.toLowerCase(), value: toQuantity(parseCmt("1.5")) },
    ]);
    expect(io.err).toContain("sending 1.5 CMT from 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  });

  it("sends a legacy EIP-155 transaction with --legacy, --gas-price and --gas-limit", async () => {
    const sent: Hex[] = [];
    const node = await stub(chain(sent));
    expect(await run(send(node.url, "--legacy", "--gas-price", "3000000000", "--gas-limit", "30000"), capture())).toBe(
      0,
    );
    const tx = Transaction.from(sent[0] as string);
    expect([tx.type, tx.chainId, tx.gasPrice, tx.gasLimit]).toEqual([0, 18n, 3_000_000_000n, 30000n]);
    expect(node.calls.map((c) => c.method)).not.toContain("eth_estimateGas");
  });

  it("waits for the receipt with --wait and prints status and block", async () => {
    const node = await stub(chain([]));
    const io = capture();
    expect(await run(send(node.url, "--wait"), io)).toBe(0);
    expect(io.out).toMatch(/^0x[0-9a-f]{64}\nstatus: {3}success\nblock: {4}10\ngas used: 21000\n$/);
  });

  it("reports an unreachable node and the node's own rejection", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const dead = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    await expect(run(send(dead), capture())).rejects.toThrow(`cannot reach node at ${dead} (ECONNREFUSED)`);
    const poor = await stub({
      ...chain([]),
      eth_sendRawTransaction: () => {
        throw new Error("insufficient funds for gas * price + value: balance 0, tx cost 1500042000000000000");
      },
    });
    await expect(run(send(poor.url), capture())).rejects.toThrow("insufficient funds for gas * price + value");
  });

  it("refuses bad arguments before contacting the node", async () => {
    const url = "http://127.0.0.1:1";
    await expect(run(["send", "--to", TO, "--amount", "1"], capture())).rejects.toThrow("--from is required");
    await expect(
      run(
        send(url).map((a) => (a === TO ? "0x12" : a)),
        capture(),
      ),
    ).rejects.toThrow('--to: invalid address "0x12"');
    await expect(run([...send(url), "--amount=-1"], capture())).rejects.toThrow('--amount: invalid CMT amount "-1"');
    await expect(run(send(url, "--gas-price", "1gwei"), capture())).rejects.toThrow("--gas-price must be");
    await expect(
      run(
        send(url).map((a) => (a === "dev0" ? "carol" : a)),
        capture(),
      ),
    ).rejects.toThrow("no key named 'carol'");
    await expect(run(["transfer"], capture())).rejects.toThrow("unknown subcommand 'tx transfer'");
  });

  it("refuses a wrong password", async () => {
    const node = await stub(chain([]));
    await expect(run(send(node.url), capture({ CYBERMILES_PASSWORD: "wrong" }))).rejects.toThrow(
      "invalid password for key 'dev0'",
    );
  });
});
