import { decodeEventLog, encodeFunctionData } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { GENESIS_TIME, openTestChain, removeDir, testGenesis, testKey } from "../../test/harness.js";
import { fromHex, type Hex, toHex } from "../lib/index.js";
import { u64Key } from "../store/codec.js";
import {
  blockLogsTxHash,
  bloomMayContain,
  encodeBlockLogsLeaf,
  encodeReceipt,
  type Log,
  merkleRoot,
} from "../types/index.js";
import { unmetered } from "./gas.js";
import { MeteredKv } from "./metered-kv.js";
import { type ModuleDescriptor, ModuleError } from "./module.js";
import { ModuleStore } from "./module-store.js";
import { StateDB } from "./statedb.js";

// A toy module: `schedule(at, id)` queues a deadline; when due, the item writes "fired/<id>" and
// logs Fired(id). Id 13 fails after writing and logging, to show that a failing item rolls back
// alone, its event with it. Begin-block logs Began(height) and end-block Swept(height).
const timerAbi = [
  { type: "event", name: "Fired", inputs: [{ name: "id", type: "uint64", indexed: true }] },
  { type: "event", name: "Began", inputs: [{ name: "height", type: "uint64", indexed: false }] },
  { type: "event", name: "Swept", inputs: [{ name: "height", type: "uint64", indexed: false }] },
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
    const n = Buffer.from(id).readBigUInt64BE();
    ctx.emit("Fired", { id: n });
    if (n === 13n) throw new ModuleError("TIMER_BOOM", "boom");
  },
  beginBlock(ctx) {
    ctx.emit("Began", { height: ctx.block.height });
  },
  endBlock(ctx) {
    ctx.emit("Swept", { height: ctx.block.height });
  },
};

const user = testKey(0);
const genesis = testGenesis({ funded: [user.address], team: testKey(1).address, fiveMiles: testKey(2).address });
const c = openTestChain(genesis, undefined, [timer]);
let closed = false;
afterAll(async () => {
  if (!closed) await c.close();
  removeDir(c.dir);
});

function hasFired(id: bigint): boolean {
  return new ModuleStore(new MeteredKv(new StateDB(c.store), unmetered()), "timer").has(fired(id));
}

function schedule(at: bigint, id: bigint) {
  const data = fromHex(encodeFunctionData({ abi: timerAbi, functionName: "schedule", args: [at, id] }));
  return c.sign(user, { to: timer.address, data, gasLimit: 200_000n });
}

/** The block logs of `height` as (event name, argument) pairs. */
function blockEvents(height: bigint): string[] {
  const view = c.chain.blockView(height);
  if (!view) throw new Error(`no block ${height}`);
  return view.blockLogs.map((log) => {
    expect(log.address).toBe(timer.address);
    const ev = decodeEventLog({ abi: timerAbi, topics: log.topics as [Hex, ...Hex[]], data: toHex(log.data) });
    return `${ev.eventName}(${Object.values(ev.args ?? {}).join(",")})`;
  });
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
    // Block logs: begin-block, each deadline item that succeeded (13 logged, then failed: gone), end-block.
    const h = c.chain.head().height;
    expect(blockEvents(h - 2n)).toEqual([`Began(${h - 2n})`, `Swept(${h - 2n})`]);
    expect(blockEvents(h - 1n)).toEqual([`Began(${h - 1n})`, "Fired(2)", `Swept(${h - 1n})`]);
    expect(blockEvents(h)).toEqual([`Began(${h})`, "Fired(1)", `Swept(${h})`]);
    // Nothing is left in the queue: a later block does not re-run anything.
    const root = c.chain.head();
    c.produce(t0 + 10_000n, []);
    expect(c.chain.blockView(root.height + 1n)?.block.header.stateRoot).toBe(
      c.chain.blockView(root.height)?.block.header.stateRoot,
    );
  });
});

describe("block logs", () => {
  it("are committed by the receipts root (last leaf) and the header bloom", () => {
    const t = c.chain.head().time;
    c.produce(t + 1_000n, [schedule(t + 1_500n, 21n), c.sign(user, { to: testKey(3).address, value: 1n })]);
    c.produce(t + 2_000n, []);
    const h = c.chain.head().height;
    const view = c.chain.blockView(h);
    if (!view) throw new Error("no head view");
    expect(blockEvents(h)).toEqual([`Began(${h})`, "Fired(21)", `Swept(${h})`]);
    expect(view.receipts).toEqual([]);
    const leaf = encodeBlockLogsLeaf(view.blockLogs);
    expect(view.block.header.receiptsRoot).toBe(toHex(merkleRoot([leaf])));
    expect(bloomMayContain(view.block.header.logsBloom, fromHex(timer.address))).toBe(true);
    // A block with a transaction: its receipt first, the block logs' leaf after it.
    const prev = c.chain.blockView(h - 1n);
    if (!prev) throw new Error("no block");
    expect(prev.receipts).toHaveLength(2);
    expect(prev.block.header.receiptsRoot).toBe(
      toHex(merkleRoot([...prev.receipts.map(encodeReceipt), encodeBlockLogsLeaf(prev.blockLogs)])),
    );
  });

  it("are read back from the store by a reopened chain", async () => {
    const h = c.chain.head().height;
    const plain = (logs: Log[] | undefined) => logs?.map((l) => ({ ...l, data: toHex(l.data) }));
    const before = plain(c.chain.blockView(h)?.blockLogs);
    expect(before).toHaveLength(3);
    const dir = c.dir;
    closed = true;
    await c.close();
    const again = openTestChain(genesis, dir, [timer]);
    try {
      expect(plain(again.chain.blockView(h)?.blockLogs)).toEqual(before);
      expect(again.store.txLocation(blockLogsTxHash(again.chain.blockView(h)?.hash as Hex))).toEqual({
        height: h,
        index: 0,
      });
    } finally {
      await again.close();
    }
  });
});
