// Test bench for the market: a chain with escrow (recording arbitrator), market and the toy
// arbitration module; helpers to send calls in their own blocks and read views.
import type { Abi } from "viem";
import { GENESIS_TIME, testGenesis, testKey } from "../../../test/harness.js";
import type { Address } from "../../crypto/index.js";
import { WEI_PER_CMT } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { BankKeeper } from "../bank/index.js";
import { openChainWith, recordingArbitrator, toyArbitration } from "../escrow/chain.testing.js";
import { chainDriver, type Key } from "../escrow/driver.testing.js";
import { EscrowKeeper, escrowAbi, escrowModule } from "../escrow/index.js";
import { marketAbi } from "./abi.js";
import { marketModule } from "./module.js";

export const DAY = 86_400_000n;
export const PRICE = 50n * WEI_PER_CMT;
export const hash = (b: string) => `0x${b.repeat(32)}` as const;

export interface TermsInput {
  title: string;
  descriptionHash: `0x${string}`;
  descriptionUri: string;
  category: string;
  tags: string[];
  price: bigint;
  quantity: bigint;
  geohash: string;
  deposit: bigint;
  carriers: Address[];
  shippingWindowMs: bigint;
  inspectionWindowMs: bigint;
}

/** A listing's terms with sensible defaults. */
export function terms(o: Partial<TermsInput> = {}): TermsInput {
  return {
    title: "Vintage bicycle",
    descriptionHash: hash("d1"),
    descriptionUri: "ipfs://bafy-bicycle",
    category: "bikes",
    tags: ["vintage", "road"],
    price: PRICE,
    quantity: 5n,
    geohash: "9vg4mq",
    deposit: 0n,
    carriers: [],
    shippingWindowMs: 3n * DAY,
    inspectionWindowMs: 2n * DAY,
    ...o,
  };
}

/** A fresh chain with market, escrow, a recording arbitrator and the toy arbitration module. */
export function marketBench(people: Key[]) {
  const genesis = testGenesis({
    funded: people.map((p) => p.address),
    team: testKey(1).address,
    fiveMiles: testKey(2).address,
  });
  const bank = new BankKeeper();
  const arbitrator = recordingArbitrator();
  const toy = toyArbitration(bank);
  const c = openChainWith(genesis, [
    escrowModule(bank, arbitrator),
    marketModule(new EscrowKeeper(bank, arbitrator)),
    toy,
  ]);
  const d = chainDriver(c, [marketAbi as Abi, escrowAbi as Abi]);
  let time = GENESIS_TIME;
  const api = {
    c,
    d,
    arbitrator,
    get time() {
      return time;
    },
    set time(t: bigint) {
      time = t;
    },
    /** One market call in its own block `dt` ms after the previous one. */
    send(who: Key, fn: string, args: readonly unknown[], value = 0n, dt = 1_000n) {
      time += dt;
      return d.block(time, [d.tx(who, ModuleAddress.market, marketAbi as Abi, fn, args, value)])[0] as NonNullable<
        ReturnType<typeof d.block>[number]
      >;
    },
    /** One escrow call (direct) in its own block. */
    sendEscrow(who: Key, fn: string, args: readonly unknown[], value = 0n) {
      time += 1_000n;
      return d.block(time, [d.tx(who, ModuleAddress.escrow, escrowAbi as Abi, fn, args, value)])[0];
    },
    /** The toy arbitration rules on an escrow, `judge` as arbiter. */
    rule(judge: Key, escrowId: bigint, kind: number, fee: bigint, payerShareBps = 0n) {
      time += 1_000n;
      return d.block(time, [d.tx(judge, toy.address, toy.abi as Abi, "rule", [escrowId, kind, payerShareBps, fee])])[0];
    },
    /** An empty block at `to`; returns the names of its block logs (what its deadlines logged). */
    tick(to: bigint): string[] {
      time = to;
      d.block(time, []);
      return d.blockEvents();
    },
    view<T>(fn: string, args: readonly unknown[] = []): T {
      return d.view<T>(ModuleAddress.market, marketAbi as Abi, fn, args);
    },
  };
  return api;
}
