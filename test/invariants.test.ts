// Seeded random sequences of transfers, module transfers and vesting releases (valid and
// invalid), with the supply invariants checked after every block (DESIGN testing layer 3).
import { encodeFunctionData } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { fromHex, mulberry32 } from "../src/lib/index.js";
import { allSchedules, BankKeeper, bankAbi, ModuleAddress, QUARTER_MS, vestingAbi } from "../src/modules/index.js";
import { getAccount, MeteredKv, ModuleStore, StateDB, unmetered } from "../src/state/index.js";
import { GENESIS_SUPPLY, type SignedTx, WEI_PER_CMT } from "../src/types/index.js";
import { GENESIS_TIME, openTestChain, removeDir, type TestChain, testGenesis, testKey } from "./harness.js";

const users = Array.from({ length: 8 }, (_, i) => testKey(i));
const team = users[6] as ReturnType<typeof testKey>;
const fiveMiles = users[7] as ReturnType<typeof testKey>;
const genesis = testGenesis({
  funded: users.slice(0, 4).map((u) => u.address),
  team: team.address,
  fiveMiles: fiveMiles.address,
});
const chains: Array<TestChain & { dir: string }> = [];
afterAll(async () => {
  for (const c of chains) {
    await c.close();
    removeDir(c.dir);
  }
});

function checkInvariants(c: TestChain): void {
  let total = 0n;
  for (const { value } of c.store.range(Uint8Array.of(1), Uint8Array.of(2))) total += getAccountBalance(value);
  expect(total, "sum of all balances").toBe(GENESIS_SUPPLY);
  const state = new StateDB(c.store);
  expect(new BankKeeper().totalSupply(state), "tracked supply").toBe(GENESIS_SUPPLY);
  const store = new ModuleStore(new MeteredKv(state, unmetered()), "vesting");
  let owed = 0n;
  for (const s of allSchedules(store)) {
    expect(s.released <= s.total).toBe(true);
    owed += s.total - s.released;
  }
  expect(getAccount(c.store, ModuleAddress.vesting).balance, "vesting holdings = unreleased schedules").toBe(owed);
}

function getAccountBalance(v: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(v.subarray(8)).toString("hex")}`);
}

describe("supply invariants under random transfers and releases", () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: balances + vesting holdings always equal the genesis supply`, () => {
      const c = openTestChain(genesis);
      chains.push(c);
      const rand = mulberry32(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
      let time = GENESIS_TIME;
      const seen = { included: 0, dropped: 0, reverted: 0, released: 0 };
      for (let block = 0; block < 40; block++) {
        time += BigInt(Math.floor(rand() * Number(QUARTER_MS / 3n)));
        const txs: SignedTx[] = [];
        for (let i = 0; i < 6; i++) {
          const from = pick(users);
          const to = pick(users).address;
          const roll = rand();
          const amount = roll < 0.1 ? 10n ** 30n : BigInt(Math.floor(rand() * 1000)) * WEI_PER_CMT;
          if (roll < 0.5) txs.push(c.sign(from, { to, value: amount }));
          else if (roll < 0.75) {
            const data = fromHex(encodeFunctionData({ abi: bankAbi, functionName: "transfer", args: [to, amount] }));
            txs.push(c.sign(from, { to: ModuleAddress.bank, data, gasLimit: 100_000n }));
          } else {
            const data = fromHex(encodeFunctionData({ abi: vestingAbi, functionName: "release" }));
            txs.push(c.sign(from, { to: ModuleAddress.vesting, data, gasLimit: 200_000n }));
          }
        }
        const { exec, view } = c.produce(time, txs);
        seen.included += exec.txs.length;
        seen.dropped += exec.dropped.length;
        seen.reverted += view.receipts.filter((r) => r.status === 0).length;
        seen.released += view.receipts.filter(
          (r, i) => r.status === 1 && view.txs[i]?.to === ModuleAddress.vesting,
        ).length;
        // Dropped transactions did not consume their nonce: resync the signer's counter.
        for (const d of exec.dropped) c.nonces.set(d.sender, getAccount(c.store, d.sender).nonce);
        checkInvariants(c);
      }
      // The sequence exercised every path: successes, reverts, drops and real releases.
      expect(seen.included).toBeGreaterThan(50);
      expect(seen.dropped).toBeGreaterThan(0);
      expect(seen.reverted).toBeGreaterThan(0);
      expect(seen.released).toBeGreaterThan(0);
    });
  }
});
