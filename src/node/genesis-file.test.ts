import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openTestChain, testGenesis, testKey } from "../../test/harness.js";
import type { Address } from "../crypto/index.js";
import { silentLogger } from "../lib/index.js";
import { createModules, ModuleAddress } from "../modules/index.js";
import { StateMachine } from "../state/index.js";
import { ChainStore } from "../store/index.js";
import { createStateTree } from "../store/tree/index.js";
import { Chain } from "./chain.js";
import { NodeConfigSchema } from "./config.js";
import { readGenesisDoc, readGenesisHead } from "./genesis-file.js";
import { HomeError, initHome, loadHome, newValidatorKey } from "./home.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cmt-genesis-file-"));
  dirs.push(dir);
  const path = join(dir, "genesis.json");
  writeFileSync(path, text);
  return path;
}

/** A genesis with `n` extra accounts (n = 30 k is ~2.7 MB: several 1 MiB reads). */
function bigGenesis(n: number) {
  const funded = [
    testKey(0).address,
    ...Array.from({ length: n }, (_, i) => `0x${"ee".repeat(8)}${i.toString(16).padStart(24, "0")}` as Address),
  ];
  return testGenesis({ funded, team: testKey(10).address, fiveMiles: testKey(11).address });
}

describe("genesis.json without its module sections", () => {
  it("reads every top-level field but modules, across 1 MiB reads, pretty or compact", () => {
    const doc = bigGenesis(30_000);
    const { modules: _, ...head } = doc;
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
      expect(text.length).toBeGreaterThan(2 * 2 ** 20);
      const path = tempFile(text);
      expect(readGenesisHead(path)).toEqual(head);
      expect(readGenesisDoc(path)).toEqual(doc);
    }
  });

  it("skips only the top-level member, wherever it is, and is not fooled by strings", () => {
    const text = `{ "modules" : {"bank": {"balances": [{"address": "}\\"{", "amount": "1"}]}, "x": [1, {"y": "]"}]},
      "chainId": "7", "consensus": {"modules": [1, 2], "note": "\\"modules\\": {"},
      "params": {"minGasPrice": "1"}, "mod\\u0075les2": "kept", "genesisTime": "5", "last": "modules" }`;
    expect(readGenesisHead(tempFile(text))).toEqual({
      chainId: "7",
      consensus: { modules: [1, 2], note: '"modules": {' },
      params: { minGasPrice: "1" },
      modules2: "kept",
      genesisTime: "5",
      last: "modules",
    });
    const escapedName = `{"chainId": "1", "mod\\u0075les": [{"a": 1}], "genesisTime": "2"}`;
    expect(readGenesisHead(tempFile(escapedName))).toEqual({ chainId: "1", genesisTime: "2" });
    const last = `{"chainId": "1", "modules": 5}`;
    expect(readGenesisHead(tempFile(last))).toEqual({ chainId: "1" });
  });

  it("refuses what is not a JSON object", () => {
    for (const text of ["[1, 2]", '{"chainId": ', "", "null"])
      expect(() => readGenesisHead(tempFile(text))).toThrow(SyntaxError);
  });

  it("loadHome keeps only the head; the whole document is read on demand", () => {
    const home = mkdtempSync(join(tmpdir(), "cmt-home-"));
    dirs.push(home);
    const doc = bigGenesis(10);
    initHome(home, NodeConfigSchema.parse({}), doc, newValidatorKey());
    const loaded = loadHome(home);
    expect("modules" in loaded.genesis).toBe(false);
    expect(loaded.genesis.chainId).toBe(doc.chainId);
    expect(loaded.readGenesis()).toEqual(doc);
    writeFileSync(join(home, "genesis.json"), "{ not json");
    expect(() => loadHome(home)).toThrow(HomeError);
  });
});

describe("a restarted chain", () => {
  it("opens from the genesis head alone: the whole document is not read again", async () => {
    const doc = bigGenesis(10);
    const first = openTestChain(doc);
    dirs.push(first.dir);
    const hash = first.chain.head().hash;
    await first.close();
    const store = new ChainStore({ path: first.dir });
    store.attachTree(createStateTree(store.treeDb));
    const options = { chainId: 1818n, blockGasLimit: 30_000_000n, baseFee: 1_000_000_000n };
    const machine = new StateMachine(
      { ...options, minGasPrice: options.baseFee, feeCollector: ModuleAddress.feeCollector },
      { store, modules: createModules().modules, log: silentLogger() },
    );
    const { modules: _, ...head } = doc;
    const chain = new Chain(
      { ...options, genesis: head },
      {
        store,
        machine,
        log: silentLogger(),
        onBlock: [],
        readGenesis: () => {
          throw new Error("the whole genesis was read on a restart");
        },
      },
    );
    try {
      expect(chain.open().hash).toBe(hash);
    } finally {
      await store.close();
    }
  });
});
