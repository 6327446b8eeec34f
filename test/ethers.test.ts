// ethers v6 against a real devnet process, exactly as against any Ethereum node (issue item 4).
import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankAbi, vestingAbi } from "../src/modules/index.js";
import { devnetForFile } from "./support/node-process.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const BANK = "0x0000000000000000000000000000000000001001";
const VESTING = "0x0000000000000000000000000000000000001002";
const wallet = (i: number, p: ethers.Provider) =>
  ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).connect(p);

const devnet = devnetForFile();
let provider: ethers.JsonRpcProvider;

beforeAll(() => {
  provider = new ethers.JsonRpcProvider(devnet.node.rpcUrl, undefined, { pollingInterval: 200 });
});
afterAll(() => provider?.destroy());

describe("ethers v6 against a devnet node", () => {
  it("reads the chain id, balances and nonces of the funded dev accounts", async () => {
    const net = await provider.getNetwork();
    expect(net.chainId).toBe(1818n);
    const a0 = wallet(0, provider);
    expect(a0.address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(await provider.getBalance(a0.address)).toBeGreaterThanOrEqual(ethers.parseEther("1000000"));
    expect(await provider.getTransactionCount(a0.address, "latest")).toBe(0);
    expect(await provider.getTransactionCount(a0.address, "pending")).toBe(0);
  });

  it("sends an EIP-1559 transfer and a legacy EIP-155 transfer and waits for their receipts", async () => {
    const from = wallet(1, provider);
    const to = ethers.Wallet.createRandom().address;
    const tx1 = await from.sendTransaction({ to, value: ethers.parseEther("1.5") });
    expect(tx1.type).toBe(2);
    const r1 = await tx1.wait();
    expect(r1?.status).toBe(1);
    expect(r1?.gasUsed).toBe(21000n);
    const tx2 = await from.sendTransaction({
      to,
      value: ethers.parseEther("0.5"),
      type: 0,
      gasPrice: ethers.parseUnits("2", "gwei"),
    });
    expect(tx2.type).toBe(0);
    const r2 = await tx2.wait();
    expect(r2?.status).toBe(1);
    expect(await provider.getBalance(to)).toBe(ethers.parseEther("2"));
    expect(await provider.getTransactionCount(from.address)).toBe(2);
    // The state after the first transfer's block, still kept by the node.
    expect(await provider.getBalance(to, r1?.blockNumber)).toBe(ethers.parseEther("1.5"));
    expect(await provider.getTransactionCount(from.address, r1?.blockNumber)).toBe(1);

    const got = await provider.getTransaction(tx1.hash);
    expect(got?.from).toBe(from.address);
    expect(got?.to).toBe(to);
    expect(got?.blockNumber).toBe(r1?.blockNumber);
    const block = await provider.getBlock(r2?.blockNumber ?? 0, true);
    expect(block?.prefetchedTransactions.map((t) => t.hash)).toContain(tx2.hash);
    expect(block?.hash).toBe(r2?.blockHash);
    const receipt = await provider.getTransactionReceipt(tx2.hash);
    expect(receipt?.from).toBe(from.address);
    expect(receipt?.gasPrice).toBe(ethers.parseUnits("2", "gwei"));
  });

  it("calls a module like a contract and filters its logs", async () => {
    const from = wallet(2, provider);
    const bank = new ethers.Contract(BANK, bankAbi as unknown as ethers.InterfaceAbi, from);
    expect(await bank.getFunction("symbol")()).toBe("CMT");
    // 1 B CMT at genesis, growing 8 % a year from the first block: a few seconds in, a sliver above.
    const supply: bigint = await bank.getFunction("totalSupply")();
    expect(supply).toBeGreaterThan(ethers.parseEther("1000000000"));
    expect(supply).toBeLessThan(ethers.parseEther("1000010000"));
    const to = ethers.Wallet.createRandom().address;
    const tx = await bank.getFunction("transfer")(to, 12345n);
    const r = await tx.wait();
    expect(r.status).toBe(1);
    expect(r.logs).toHaveLength(1);
    const ev = bank.interface.parseLog(r.logs[0]);
    expect(ev?.name).toBe("Transfer");
    expect(ev?.args.to).toBe(to);
    expect(await bank.getFunction("balanceOf")(to)).toBe(12345n);

    const logs = await provider.getLogs({
      address: BANK,
      topics: [ethers.id("Transfer(address,address,uint256)"), null, ethers.zeroPadValue(to, 32)],
      fromBlock: 0,
      toBlock: "latest",
    });
    expect(logs.map((l) => l.transactionHash)).toEqual([tx.hash]);
    const none = await provider.getLogs({ address: VESTING, fromBlock: 0, toBlock: "latest" });
    expect(none).toEqual([]);
    expect(await provider.getCode(BANK)).not.toBe("0x");
    expect(await provider.getCode(to)).toBe("0x");
  });

  it("surfaces a module's revert reason on estimateGas and call", async () => {
    const stranger = wallet(3, provider);
    const vesting = new ethers.Contract(VESTING, vestingAbi as unknown as ethers.InterfaceAbi, stranger);
    await expect(vesting.getFunction("release").staticCall()).rejects.toMatchObject({
      code: "CALL_EXCEPTION",
      reason: "vesting: caller has no vesting schedule",
    });
    const team = wallet(10, provider);
    expect(await vesting.getFunction("vested")(team.address)).toBe(0n);
  });

  it("pushes new heads and logs over WebSocket", async () => {
    const ws = new ethers.WebSocketProvider(devnet.node.wsUrl);
    try {
      const head = new Promise<number>((res) => ws.once("block", (n: number) => res(n)));
      const bank = new ethers.Contract(BANK, bankAbi as unknown as ethers.InterfaceAbi, ws);
      const to = ethers.Wallet.createRandom().address;
      const got = new Promise<bigint>((res) =>
        bank.on("Transfer", (_from: string, recipient: string, value: bigint) => {
          if (recipient === to) res(value);
        }),
      );
      expect(await head).toBeGreaterThan(0);
      const sender = new ethers.Contract(BANK, bankAbi as unknown as ethers.InterfaceAbi, wallet(4, provider));
      await (await sender.getFunction("transfer")(to, 777n)).wait();
      expect(await got).toBe(777n);
    } finally {
      await ws.destroy();
    }
  });
});
