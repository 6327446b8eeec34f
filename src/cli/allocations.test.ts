import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testTempDir } from "../lib/temp-dir.testing.js";
import { parseCmt } from "../types/index.js";
import { parseAllocations, readAllocationFile } from "./allocations.js";

const A = `0x${"a1".repeat(20)}`;
const B = `0x${"b2".repeat(20)}`;
const C = `0x${"c3".repeat(20)}`;

describe("allocation files", () => {
  it("reads CSV with a header, comments, blank lines, quotes and CRLF", () => {
    const csv = `\uFEFFaddress,amount\r\n# the ERC-20 snapshot\r\n\r\n${A},400000000\r\n"${B.toUpperCase().replace("0X", "0x")}","299999999.5"\r\n${C}, 0.5\r\n`;
    expect(parseAllocations(csv)).toEqual([
      { address: A, amount: parseCmt("400000000") },
      { address: B, amount: parseCmt("299999999.5") },
      { address: C, amount: parseCmt("0.5") },
    ]);
  });

  it("reads CSV amounts in wei with unit wei", () => {
    const csv = `${A},${parseCmt("700000000") - 1n}\n${B},1\n`;
    expect(parseAllocations(csv, { unit: "wei" }).map((a) => a.amount)).toEqual([parseCmt("700000000") - 1n, 1n]);
    expect(() => parseAllocations(`${A},1.5\n`, { unit: "wei", source: "a.csv" })).toThrow(
      'a.csv line 1: invalid amount "1.5" (whole wei expected with --unit wei)',
    );
  });

  it("reads JSON arrays and address → amount objects", () => {
    const arr = JSON.stringify([
      { address: A, amount: "699999999" },
      { address: B, amount: 1 },
    ]);
    expect(parseAllocations(arr).map((a) => a.address)).toEqual([A, B]);
    const obj = JSON.stringify({ [A]: "350000000", [B]: "350000000" });
    expect(parseAllocations(obj).map((a) => a.amount)).toEqual([parseCmt("350000000"), parseCmt("350000000")]);
  });

  it("names the CSV line of a malformed address, a bad amount or a wrong field count", () => {
    const opts = { source: "snap.csv", expectedTotal: null };
    expect(() => parseAllocations(`address,amount\n${A},1\n0x1234,5\n`, opts)).toThrow(
      'snap.csv line 3: invalid address "0x1234"',
    );
    expect(() => parseAllocations(`${A},-5\n`, opts)).toThrow("snap.csv line 1: negative amount -5");
    expect(() => parseAllocations(`${A},1e9\n`, opts)).toThrow('snap.csv line 1: invalid amount "1e9"');
    expect(() => parseAllocations(`${A},0.1234567890123456789\n`, opts)).toThrow("at most 18 decimals");
    expect(() => parseAllocations(`${A},0\n`, opts)).toThrow("snap.csv line 1: amount must be positive");
    expect(() => parseAllocations(`${A},1,000\n`, opts)).toThrow(
      'snap.csv line 1: expected 2 fields "address,amount", got 3',
    );
  });

  it("names both lines of a duplicate address, whatever its case", () => {
    const csv = `${A},1\n${B},1\n\n${A.toUpperCase().replace("0X", "0x")},1\n`;
    expect(() => parseAllocations(csv, { source: "snap.csv" })).toThrow(
      `snap.csv line 4: duplicate address ${A} (first at line 1)`,
    );
    const json = JSON.stringify([
      { address: A, amount: "1" },
      { address: A, amount: "2" },
    ]);
    expect(() => parseAllocations(json, { source: "snap.json" })).toThrow(
      `snap.json entry 1: duplicate address ${A} (first at entry 0)`,
    );
  });

  it("names the JSON entry of a malformed one", () => {
    const bad = (v: unknown) => () => parseAllocations(JSON.stringify(v), { source: "s.json", expectedTotal: null });
    expect(
      bad([
        { address: A, amount: "1" },
        { address: "nope", amount: "1" },
      ]),
    ).toThrow('s.json entry 1: invalid address "nope"');
    expect(bad([{ address: A, amount: 1.5 }])).toThrow("s.json entry 0: amount must be a decimal string");
    expect(bad([{ address: A }])).toThrow('s.json entry 0: missing "amount"');
    expect(bad([[A, "1"]])).toThrow('s.json entry 0: expected {"address": ..., "amount": ...}');
    expect(bad({ [A]: "-1" })).toThrow(`s.json key "${A}": negative amount -1`);
    expect(() => parseAllocations("[{", { source: "s.json" })).toThrow("s.json: invalid JSON");
  });

  it("refuses a file whose total is not exactly 700,000,000 CMT", () => {
    expect(() => parseAllocations(`${A},600000000\n${B},99999999.5\n`, { source: "snap.csv" })).toThrow(
      "snap.csv: allocations total 699999999.5 CMT, expected 700000000 CMT (short by 0.5 CMT)",
    );
    expect(() => parseAllocations(`${A},700000001\n`)).toThrow("over by 1 CMT");
    expect(() => parseAllocations("address,amount\n")).toThrow("no allocations found");
  });

  it("reads files, choosing the format by extension", async () => {
    const dir = testTempDir("alloc-");
    writeFileSync(join(dir, "a.csv"), `${A},700000000\n`);
    writeFileSync(join(dir, "a.json"), JSON.stringify({ [A]: "700000000" }));
    expect(await readAllocationFile(join(dir, "a.csv"))).toEqual([{ address: A, amount: parseCmt("700000000") }]);
    expect(await readAllocationFile(join(dir, "a.json"))).toEqual([{ address: A, amount: parseCmt("700000000") }]);
    await expect(readAllocationFile(join(dir, "missing.csv"))).rejects.toThrow(/cannot read allocation file .*ENOENT/);
  });
});
