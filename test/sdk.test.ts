// The SDK against a real devnet process: typed module reads and writes, decoded events, and the
// revert reasons a user gets back.
import { rmSync } from "node:fs";
import { parseEther } from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CyberMilesClient,
  createCyberMilesClient,
  decodeRevert,
  revertReasonOf,
  TransactionRevertedError,
} from "../src/sdk/index.js";
import { freePort, type NodeProcess, startDevnet, tempDir } from "./support/node-process.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
/** The devnet's team & partners vesting beneficiary: dev account 10 (after the 10 funded ones). */
const TEAM = account(10).address;

let node: NodeProcess;
let dir: string;
const clients: CyberMilesClient<ReturnType<typeof account>>[] = [];
const client = (i: number) => {
  clients[i] ??= createCyberMilesClient({ url: node.rpcUrl, account: account(i), pollingInterval: 100 });
  return clients[i];
};

beforeAll(async () => {
  dir = tempDir();
  node = await startDevnet(dir, await freePort());
});
afterAll(async () => {
  await node?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What a transaction cost its sender in fees. */
async function feeOf(c: CyberMilesClient, hash: `0x${string}`): Promise<bigint> {
  const r = await c.public.getTransactionReceipt({ hash });
  return r.gasUsed * r.effectiveGasPrice;
}

describe("SDK: bank", () => {
  it("reads the token face and transfers CMT with a decoded Transfer event", async () => {
    const alice = client(1);
    expect(await alice.bank.read.symbol()).toBe("CMT");
    expect(await alice.bank.read.decimals()).toBe(18);
    expect(await alice.bank.read.totalSupply()).toBe(parseEther("1000000000"));
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const before = await alice.bank.read.balanceOf([account(1).address]);
    const hash = await alice.bank.write.transfer([to, parseEther("2.5")]);
    const { receipt, events } = await alice.waitForSuccess(hash);
    expect(receipt.status).toBe("success");
    expect(events).toEqual([
      {
        module: "bank",
        address: alice.addresses.bank,
        logIndex: 0,
        eventName: "Transfer",
        args: { from: account(1).address, to, value: parseEther("2.5") },
      },
    ]);
    expect(await alice.bank.read.balanceOf([to])).toBe(parseEther("2.5"));
    expect(await alice.bank.read.balanceOf([account(1).address])).toBe(
      before - parseEther("2.5") - (await feeOf(alice, hash)),
    );
  });
});

describe("SDK: vesting", () => {
  it("reads a schedule and refuses a release by someone without one, with the module's reason", async () => {
    const c = client(2);
    const schedule = await c.vesting.read.scheduleOf([TEAM]);
    expect(schedule[0]).toBe("team-and-partners");
    expect(schedule[1]).toBe(parseEther("100000000"));
    expect(await c.vesting.read.releasable([TEAM])).toBe(0n); // no quarter has passed on a new devnet

    // A write is simulated (estimateGas) first: the reason comes back before anything is sent.
    const err = await c.vesting.write.release().catch((e: unknown) => e);
    expect(revertReasonOf(err)).toBe("vesting: caller has no vesting schedule");

    // With an explicit gas limit it is mined, reverts and still pays its fee; waitForSuccess says why.
    const before = await c.public.getBalance({ address: account(2).address });
    const hash = await c.vesting.write.release({ gas: 100_000n });
    const failed = await c.waitForSuccess(hash).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TransactionRevertedError);
    expect((failed as TransactionRevertedError).reason).toBe("vesting: caller has no vesting schedule");
    expect((failed as TransactionRevertedError).message).toBe(
      "execution reverted: vesting: caller has no vesting schedule",
    );
    expect(await c.public.getBalance({ address: account(2).address })).toBe(before - (await feeOf(c, hash)));
  });
});

describe("SDK: helpers", () => {
  it("decodes Error(string) revert data and nothing else", () => {
    const data =
      "0x08c379a0000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000046f6f707300000000000000000000000000000000000000000000000000000000";
    expect(decodeRevert(data)).toBe("oops");
    expect(decodeRevert("0x")).toBeNull();
    expect(decodeRevert("0x4e487b710000000000000000000000000000000000000000000000000000000000000011")).toBeNull();
  });
});
