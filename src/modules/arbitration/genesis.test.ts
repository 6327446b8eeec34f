// Genesis: parameters come from modules.arbitration.params (defaults otherwise); bad ones are refused.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openTestChain, removeDir } from "../../../test/harness.js";
import type { GenesisDoc } from "../../state/index.js";
import { arbitrationDriver, arbitrationGenesis, arbitrationModules, TEST_PARAMS } from "./arbitration.testing.js";
import { DEFAULT_ARBITRATION_PARAMS } from "./params.js";

function open(doc: GenesisDoc) {
  const dir = mkdtempSync(join(tmpdir(), "cmt-arb-genesis-"));
  try {
    return openTestChain(doc, dir, arbitrationModules());
  } catch (err) {
    removeDir(dir);
    throw err;
  }
}

describe("arbitration genesis", () => {
  it("stores the genesis parameters, and the defaults when none are given", async () => {
    const custom = open(arbitrationGenesis());
    expect(arbitrationDriver(custom).view("params")).toEqual(TEST_PARAMS);
    await custom.close();
    removeDir(custom.dir);
    const { arbitration: _, ...modules } = arbitrationGenesis().modules;
    const plain = open({ ...arbitrationGenesis(), modules: modules as GenesisDoc["modules"] });
    expect(arbitrationDriver(plain).view("params")).toEqual(DEFAULT_ARBITRATION_PARAMS);
    await plain.close();
    removeDir(plain.dir);
  });

  it("refuses unknown or malformed parameters", () => {
    const bad = arbitrationGenesis();
    bad.modules.arbitration = { params: { missedDeadlineSlashBps: "10001", biddingWindowMs: "0", colour: "1" } };
    expect(() => open(bad)).toThrow("arbitration.params: unknown colour");
    bad.modules.arbitration = { params: { missedDeadlineSlashBps: "10001", biddingWindowMs: "0" } };
    expect(() => open(bad)).toThrow(
      "arbitration.params.biddingWindowMs must be positive; arbitration.params.missedDeadlineSlashBps exceeds 10000",
    );
  });
});
