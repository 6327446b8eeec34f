import { encodeFunctionData } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { GENESIS_TIME, openTestChain, removeDir, testGenesis, testKey } from "../../test/harness.js";
import { fromHex } from "../lib/index.js";
import { u64Key } from "../store/codec.js";
import { unmetered } from "./gas.js";
import { MeteredKv } from "./metered-kv.js";
import { type ModuleDescriptor, ModuleError } from "./module.js";
import { ModuleStore } from "./module-store.js";
import { StateDB } from "./statedb.js";

// A toy module: `schedule(at, id)` queues a deadline; when due, the item writes "fired/<id>".
// Id 13 fails after writing, to show that a failing item rolls back alone.
const timerAbi = [
  {
    type: "function",
    name: "schedule",
    stateMutability: "nonpayable",
    inputs: [
      { name: "at", type: "uint64" },
      { name: "id", type: "uint64" },
    ],
    outputs: [],
  },
] as const;
const fired = (id: bigint) => new Uint8Array([...new TextEncoder().encode("fired/"), ...u64Key(id)]);
const timer: ModuleDescriptor = {
  name: "timer",
  address: "0x0000000000000000000000000000000000001fff",
  abi: timerAbi,
  queries: {},
  calls: {
    schedule: (ctx, [at, id]) => ctx.deadlines.schedule(at as bigint, u64Key(id as bigint)),
  },
  onDeadline(ctx, id) {
    ctx.store.set(new Uint8Array([...new TextEncoder().encode("fired/"), ...id]), Uint8Array.of(1));
    if (Buffer.from(id).readBigUInt64BE() === 13n) throw new ModuleError("TIMER_BOOM", "boom");
  },
};

const user = testKey(0);
const genesis = testGenesis({ funded: [user.address], team: testKey(1).address, fiveMiles: testKey(2).address });
const c = openTestChain(genesis, undefined, [timer]);
afterAll(async () => {
  await c.close();
  removeDir(c.dir);
});

function hasFired(id: bigint): boolean {
  return new ModuleStore(new MeteredKv(new StateDB(c.store), unmetered()), "timer").has(fired(id));
}

function schedule(at: bigint, id: bigint) {
  const data = fromHex(encodeFunctionData({ abi: timerAbi, functionName: "schedule", args: [at, id] }));
  return c.sign(user, { to: timer.address, data, gasLimit: 200_000n });
}

describe("deadline queues swept in end-block", () => {
  it("runs each item at the first block whose time reaches it, in time order, once; a failing item rolls back alone", () => {
    const t0 = GENESIS_TIME;
    c.produce(t0 + 1_000n, [schedule(t0 + 5_000n, 1n), schedule(t0 + 3_000n, 2n), schedule(t0 + 3_000n, 13n)]);
    expect([hasFired(1n), hasFired(2n), hasFired(13n)]).toEqual([false, false, false]);
    c.produce(t0 + 2_999n, []);
    expect(hasFired(2n)).toBe(false);
    c.produce(t0 + 3_000n, []);
    expect([hasFired(1n), hasFired(2n), hasFired(13n)]).toEqual([false, true, false]);
    c.produce(t0 + 9_000n, []);
    expect(hasFired(1n)).toBe(true);
    expect(hasFired(13n)).toBe(false);
    // Nothing is left in the queue: a later block does not re-run anything.
    const root = c.chain.head();
    c.produce(t0 + 10_000n, []);
    expect(c.chain.blockView(root.height + 1n)?.block.header.stateRoot).toBe(
      c.chain.blockView(root.height)?.block.header.stateRoot,
    );
  });
});
