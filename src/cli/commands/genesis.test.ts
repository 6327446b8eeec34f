import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testTempDir } from "../../lib/temp-dir.testing.js";
import { ModuleAddress } from "../../modules/addresses.js";
import type { GenesisDoc } from "../../state/genesis.js";
import { validateGenesis } from "../../state/genesis-build.js";
import { parseCmt } from "../../types/index.js";
import { captureIo } from "../cli.testing.js";
import { run } from "./genesis.js";

const A = `0x${"a1".repeat(20)}`;
const B = `0x${"b2".repeat(20)}`;
const TEAM = `0x${"e1".repeat(20)}`;
const FIVE = `0x${"f5".repeat(20)}`;
const VAL = `0x${"7a".repeat(20)}`;

function setup(csv = `address,amount\n${A},600000000\n${B},100000000\n`) {
  const dir = testTempDir("genesis-cmd-");
  writeFileSync(join(dir, "alloc.csv"), csv);
  const base = ["build", "--allocations", join(dir, "alloc.csv"), "--team", TEAM, "--5miles", FIVE];
  return { dir, out: join(dir, "genesis.json"), base: [...base, "--validator", `${VAL}:10:node0`] };
}

describe("cybermiles genesis", () => {
  it("prints help for the command and each subcommand", async () => {
    for (const argv of [[], ["--help"], ["build", "--help"], ["validate", "-h"]]) {
      const io = captureIo();
      expect(await run(argv, io)).toBe(0);
      expect(io.out).toMatch(/^Usage: cybermiles genesis/);
    }
    await expect(run(["frobnicate"], captureIo())).rejects.toThrow("unknown subcommand 'genesis frobnicate'");
  });

  it("builds a genesis that validates, with chain id 18 by default", async () => {
    const { out, base } = setup();
    const io = captureIo();
    const code = await run([...base, "--genesis-time", "2026-01-01T00:00:00Z", "--out", out], io);
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8")) as GenesisDoc;
    expect(doc.chainId).toBe("18");
    expect(doc.genesisTime).toBe(String(Date.UTC(2026, 0, 1)));
    expect(doc.consensus.validators).toEqual([{ address: VAL, power: "10", name: "node0" }]);
    expect(doc.modules.bank.balances).toContainEqual({ address: A, amount: parseCmt("600000000").toString() });
    expect(validateGenesis(doc)).toEqual([]);
    expect(io.out).toContain(`wrote ${out}`);
    expect(io.out).toMatch(/offering\s+700000000 CMT\s+in 2 accounts/);
    expect(io.out).toMatch(/total\s+1000000000 CMT/);
  });

  it("takes chain id, ms genesis time, gas settings and wei allocations", async () => {
    const { dir, out } = setup();
    writeFileSync(join(dir, "wei.json"), JSON.stringify({ [A]: parseCmt("700000000").toString() }));
    const argv = ["build", "--allocations", join(dir, "wei.json"), "--unit", "wei", "--team", TEAM, "--5miles", FIVE];
    argv.push("--validator", VAL, "--chain-id", "1818", "--genesis-time", "1700000000000");
    argv.push("--min-gas-price", "7", "--block-gas-limit", "1000000", "--out", out);
    expect(await run(argv, captureIo())).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8")) as GenesisDoc;
    expect([doc.chainId, doc.genesisTime, doc.params.minGasPrice]).toEqual(["1818", "1700000000000", "7"]);
    expect(doc.consensus).toEqual({ blockGasLimit: "1000000", validators: [{ address: VAL, power: "1" }] });
  });

  it("refuses bad options and allocation files with readable messages", async () => {
    const { out, base } = setup(`${A},600000000\n${B},99999999\n`);
    await expect(run([...base, "--out", out], captureIo())).rejects.toThrow(
      "alloc.csv: allocations total 699999999 CMT, expected 700000000 CMT",
    );
    const ok = setup();
    await expect(run(ok.base, captureIo())).rejects.toThrow("--out is required");
    await expect(run([...ok.base, "--out", ok.out, "--genesis-time", "2026-01-01T00:00"], captureIo())).rejects.toThrow(
      "with a time zone",
    );
    await expect(run([...ok.base, "--out", ok.out, "--validator", "0x12:1"], captureIo())).rejects.toThrow(
      '--validator 0x12:1: invalid address "0x12"',
    );
    await expect(run([...ok.base, "--out", ok.out, "--team", "bob"], captureIo())).rejects.toThrow(
      '--team: invalid address "bob"',
    );
    await expect(run([...ok.base, "--out", ok.out, "--5miles", TEAM], captureIo())).rejects.toThrow(
      "genesis refused:\n  - team and 5miles beneficiaries must be different accounts",
    );
    writeFileSync(ok.out, "{}");
    await expect(run([...ok.base, "--out", ok.out], captureIo())).rejects.toThrow("exists; pass --force");
    expect(await run([...ok.base, "--out", ok.out, "--force"], captureIo())).toBe(0);
  });

  it("validates a genesis file: breakdown on success, every problem and exit 1 otherwise", async () => {
    const { out, base } = setup();
    await run([...base, "--out", out], captureIo());
    const io = captureIo();
    expect(await run(["validate", out], io)).toBe(0);
    expect(io.out).toContain(": valid");
    expect(io.out).toMatch(/reserve\s+100000000 CMT\s+held by 0x0000000000000000000000000000000000001003/);

    const json = captureIo();
    expect(await run(["validate", out, "--json"], json)).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ valid: true, supply: { total: parseCmt("1000000000").toString() } });

    const doc = JSON.parse(readFileSync(out, "utf8")) as GenesisDoc;
    const reserve = doc.modules.bank.balances.find((b) => b.address === ModuleAddress.reserve);
    if (reserve) reserve.amount = parseCmt("100000001").toString();
    writeFileSync(out, JSON.stringify(doc));
    const bad = captureIo();
    expect(await run(["validate", out], bad)).toBe(1);
    expect(bad.err).toContain("2 problems");
    expect(bad.err).toContain("  - reserve: holds 100000001 CMT, expected 100000000 CMT");
    expect(bad.err).toContain("  - supply: all balances total 1000000001 CMT, expected exactly 1000000000 CMT");

    writeFileSync(out, "not json");
    await expect(run(["validate", out], captureIo())).rejects.toThrow(`cannot read ${out}`);
    await expect(run(["validate"], captureIo())).rejects.toThrow("expected one genesis file");
  });
});
