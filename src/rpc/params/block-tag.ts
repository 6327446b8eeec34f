import { z } from "zod";
import type { Hex } from "../../lib/index.js";
import { quantityProblem } from "./hex.js";

/** A block named by a tag, a number, or (EIP-1898) a hash. */
export type BlockTag =
  | { kind: "latest" | "pending" | "safe" | "finalized" | "earliest" }
  | { kind: "number"; number: bigint }
  | { kind: "hash"; hash: Hex };

/** "latest", the default of every optional block parameter. */
export const LATEST: BlockTag = { kind: "latest" };

const NAMED = new Set(["latest", "pending", "safe", "finalized", "earliest"]);
const HASH_RE = /^0x[0-9a-fA-F]{64}$/;
const MAX_INT64 = (1n << 63n) - 1n;

type Parsed = { tag: BlockTag } | { problem: string };

function parseNumber(s: string): Parsed {
  if (NAMED.has(s)) return { tag: { kind: s as "latest" } };
  const problem = quantityProblem(s, 64);
  if (problem !== null) return { problem };
  const n = BigInt(s);
  if (n > MAX_INT64) return { problem: "block number larger than int64" };
  return { tag: { kind: "number", number: n } };
}

function parseNumberOrHash(v: unknown): Parsed {
  if (typeof v === "string") {
    if (v.length === 66 && HASH_RE.test(v)) return { tag: { kind: "hash", hash: v.toLowerCase() as Hex } };
    return parseNumber(v);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return { problem: "invalid block number or hash" };
  const o = v as Record<string, unknown>;
  const hasNumber = o.blockNumber !== undefined && o.blockNumber !== null;
  const hasHash = o.blockHash !== undefined && o.blockHash !== null;
  if (hasNumber && hasHash)
    return { problem: "cannot specify both BlockHash and BlockNumber, choose one or the other" };
  if (hasHash) {
    if (typeof o.blockHash === "string" && HASH_RE.test(o.blockHash)) {
      return { tag: { kind: "hash", hash: o.blockHash.toLowerCase() as Hex } };
    }
    return { problem: "invalid block hash" };
  }
  if (hasNumber && typeof o.blockNumber === "string") return parseNumber(o.blockNumber);
  return { problem: "invalid block number or hash" };
}

function schema(parse: (v: unknown) => Parsed) {
  return z.unknown().transform((v, ctx): BlockTag => {
    const r = parse(v);
    if ("problem" in r) {
      ctx.addIssue({ code: "custom", message: r.problem });
      return z.NEVER;
    }
    return r.tag;
  });
}

/** A block number or tag (eth_getBlockByNumber, eth_getLogs ranges, eth_feeHistory). */
export const zBlockNumber = schema((v) =>
  typeof v === "string" ? parseNumber(v) : { problem: "cannot unmarshal non-string into Go value of type BlockNumber" },
);

/** A block number, tag, hash or EIP-1898 object (state queries, eth_call). */
export const zBlockNumberOrHash = schema(parseNumberOrHash);
