// The SDK against a real devnet process: typed module reads and writes, decoded events, and the
// revert reasons a user gets back.
import { getAddress as checksumAddress, parseEther } from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type CyberMilesClient,
  createCyberMilesClient,
  decodeRevert,
  type ModuleName,
  moduleAddresses,
  moduleAt,
  revertReasonOf,
  systemModules,
  TransactionRevertedError,
} from "../src/sdk/index.js";
import { devnetForFile } from "./support/node-process.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
/** The devnet's team & partners vesting beneficiary: dev account 10 (after the 10 funded ones). */
const TEAM = account(10).address;

const devnet = devnetForFile(["--block-time", "250"]);
const clients: CyberMilesClient<ReturnType<typeof account>>[] = [];
const client = (i: number) => {
  clients[i] ??= createCyberMilesClient({ url: devnet.node.rpcUrl, account: account(i), pollingInterval: 100 });
  return clients[i];
};

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
    // 1 B CMT at genesis, growing 8 % a year from the first block: a few seconds in, a sliver above.
    const supply = await alice.bank.read.totalSupply();
    expect(supply).toBeGreaterThan(parseEther("1000000000"));
    expect(supply).toBeLessThan(parseEther("1000010000"));
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

describe("SDK: revert reasons of mined transactions", () => {
  it("replays a revert on the state before its block, not on what came after", async () => {
    const key = generatePrivateKey();
    const poor = createCyberMilesClient({
      url: devnet.node.rpcUrl,
      account: privateKeyToAccount(key),
      pollingInterval: 100,
    });
    const payer = client(6);
    await payer.waitForSuccess(await payer.bank.write.transfer([privateKeyToAccount(key).address, parseEther("1")]));
    // 2 CMT from an account holding 1: mined with an explicit gas limit, reverted.
    const hash = await poor.bank.write.transfer([account(6).address, parseEther("2")], { gas: 100_000n });
    await poor.public.waitForTransactionReceipt({ hash });
    // Funded afterwards: on the latest state the same call would now succeed.
    await payer.waitForSuccess(await payer.bank.write.transfer([privateKeyToAccount(key).address, parseEther("5")]));
    const failed = await poor.waitForSuccess(hash).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TransactionRevertedError);
    expect((failed as TransactionRevertedError).reason).toBe("bank: transfer amount exceeds balance");
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

describe("SDK: escrow", () => {
  it("plays open → fund → ship → carrier confirms → accept, with the balances each party sees", async () => {
    const [payer, payee, carrier] = [client(3), client(4), client(5)];
    const [payerAddr, payeeAddr, carrierAddr] = [account(3).address, account(4).address, account(5).address];
    const balances = () =>
      Promise.all([payer.public.getBalance({ address: payerAddr }), payer.public.getBalance({ address: payeeAddr })]);
    const [payerBefore, payeeBefore] = await balances();
    const amount = parseEther("5");
    const deposit = parseEther("1");
    const head = await payer.public.getBlock();
    const fundBy = head.timestamp * 1000n + 600_000n;
    const fees = { payer: 0n, payee: 0n };

    const openHash = await payer.escrow.write.open(
      [payeeAddr, amount, deposit, 60_000n, fundBy, 600_000n, [carrierAddr]],
      {
        value: amount + deposit,
      },
    );
    const opened = await payer.waitForSuccess(openHash);
    fees.payer += await feeOf(payer, openHash);
    const event = opened.events.find((e) => e.module === "escrow" && e.eventName === "Opened");
    if (event?.module !== "escrow" || event.eventName !== "Opened") throw new Error("no Opened event");
    const id = event.args.id;
    expect(event.args).toMatchObject({ payer: payerAddr, payee: payeeAddr, amount, deposit });

    // The payer cannot fund the payee's side: simulated first, and after mining waitForSuccess says why.
    const wrong = await payer.escrow.write.fund([id], { value: deposit }).catch((e: unknown) => e);
    expect(revertReasonOf(wrong)).toMatch(/^escrow: only the payee can fund/);
    const minedWrong = await payer.escrow.write.fund([id], { value: deposit, gas: 200_000n });
    const failed = await payer.waitForSuccess(minedWrong).catch((e: unknown) => e);
    expect((failed as TransactionRevertedError).reason).toMatch(/^escrow: only the payee can fund/);
    fees.payer += await feeOf(payer, minedWrong);

    for (const [c, who, send] of [
      [payee, "payee", () => payee.escrow.write.fund([id], { value: deposit })],
      [payee, "payee", () => payee.escrow.write.ship([id, `0x${"ab".repeat(32)}`])],
      [carrier, null, () => carrier.escrow.write.confirmDelivery([id])],
      [payer, "payer", () => payer.escrow.write.accept([id])],
    ] as const) {
      const hash = await send();
      const { events } = await c.waitForSuccess(hash);
      expect(events.length).toBeGreaterThan(0);
      if (who !== null) fees[who] += await feeOf(c, hash);
    }
    const [payerAfter, payeeAfter] = await balances();
    expect(payerAfter).toBe(payerBefore - amount - fees.payer); // paid the price; deposit back
    expect(payeeAfter).toBe(payeeBefore + amount - fees.payee); // got the price; deposit back
    const record = await payer.escrow.read.getEscrow([id]);
    expect(record.carriers).toEqual([carrierAddr]);
    expect(await payer.public.getBalance({ address: payer.addresses.escrow })).toBe(0n);
  });
});

describe("SDK: helpers", () => {
  it("has a typed client at its address for every generated module", () => {
    const c = client(1);
    for (const name of Object.keys(systemModules) as ModuleName[]) {
      expect(c[name].address).toBe(moduleAddresses[name]);
      expect(moduleAt(checksumAddress(moduleAddresses[name]))).toBe(name);
    }
    expect(moduleAt(account(1).address)).toBeNull();
    // Checked by the typechecker: arguments and options come from the ABI.
    expectTypeOf(c.escrow.write.fund).parameter(0).toEqualTypeOf<readonly [bigint]>();
    expectTypeOf(c.bank.read.balanceOf).returns.resolves.toEqualTypeOf<bigint>();
  });

  it("decodes Error(string) revert data and nothing else", () => {
    const data =
      "0x08c379a0000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000046f6f707300000000000000000000000000000000000000000000000000000000";
    expect(decodeRevert(data)).toBe("oops");
    expect(decodeRevert("0x")).toBeNull();
    expect(decodeRevert("0x4e487b710000000000000000000000000000000000000000000000000000000000000011")).toBeNull();
  });
});
