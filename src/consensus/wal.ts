import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";
import { addressFromBytes } from "../crypto/index.js";
import { concatBytes, fromHex } from "../lib/index.js";
import {
  type ConsensusMessage,
  decodeConsensusMessage,
  encodeConsensusMessage,
  expectBytes,
  expectUint,
  type RlpItem,
  rlpDecode,
  rlpEncode,
} from "../types/index.js";
import { writeFileAtomic } from "./atomic-file.js";
import type { Address, RoundStep } from "./types.js";

/** One entry of the write-ahead log. */
export type WalRecord =
  /** A verified message fed to the machine; `own` for this validator's signed messages (fsync'd before broadcast). */
  | { readonly kind: "message"; readonly height: number; readonly own: boolean; readonly message: ConsensusMessage }
  | { readonly kind: "timeout"; readonly height: number; readonly round: number; readonly step: RoundStep }
  /** `height` is committed; `priorities` are the proposer priorities that start height + 1. */
  | {
      readonly kind: "endHeight";
      readonly height: number;
      readonly priorities: ReadonlyArray<readonly [Address, bigint]>;
    };

const KIND = { message: 1, timeout: 2, endHeight: 3 } as const;
const STEPS: readonly RoundStep[] = ["propose", "prevote", "precommit"];
/** Record header: payload length (u32 BE) and CRC-32 of the payload (u32 BE). */
const HEADER = 8;
/** No record is larger (a proposal with a full block is far below); a bigger length is a torn or corrupt header. */
const MAX_RECORD = 64 * 1024 * 1024;

/**
 * The consensus write-ahead log: one append-only file of length-prefixed, CRC-checked records.
 * Received messages are appended without fsync (they can be re-received), own signed messages and
 * end-of-height markers with fsync. Once a committed height is on disk the file is replaced
 * (atomically) by its end-of-height marker and the records of later heights (the next height runs
 * while the block is written, issue #5), so the log holds the height in progress and at most one
 * before it. A torn or corrupt tail (crash mid-write) is cut off at open.
 */
export class Wal {
  private fd: number;
  /** The records found at open: the last end-of-height marker, then the heights in progress. */
  readonly records: readonly WalRecord[];
  /** Bytes cut off a torn or corrupt tail at open (0 for a clean log). */
  readonly truncatedBytes: number;
  /** The records since the last marker, framed, with their heights (kept by the next marker if later). */
  private tail: Array<{ height: number; frame: Uint8Array }> = [];
  /** Height of the last end-of-height marker (-1: none). */
  private ended = -1;

  private constructor(private readonly path: string) {
    const { records, goodLength, fileLength } = readLog(path);
    this.records = records;
    for (const r of records) {
      if (r.kind === "endHeight") this.ended = r.height;
      else this.tail.push({ height: r.height, frame: frame(encodeRecord(r)) });
    }
    this.truncatedBytes = fileLength - goodLength;
    this.fd = openSync(path, "a", 0o600);
    if (this.truncatedBytes > 0) {
      ftruncateSync(this.fd, goodLength);
      fsyncSync(this.fd);
    }
  }

  /** Open (or create) the log at `path`, reading its records and cutting a torn tail. */
  static open(path: string): Wal {
    return new Wal(path);
  }

  /** Append a record; `sync` waits for the disk (own messages, before they are broadcast). */
  append(record: WalRecord, sync: boolean): void {
    const framed = frame(encodeRecord(record));
    writeSync(this.fd, framed);
    if (sync) fsyncSync(this.fd);
    if (record.kind !== "endHeight") this.tail.push({ height: record.height, frame: framed });
  }

  /**
   * Mark `height` committed (and on disk) and drop everything up to it: the file becomes this
   * record and the records of later heights. A marker never goes back: one at or below the last
   * is ignored.
   */
  endHeight(height: number, priorities: ReadonlyArray<readonly [Address, bigint]>): void {
    if (height <= this.ended) return;
    this.ended = height;
    this.tail = this.tail.filter((r) => r.height > height);
    closeSync(this.fd);
    const marker = frame(encodeRecord({ kind: "endHeight", height, priorities }));
    writeFileAtomic(this.path, concatBytes(marker, ...this.tail.map((r) => r.frame)));
    this.fd = openSync(this.path, "a", 0o600);
  }

  /** Close the file. */
  close(): void {
    closeSync(this.fd);
  }
}

function frame(payload: Uint8Array): Uint8Array {
  const header = Buffer.alloc(HEADER);
  header.writeUInt32BE(payload.length, 0);
  header.writeUInt32BE(crc32(payload), 4);
  return concatBytes(header, payload);
}

function readLog(path: string): { records: WalRecord[]; goodLength: number; fileLength: number } {
  if (!existsSync(path)) return { records: [], goodLength: 0, fileLength: 0 };
  const data = readFileSync(path);
  const records: WalRecord[] = [];
  let offset = 0;
  while (offset + HEADER <= data.length) {
    const length = data.readUInt32BE(offset);
    const checksum = data.readUInt32BE(offset + 4);
    if (length > MAX_RECORD || offset + HEADER + length > data.length) break;
    const payload = data.subarray(offset + HEADER, offset + HEADER + length);
    if (crc32(payload) !== checksum) break;
    const record = tryDecodeRecord(payload);
    if (record === null) break;
    records.push(record);
    offset += HEADER + length;
  }
  return { records, goodLength: offset, fileLength: data.length };
}

function encodeRecord(r: WalRecord): Uint8Array {
  switch (r.kind) {
    case "message":
      return rlpEncode([KIND.message, r.height, r.own ? 1 : 0, encodeConsensusMessage(r.message)]);
    case "timeout":
      return rlpEncode([KIND.timeout, r.height, r.round, STEPS.indexOf(r.step)]);
    case "endHeight":
      return rlpEncode([
        KIND.endHeight,
        r.height,
        r.priorities.map(([a, p]) => [fromHex(a), p < 0n ? 1 : 0, p < 0n ? -p : p]),
      ]);
  }
}

function tryDecodeRecord(payload: Uint8Array): WalRecord | null {
  try {
    return decodeRecord(rlpDecode(payload));
  } catch {
    return null; // a record that passed its CRC but does not decode: treat like a torn tail
  }
}

function decodeRecord(item: RlpItem): WalRecord | null {
  if (!Array.isArray(item)) return null;
  const num = (i: number) => Number(expectUint(item[i], "wal field", 8));
  const kind = num(0);
  if (kind === KIND.message && item.length === 4) {
    return {
      kind: "message",
      height: num(1),
      own: num(2) === 1,
      message: decodeConsensusMessage(expectBytes(item[3], "msg")),
    };
  }
  if (kind === KIND.timeout && item.length === 4) {
    const step = STEPS[num(3)];
    return step === undefined ? null : { kind: "timeout", height: num(1), round: num(2), step };
  }
  if (kind === KIND.endHeight && item.length === 3 && Array.isArray(item[2])) {
    const priorities = item[2].map((entry): readonly [Address, bigint] => {
      if (!Array.isArray(entry) || entry.length !== 3) throw new Error("bad priority entry");
      const magnitude = expectUint(entry[2], "priority");
      const negative = expectUint(entry[1], "sign", 1) === 1n;
      return [addressFromBytes(expectBytes(entry[0], "address")), negative ? -magnitude : magnitude];
    });
    return { kind: "endHeight", height: num(1), priorities };
  }
  return null;
}
