// viem against a real devnet process: public and wallet clients over HTTP and WebSocket.
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  http,
  type PublicClient,
  parseEther,
  parseGwei,
  webSocket,
} from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import { bankAbi, vestingAbi } from "../src/modules/index.js";
import { devnetForFile } from "./support/node-process.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const BANK = "0x0000000000000000000000000000000000001001";
const VESTING = "0x0000000000000000000000000000000000001002";
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });

const devnet = devnetForFile();
let chain: Chain;
let client: PublicClient;

beforeAll(() => {
  const node = devnet.node;
  chain = defineChain({
    id: 1818,
    name: "CyberMiles devnet",
    nativeCurrency: { name: "CyberMiles Token", symbol: "CMT", decimals: 18 },
    rpcUrls: { default: { http: [node.rpcUrl], webSocket: [node.wsUrl] } },
  });
  client = createPublicClient({ chain, transport: http(node.rpcUrl), pollingInterval: 200 });
});
/** Run `step` every 300 ms until it returns true (20 s at most). */
async function waitUntil(step: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await step())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe("viem against a devnet node", () => {
  it("reads chain id, balance and nonce", async () => {
    expect(await client.getChainId()).toBe(1818);
    expect(await client.getBalance({ address: account(0).address })).toBeGreaterThanOrEqual(parseEther("1000000"));
    expect(await client.getTransactionCount({ address: account(5).address })).toBe(0);
  });

  it("sends EIP-1559 and legacy transfers, reads receipts, transactions and blocks", async () => {
    const wallet = createWalletClient({ chain, transport: http(devnet.node.rpcUrl), account: account(5) });
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const h1 = await wallet.sendTransaction({ to, value: parseEther("3") });
    const r1 = await client.waitForTransactionReceipt({ hash: h1 });
    expect(r1.status).toBe("success");
    expect(r1.type).toBe("eip1559");
    const h2 = await wallet.sendTransaction({ to, value: parseEther("1"), type: "legacy", gasPrice: parseGwei("3") });
    const r2 = await client.waitForTransactionReceipt({ hash: h2 });
    expect(r2.status).toBe("success");
    expect(r2.type).toBe("legacy");
    expect(r2.effectiveGasPrice).toBe(parseGwei("3"));
    expect(await client.getBalance({ address: to })).toBe(parseEther("4"));

    const tx = await client.getTransaction({ hash: h1 });
    expect(tx.from.toLowerCase()).toBe(account(5).address.toLowerCase());
    const block = await client.getBlock({ blockNumber: r2.blockNumber, includeTransactions: true });
    expect(block.transactions.map((t) => t.hash)).toContain(h2);
    expect(block.hash).toBe(r2.blockHash);
    expect(await client.getBlockTransactionCount({ blockHash: r2.blockHash })).toBe(block.transactions.length);
  });

  it("reads and writes modules with their ABI, and filters logs by event", async () => {
    const wallet = createWalletClient({ chain, transport: http(devnet.node.rpcUrl), account: account(6) });
    expect(await client.readContract({ address: BANK, abi: bankAbi, functionName: "decimals" })).toBe(18);
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const { request } = await client.simulateContract({
      address: BANK,
      abi: bankAbi,
      functionName: "transfer",
      args: [to, 99n],
      account: account(6),
    });
    const hash = await wallet.writeContract(request);
    const receipt = await client.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    const logs = await client.getContractEvents({
      address: BANK,
      abi: bankAbi,
      eventName: "Transfer",
      args: { to },
      fromBlock: 0n,
    });
    expect(logs).toHaveLength(1);
    expect(logs[0]?.args.value).toBe(99n);
    await expect(
      client.simulateContract({ address: VESTING, abi: vestingAbi, functionName: "release", account: account(6) }),
    ).rejects.toThrow(/vesting: caller has no vesting schedule/);
  });

  it("reads balances, nonces and module calls at an earlier block", async () => {
    const from = account(8);
    const wallet = createWalletClient({ chain, transport: http(devnet.node.rpcUrl), account: from });
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const r1 = await client.waitForTransactionReceipt({
      hash: await wallet.sendTransaction({ to, value: parseEther("3") }),
    });
    const r2 = await client.waitForTransactionReceipt({
      hash: await wallet.sendTransaction({ to, value: parseEther("2") }),
    });
    expect(r2.blockNumber).toBeGreaterThan(r1.blockNumber);
    const before = r1.blockNumber - 1n;
    expect(await client.getBalance({ address: to, blockNumber: before })).toBe(0n);
    expect(await client.getBalance({ address: to, blockNumber: r1.blockNumber })).toBe(parseEther("3"));
    expect(await client.getBalance({ address: to, blockNumber: r2.blockNumber })).toBe(parseEther("5"));
    expect(await client.getTransactionCount({ address: from.address, blockNumber: before })).toBe(0);
    expect(await client.getTransactionCount({ address: from.address, blockNumber: r1.blockNumber })).toBe(1);
    const balanceOf = (blockNumber: bigint) =>
      client.readContract({ address: BANK, abi: bankAbi, functionName: "balanceOf", args: [to], blockNumber });
    expect(await balanceOf(r1.blockNumber)).toBe(parseEther("3"));
    expect(await balanceOf(before)).toBe(0n);
    // Above the head: geth's answer.
    await expect(client.getBalance({ address: to, blockNumber: r2.blockNumber + 1000n })).rejects.toThrow(
      /header not found/,
    );
  });

  it("simulates with a balance state override: a call that needs funds the account does not have", async () => {
    const poor = privateKeyToAccount(generatePrivateKey()).address;
    const data = encodeFunctionData({
      abi: bankAbi,
      functionName: "transfer",
      args: [account(1).address, parseEther("5")],
    });
    await expect(client.call({ account: poor, to: BANK, data })).rejects.toThrow(
      /bank: transfer amount exceeds balance/,
    );
    const stateOverride = [{ address: poor, balance: parseEther("10") }];
    const ok = await client.call({ account: poor, to: BANK, data, stateOverride });
    expect(ok.data).toBe(`0x${"0".repeat(63)}1`); // transfer returns true
    const gas = await client.estimateGas({ account: poor, to: BANK, data, stateOverride });
    expect(gas).toBeGreaterThan(21_000n);
    // Nothing persisted: the account still holds nothing.
    expect(await client.getBalance({ address: poor })).toBe(0n);
  });

  it("watches transactions entering the mempool (polled filter over HTTP, subscription over WebSocket)", async () => {
    const from = account(9);
    const wallet = createWalletClient({ chain, transport: http(devnet.node.rpcUrl), account: from });
    const ws = createPublicClient({ chain, transport: webSocket(devnet.node.wsUrl) });
    const seen = { http: new Set<string>(), ws: new Set<string>() };
    const stops = [
      client.watchPendingTransactions({
        onTransactions: (hashes) => {
          for (const h of hashes) seen.http.add(h);
        },
      }),
      ws.watchPendingTransactions({
        onTransactions: (hashes) => {
          for (const h of hashes) seen.ws.add(h);
        },
      }),
    ];
    try {
      // viem installs its filter and subscription asynchronously: send until both have reported one.
      const sent: string[] = [];
      await waitUntil(async () => {
        sent.push(await wallet.sendTransaction({ to: from.address, value: 1n }));
        return sent.some((h) => seen.http.has(h)) && sent.some((h) => seen.ws.has(h));
      });
      for (const h of sent) await client.waitForTransactionReceipt({ hash: h as `0x${string}` });
    } finally {
      for (const stop of stops) stop();
      await ws.transport.getRpcClient?.().then((c) => c.close());
    }
  });

  it("subscribes to new heads and logs over WebSocket", async () => {
    const ws = createPublicClient({ chain, transport: webSocket(devnet.node.wsUrl) });
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const heads: bigint[] = [];
    const gotHead = new Promise<void>((res) => {
      const stop = ws.watchBlockNumber({
        onBlockNumber: (n) => {
          heads.push(n);
          stop();
          res();
        },
      });
    });
    const gotLog = new Promise<bigint>((res) => {
      const stop = ws.watchContractEvent({
        address: BANK,
        abi: bankAbi,
        eventName: "Transfer",
        args: { to },
        onLogs: (logs) => {
          stop();
          res(logs[0]?.args.value ?? -1n);
        },
      });
    });
    await gotHead;
    expect(heads[0]).toBeGreaterThan(0n);
    const wallet = createWalletClient({ chain, transport: http(devnet.node.rpcUrl), account: account(7) });
    await wallet.writeContract({ address: BANK, abi: bankAbi, functionName: "transfer", args: [to, 4242n] });
    expect(await gotLog).toBe(4242n);
    await ws.transport.getRpcClient?.().then((c) => c.close());
  });
});
