import { concatBytes } from "../../lib/index.js";
import { readU64, u64Key } from "../../store/codec.js";

/** Kinds of deadline a case queues (first byte of the item id). */
export const WINDOW = 1;
export const RULING = 2;

/** Item id: kind, case id, bidding round. */
export function deadlineItem(kind: number, caseId: bigint, round: bigint): Uint8Array {
  return concatBytes(Uint8Array.of(kind), u64Key(caseId), u64Key(round));
}

export function parseItem(raw: Uint8Array): { kind: number; caseId: bigint; round: bigint } {
  return { kind: raw[0] ?? 0, caseId: readU64(raw, 1), round: readU64(raw, 9) };
}
