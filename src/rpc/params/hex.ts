import { z } from "zod";
import type { Address } from "../../crypto/index.js";
import type { Hex } from "../../lib/index.js";

// Parameter schemas for Ethereum's hex encodings. Messages are geth's (common/hexutil), so a
// client sees the same "invalid argument 0: hex string without 0x prefix" it would from geth.

const HEX_DIGITS = /^[0-9a-fA-F]*$/;

/** Why `s` is not a canonical quantity of at most `bits` bits, or null when it is one. */
export function quantityProblem(s: string, bits: number): string | null {
  if (s.length === 0) return "empty hex string";
  if (!s.startsWith("0x") && !s.startsWith("0X")) return "hex string without 0x prefix";
  const digits = s.slice(2);
  if (digits.length === 0) return 'hex string "0x"';
  if (!HEX_DIGITS.test(digits)) return "invalid hex string";
  if (digits.length > 1 && digits[0] === "0") return "hex number with leading zero digits";
  if (digits.length > bits / 4) return `hex number > ${bits} bits`;
  return null;
}

function quantityOf(bits: number, typeName: string) {
  return z.string({ error: `cannot unmarshal non-string into Go value of type ${typeName}` }).transform((s, ctx) => {
    const problem = quantityProblem(s, bits);
    if (problem !== null) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return BigInt(s);
  });
}

/** QUANTITY up to 256 bits (values, prices) → bigint. */
export const zQuantity = quantityOf(256, "hexutil.Big");
/** QUANTITY up to 64 bits (gas, nonces, indexes) → bigint. */
export const zUint64 = quantityOf(64, "hexutil.Uint64");

/** Bytes of checked 0x-hex `s` (the schema tested its digits already): one decode, one copy. */
function hexDigitsToBytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.slice(2), "hex"));
}

/** DATA: 0x-prefixed, even-length hex → bytes. */
export const zData = z
  .string({ error: "cannot unmarshal non-string into Go value of type hexutil.Bytes" })
  .transform((s, ctx) => {
    if (s.length === 0) return new Uint8Array(0);
    let problem: string | null = null;
    if (!s.startsWith("0x") && !s.startsWith("0X")) problem = "hex string without 0x prefix";
    else if (s.length % 2 !== 0) problem = "hex string of odd length";
    else if (!HEX_DIGITS.test(s.slice(2))) problem = "invalid hex string";
    if (problem !== null) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return hexDigitsToBytes(s);
  });

function fixedHex(bytes: number, typeName: string) {
  return z.string({ error: `cannot unmarshal non-string into Go value of type ${typeName}` }).transform((s, ctx) => {
    let problem: string | null = null;
    if (!s.startsWith("0x") && !s.startsWith("0X")) problem = "hex string without 0x prefix";
    else if (s.length - 2 !== bytes * 2)
      problem = `hex string has length ${s.length - 2}, want ${bytes * 2} for ${typeName}`;
    else if (!HEX_DIGITS.test(s.slice(2))) problem = "invalid hex string";
    if (problem !== null) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return `0x${s.slice(2).toLowerCase()}` as Hex;
  });
}

/** 20-byte address (any case) → lowercase Address. */
export const zAddress = fixedHex(20, "common.Address").transform((h) => h as Address);
/** 32-byte hash → lowercase Hex. */
export const zHash = fixedHex(32, "common.Hash");

/** Storage slot: 0x hex of at most 32 bytes (geth accepts short keys and left-pads them). */
export const zStorageKey = z
  .string({ error: "cannot unmarshal non-string into Go value of type string" })
  .refine((s) => /^0x[0-9a-fA-F]{0,64}$/i.test(s), { error: "invalid storage key" });

/** A boolean ("full transactions" flags). */
export const zBool = z.boolean({ error: "cannot unmarshal non-bool into Go value of type bool" });
