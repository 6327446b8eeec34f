import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fromHex } from "../lib/index.js";
import { signVote } from "../types/index.js";
import { Wal, type WalRecord } from "./wal.js";

const key = fromHex(`0x${"22".repeat(32)}`);
const vote = (round: number) =>
  signVote(
    { type: "prevote", height: 4, round, value: null, validator: "0x1be31a94361a391bbafb2a4ccd704f57dc04d4bb" },
    key,
    1n,
  );
const dirs: string[] = [];
function walPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "cmt-wal-"));
  dirs.push(dir);
  return join(dir, "cs.wal");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const records: WalRecord[] = [
  { kind: "message", height: 4, own: false, message: { kind: "vote", vote: vote(0) } },
  { kind: "timeout", height: 4, round: 0, step: "propose" },
  { kind: "message", height: 4, own: true, message: { kind: "vote", vote: vote(1) } },
];

describe("consensus WAL", () => {
  it("reads back what was appended, in order", () => {
    const path = walPath();
    const wal = Wal.open(path);
    for (const [i, r] of records.entries()) wal.append(r, i === 2);
    wal.close();
    const again = Wal.open(path);
    expect(again.records).toEqual(records);
    expect(again.truncatedBytes).toBe(0);
    again.close();
  });

  it("cuts a torn last record (crash mid-write) and keeps appending after the good ones", () => {
    const path = walPath();
    const wal = Wal.open(path);
    for (const r of records) wal.append(r, false);
    wal.close();
    const good = statSync(path).size;
    // Half of a record: its header promises 200 bytes, 10 arrive.
    const torn = Buffer.alloc(18);
    torn.writeUInt32BE(200, 0);
    appendFileSync(path, torn);
    const reopened = Wal.open(path);
    expect(reopened.records).toEqual(records);
    expect(reopened.truncatedBytes).toBe(18);
    expect(statSync(path).size).toBe(good);
    reopened.append({ kind: "timeout", height: 4, round: 1, step: "prevote" }, true);
    reopened.close();
    expect(Wal.open(path).records.at(-1)).toEqual({ kind: "timeout", height: 4, round: 1, step: "prevote" });
  });

  it("stops at a record whose checksum does not match (a torn sector), keeping the records before it", () => {
    const path = walPath();
    const wal = Wal.open(path);
    for (const r of records) wal.append(r, false);
    wal.close();
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff; // flip a byte inside the last record
    writeFileSync(path, bytes);
    const reopened = Wal.open(path);
    expect(reopened.records).toEqual(records.slice(0, 2));
    expect(reopened.truncatedBytes).toBeGreaterThan(0);
    reopened.close();
  });

  it("after a height commits, the file holds only the end-of-height marker with the next priorities", () => {
    const path = walPath();
    const wal = Wal.open(path);
    for (const r of records) wal.append(r, false);
    const before = statSync(path).size;
    const priorities = [
      ["0x00000000000000000000000000000000000000aa", -15n],
      ["0x00000000000000000000000000000000000000bb", 15n],
    ] as const;
    wal.endHeight(4, priorities);
    wal.append({ kind: "timeout", height: 5, round: 0, step: "propose" }, false);
    wal.close();
    expect(statSync(path).size).toBeLessThan(before);
    expect(Wal.open(path).records).toEqual([
      { kind: "endHeight", height: 4, priorities },
      { kind: "timeout", height: 5, round: 0, step: "propose" },
    ]);
  });
  it("a marker keeps the later heights' records (they ran while the block was written), also those found at open, and never goes back", () => {
    const path = walPath();
    const priorities = [["0x00000000000000000000000000000000000000aa", 0n]] as const;
    const at = (height: number): WalRecord => ({ kind: "timeout", height, round: 0, step: "propose" });
    const wal = Wal.open(path);
    for (const r of records) wal.append(r, false);
    wal.append(at(5), true);
    wal.endHeight(4, priorities);
    wal.endHeight(3, priorities);
    wal.close();
    const again = Wal.open(path);
    expect(again.records).toEqual([{ kind: "endHeight", height: 4, priorities }, at(5)]);
    again.append(at(6), false);
    again.endHeight(5, priorities);
    again.close();
    expect(Wal.open(path).records).toEqual([{ kind: "endHeight", height: 5, priorities }, at(6)]);
  });
});
