import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openTestChain, removeDir, testGenesis, testKey } from "../../test/harness.js";
import type { Address } from "../crypto/index.js";
import { silentLogger, toHex } from "../lib/index.js";
import { createModules, ModuleAddress } from "../modules/index.js";
import { ChainStore } from "../store/index.js";
import { createStateTree } from "../store/tree/index.js";
import { getAccount } from "./accounts.js";
import { StateMachine } from "./machine.js";
import { StateDB } from "./statedb.js";

/** The bench's synthetic accounts (src/bench/targets.ts). */
const synthetic = (i: number) => `0x${"ee".repeat(8)}${i.toString(16).padStart(24, "0")}` as Address;

function genesisWith(accounts: number) {
  const funded = [testKey(0).address, ...Array.from({ length: accounts }, (_, i) => synthetic(i))];
  return testGenesis({ funded, team: testKey(10).address, fiveMiles: testKey(11).address });
}

/**
 * Block 0 of these geneses as committed before the state was written in chunks (one change set,
 * one tree update, one transaction; commit d6a0105): the chunked path must give the same chain.
 */
const ROOT_BEFORE_CHUNKS = {
  0: "0xc607d6969d1d93430f112c0e9099b757b290a860d613ac3cf011e17707fc9492",
  3000: "0x1bac2d388d8352ce1de8f596ff5b4bcea4d7d19318ddabb839dcef159b520df1",
};
const HASH_BEFORE_CHUNKS = {
  0: "0x54c93dc3c700c043d5e27eed243fedd3c16ef9f22814f7caadd7553d21db5a6d",
  3000: "0x57f7fd5258faff4b7dceb49553ca2a96cfcd51040f41732cfc803570fd5ede74",
};

const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c().catch(() => undefined);
  for (const d of dirs.splice(0)) removeDir(d);
});

describe("genesis written in chunks", () => {
  it.each([0, 3000] as const)("gives the block 0 of a single change set (%i extra accounts)", async (n) => {
    const c = openTestChain(genesisWith(n));
    dirs.push(c.dir);
    closers.push(() => c.close());
    const block0 = c.chain.blockView(0n);
    expect(block0?.block.header.stateRoot).toBe(ROOT_BEFORE_CHUNKS[n]);
    expect(block0?.hash).toBe(HASH_BEFORE_CHUNKS[n]);
  });

  it("with small chunks and buckets: same root, every chunk sorted and bounded, balances in place", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cmt-genesis-chunks-"));
    dirs.push(dir);
    const store = new ChainStore({ path: dir });
    closers.push(() => store.close());
    store.attachTree(createStateTree(store.treeDb));
    const machine = new StateMachine(
      { chainId: 1818n, blockGasLimit: 30_000_000n, minGasPrice: 1n, feeCollector: ModuleAddress.feeCollector },
      { store, modules: createModules().modules, log: silentLogger() },
    );
    const sizes: number[] = [];
    machine.initChain(
      genesisWith(3000),
      { chainId: 1818n, height: 0n, time: 1_700_000_000_000n },
      (changes) => {
        const keys = changes.map(([k]) => Buffer.from(k).toString("hex"));
        expect(keys).toEqual([...keys].sort());
        sizes.push(changes.length);
        store.writeGenesisState(changes);
      },
      250,
    );
    store.buildGenesisTree(97);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(250);
    expect(sizes.length).toBeGreaterThan(12);
    expect(toHex(store.stateTree.root)).toBe(ROOT_BEFORE_CHUNKS[3000]);
    expect(getAccount(store, synthetic(2999)).balance).toBeGreaterThan(0n);
  });

  it("refuses an invalid genesis before writing anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cmt-genesis-bad-"));
    dirs.push(dir);
    const store = new ChainStore({ path: dir });
    closers.push(() => store.close());
    const machine = new StateMachine(
      { chainId: 1818n, blockGasLimit: 30_000_000n, minGasPrice: 1n, feeCollector: ModuleAddress.feeCollector },
      { store, modules: createModules().modules, log: silentLogger() },
    );
    const doc = genesisWith(10);
    doc.modules.bank.balances.push({ address: synthetic(3), amount: "1" });
    let written = 0;
    expect(() => machine.initChain(doc, { chainId: 1818n, height: 0n, time: 0n }, () => written++)).toThrow(
      /duplicate address/,
    );
    expect(written).toBe(0);
  });
});

describe("StateDB with a spill", () => {
  it("hands over its writes every N keys, reads them back through the base, and cannot revert", () => {
    const base = new Map<string, Uint8Array>();
    const hex = (k: Uint8Array) => Buffer.from(k).toString("hex");
    const spilled: number[] = [];
    const db = new StateDB(
      { get: (k) => base.get(hex(k)), range: () => [] },
      {
        every: 3,
        write: (changes) => {
          spilled.push(changes.length);
          for (const [k, v] of changes) if (v) base.set(hex(k), v);
        },
      },
    );
    for (let i = 0; i < 7; i++) db.set(Uint8Array.of(i), Uint8Array.of(i * 2));
    expect(spilled).toEqual([3, 3]);
    expect(db.get(Uint8Array.of(1))).toEqual(Uint8Array.of(2));
    expect(() => db.snapshot()).toThrow(/cannot revert/);
    db.flush();
    expect(spilled).toEqual([3, 3, 1]);
    expect(base.size).toBe(7);
  });
});
