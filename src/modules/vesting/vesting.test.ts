import { decodeFunctionResult, encodeFunctionData } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENESIS_TIME, openTestChain, removeDir, type TestChain, testGenesis, testKey } from "../../../test/harness.js";
import { fromHex, toHex } from "../../lib/index.js";
import { decodeRevert, getAccount } from "../../state/index.js";
import { WEI_PER_CMT } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { vestingAbi } from "./abi.js";
import { QUARTER_MS } from "./schedule.js";

const team = testKey(10);
const fiveMiles = testKey(11);
const stranger = testKey(12);
const TOTAL = 100_000_000n * WEI_PER_CMT;
const TENTH = TOTAL / 10n;
const genesis = testGenesis({
  funded: [team.address, fiveMiles.address, stranger.address],
  team: team.address,
  fiveMiles: fiveMiles.address,
});

let c: TestChain & { dir: string };
let time = GENESIS_TIME;
beforeAll(() => {
  c = openTestChain(genesis);
});
afterAll(async () => {
  await c.close();
  removeDir(c.dir);
});

const releaseData = fromHex(encodeFunctionData({ abi: vestingAbi, functionName: "release" }));

function release(who: typeof team, at: bigint) {
  time = at;
  const tx = c.sign(who, { to: ModuleAddress.vesting, data: releaseData, gasLimit: 200_000n });
  const { view } = c.produce(at, [tx]);
  const r = view.receipts[0];
  if (!r) throw new Error("tx not included");
  return { status: r.status, reason: r.status === 0 ? decodeRevert(r.output) : null, logs: r.logs };
}

function view(fn: "vested" | "releasable" | "released", who: `0x${string}`): bigint {
  const data = fromHex(encodeFunctionData({ abi: vestingAbi, functionName: fn, args: [who] }));
  const head = c.chain.head();
  const out = c.machine.call(
    { chainId: 1818n, height: head.height, time: head.time },
    { from: who, to: ModuleAddress.vesting, value: 0n, data, gas: null },
  );
  expect(out.status).toBe(1);
  return decodeFunctionResult({ abi: vestingAbi, functionName: fn, data: toHex(out.output) }) as bigint;
}

describe("vesting: 10 % per quarter over 2.5 years (white paper §7)", () => {
  it("releases nothing at genesis or one millisecond before the first quarter", () => {
    expect(release(team, GENESIS_TIME + 1000n)).toMatchObject({
      status: 0,
      reason: "vesting: nothing to release until the next quarter",
    });
    expect(release(team, GENESIS_TIME + QUARTER_MS - 1n)).toMatchObject({
      status: 0,
      reason: "vesting: nothing to release until the next quarter",
    });
    expect(view("vested", team.address)).toBe(0n);
  });

  it("refuses a caller without a schedule", () => {
    expect(release(stranger, time + 1n)).toMatchObject({
      status: 0,
      reason: "vesting: caller has no vesting schedule",
    });
  });

  it("releases exactly 10 % at each quarter boundary, never twice in a quarter, and 100 % after ten", () => {
    for (let q = 1n; q <= 10n; q++) {
      const boundary = GENESIS_TIME + q * QUARTER_MS;
      const balanceBefore = getAccount(c.store, team.address).balance;
      const r = release(team, boundary);
      expect(r.status, `quarter ${q}`).toBe(1);
      expect(r.logs).toHaveLength(1);
      const receipt = c.chain.blockView(c.chain.head().height)?.receipts[0];
      const fee = (receipt?.gasUsed ?? 0n) * (receipt?.effectiveGasPrice ?? 0n);
      expect(getAccount(c.store, team.address).balance - balanceBefore + fee).toBe(TENTH);
      expect(view("released", team.address)).toBe(q * TENTH);
      expect(view("releasable", team.address)).toBe(0n);
      expect(release(team, boundary + 1n)).toMatchObject({
        status: 0,
        reason: "vesting: nothing to release until the next quarter",
      });
    }
    expect(view("released", team.address)).toBe(TOTAL);
    expect(release(team, GENESIS_TIME + 20n * QUARTER_MS)).toMatchObject({ status: 0 });
  });

  it("lets a late beneficiary release all whole quarters at once, never more than the schedule", () => {
    expect(view("vested", fiveMiles.address)).toBe(TOTAL);
    const r = release(fiveMiles, time + 1n);
    expect(r.status).toBe(1);
    expect(view("released", fiveMiles.address)).toBe(TOTAL);
    expect(getAccount(c.store, ModuleAddress.vesting).balance).toBe(0n);
  });
});
