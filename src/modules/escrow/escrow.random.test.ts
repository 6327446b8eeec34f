// Seeded random sequences of escrow calls (valid and invalid) and rulings, with the holdings
// invariant checked after every block: the module holds exactly what its live escrows are owed.
import type { Abi } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { GENESIS_TIME, removeDir, testGenesis, testKey } from "../../../test/harness.js";
import { mulberry32 } from "../../lib/index.js";
import type { SignedTx } from "../../types/index.js";
import { GENESIS_SUPPLY, WEI_PER_CMT } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { BankKeeper } from "../bank/index.js";
import { escrowAbi } from "./abi.js";
import { type ModuleChain, openChainWith, recordingArbitrator, toyArbitration } from "./chain.testing.js";
import { chainDriver, type Key } from "./driver.testing.js";
import { escrowModule } from "./module.js";
import { allEscrows, EscrowState, heldFor } from "./state.js";

type EscrowCall =
  | "open"
  | "fund"
  | "cancel"
  | "decline"
  | "ship"
  | "confirmDelivery"
  | "accept"
  | "refund"
  | "reject"
  | "dispute";
const users = Array.from({ length: 4 }, (_, i) => testKey(30 + i));
const carrier = testKey(34);
const judge = testKey(35);
const everyone = [...users, carrier, judge];
const genesis = testGenesis({
  funded: everyone.map((u) => u.address),
  team: testKey(1).address,
  fiveMiles: testKey(2).address,
});
const chains: ModuleChain[] = [];
afterAll(async () => {
  for (const c of chains) {
    await c.close();
    removeDir(c.dir);
  }
});

const HOUR = 3_600_000n;
const CALLS: EscrowCall[] = [
  "fund",
  "cancel",
  "decline",
  "ship",
  "confirmDelivery",
  "accept",
  "refund",
  "reject",
  "dispute",
];

const LIKELY: Partial<Record<EscrowState, EscrowCall[]>> = {
  [EscrowState.Open]: ["fund", "fund", "fund", "cancel", "decline"],
  [EscrowState.Funded]: ["ship", "ship", "confirmDelivery", "accept", "refund", "dispute"],
  [EscrowState.Shipped]: ["confirmDelivery", "confirmDelivery", "accept", "refund", "dispute"],
  [EscrowState.Delivered]: ["accept", "reject", "refund", "dispute"],
};
const ROLE: Record<EscrowCall, "payer" | "payee" | "either" | "delivery"> = {
  open: "payer",
  fund: "payee",
  ship: "payee",
  cancel: "payer",
  decline: "payee",
  confirmDelivery: "delivery",
  accept: "payer",
  refund: "payee",
  reject: "payer",
  dispute: "either",
};

function totalBalances(c: ModuleChain): bigint {
  let total = 0n;
  // Account records (prefix 0x01): 8-byte nonce then the balance.
  for (const { value } of c.store.range(Uint8Array.of(1), Uint8Array.of(2))) {
    total += BigInt(`0x${Buffer.from(value.subarray(8)).toString("hex") || "0"}`);
  }
  return total;
}

describe("escrow holdings under random calls", () => {
  for (const seed of [7, 8, 9]) {
    it(`seed ${seed}: the module balance equals the funds of all live escrows; CMT is conserved`, () => {
      const bank = new BankKeeper();
      const toy = toyArbitration(bank);
      const c = openChainWith(genesis, [escrowModule(bank, recordingArbitrator()), toy]);
      chains.push(c);
      const d = chainDriver(c, [escrowAbi as Abi]);
      const escrows = () => [...allEscrows(d.store("escrow"))];
      const rand = mulberry32(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
      const amount = () => BigInt(1 + Math.floor(rand() * 1_000)) * WEI_PER_CMT + BigInt(Math.floor(rand() * 3));
      let time = GENESIS_TIME;
      let ok = 0;
      const finals = new Set<number>();
      for (let block = 0; block < 80; block++) {
        time += BigInt(Math.floor(rand() * Number(30n * HOUR)));
        const live0 = escrows();
        const txs: SignedTx[] = [];
        const add = (_who: Key, t: SignedTx) => txs.push(t);
        const call = (who: Key, fn: EscrowCall, args: readonly unknown[], value = 0n) =>
          add(who, d.tx(who, ModuleAddress.escrow, escrowAbi as Abi, fn, args, value));
        for (let i = 0, n = 1 + Math.floor(rand() * 5); i < n; i++) {
          // Mostly live escrows (calls on settled ones only revert), sometimes any.
          const pool = rand() < 0.85 ? live0.filter((x) => heldFor(x) > 0n) : live0;
          const e = pool.length > 0 && rand() < 0.75 ? pick(pool) : null;
          if (!e) {
            const payer = pick(users);
            const payee = rand() < 0.9 ? pick(users.filter((u) => u !== payer)) : payer;
            const a = amount();
            const dep = rand() < 0.3 ? 0n : amount();
            const value = rand() < 0.1 ? a + dep - 1n : a + dep;
            const args = [
              payee.address,
              a,
              dep,
              BigInt(1 + Math.floor(rand() * 48)) * HOUR,
              time + BigInt(Math.floor(rand() * 120) - 4) * HOUR,
              rand() < 0.3 ? 0n : BigInt(1 + Math.floor(rand() * 72)) * HOUR,
              rand() < 0.5 ? [carrier.address] : [],
            ];
            call(payer, "open", args, value);
            continue;
          }
          if (rand() < 0.1) {
            const kind = Math.floor(rand() * 3);
            const fee = rand() < 0.9 ? (e.deposit * BigInt(Math.floor(rand() * 101))) / 100n : e.deposit + 1n;
            const share = BigInt(Math.floor(rand() * 10_001));
            const abandon = rand() < 0.1;
            const [fn, args] = abandon ? ["abandon", [e.id]] : ["rule", [e.id, kind, share, fee]];
            add(judge, d.tx(judge, toy.address, toy.abi as Abi, fn as string, args as unknown[]));
            continue;
          }
          // Mostly a call that fits the state, by the party the rules expect; sometimes anything.
          const fits: EscrowCall[] = LIKELY[e.state] ?? CALLS;
          const fn: EscrowCall = rand() < 0.8 ? pick(fits) : pick(CALLS);
          const payer = users.find((u) => u.address === e.payer) as Key;
          const payee = users.find((u) => u.address === e.payee) as Key;
          const expected: Record<string, Key[]> = {
            payer: [payer],
            payee: [payee],
            either: [payer, payee],
            delivery: [payer, carrier],
          };
          const who: Key = rand() < 0.85 ? pick(expected[ROLE[fn]] as Key[]) : pick(everyone);
          const value = fn === "fund" ? (rand() < 0.9 ? e.deposit : e.deposit + 1n) : 0n;
          call(who, fn, fn === "ship" ? [e.id, `0x${"11".repeat(32)}`] : [e.id], value);
        }
        const outcomes = d.block(time, txs);
        ok += outcomes.filter((o) => o.status === 1).length;

        const live = escrows();
        for (const e of live) finals.add(e.state);
        const owed = live.reduce((sum, e) => sum + heldFor(e), 0n);
        expect(d.balance(ModuleAddress.escrow), `block ${block}: escrow holdings`).toBe(owed);
        expect(totalBalances(c), `block ${block}: total CMT`).toBe(GENESIS_SUPPLY);
      }
      expect(ok).toBeGreaterThan(60);
      // The walk reached most of the lifecycle, terminal states included.
      const reached = [
        EscrowState.Released,
        EscrowState.Refunded,
        EscrowState.Resolved,
        EscrowState.Expired,
        EscrowState.Lapsed,
      ];
      for (const s of [...reached, EscrowState.Cancelled, EscrowState.Declined]) {
        expect(finals.has(s), `reached state ${s}`).toBe(true);
      }
    });
  }
});
