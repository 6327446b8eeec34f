import createKeccakHash from "keccak";
import secp from "secp256k1";
import { describe, expect, it } from "vitest";
import { toHex } from "../lib/index.js";
import { nativeAddon } from "./native.js";
import { recoverAddress, SECP256K1_N } from "./secp256k1.js";

/** Deterministic test bytes: keccak256 of a label and a counter (the reference implementation). */
function bytes32(label: string, i: number): Uint8Array {
  return new Uint8Array(createKeccakHash("keccak256").update(`${label}:${i}`).digest());
}

function referenceKeccak(data: Uint8Array): string {
  return `0x${createKeccakHash("keccak256").update(Buffer.from(data)).digest("hex")}`;
}

/** The sender as the npm `secp256k1` binding (libsecp256k1 of 2019) and the keccak package see it. */
function referenceSender(digest: Uint8Array, sig: Uint8Array, recid: number): string | null {
  try {
    const pub = secp.ecdsaRecover(sig, recid, digest, false);
    return referenceKeccak(pub.subarray(1)).slice(-40);
  } catch {
    return null;
  }
}

function uint256(n: bigint): Uint8Array {
  return new Uint8Array(Buffer.from(n.toString(16).padStart(64, "0"), "hex"));
}

interface Case {
  digest: Uint8Array;
  sig: Uint8Array;
  recid: number;
}

/** Valid signatures, then the same ones with a flipped byte, a wrong recid, or an edge value. */
function cases(count: number): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    let key = bytes32("key", i);
    while (!secp.privateKeyVerify(key)) key = bytes32("key", i + 1_000_000);
    const digest = bytes32("digest", i);
    const { signature, recid } = secp.ecdsaSign(digest, key);
    out.push({ digest, sig: signature, recid });
    const flipped = signature.slice();
    flipped[i % 64] = (flipped[i % 64] as number) ^ (1 << (i % 8));
    out.push({ digest, sig: flipped, recid });
    out.push({ digest, sig: signature, recid: recid ^ 1 });
    out.push({ digest, sig: signature, recid: 2 + (i % 2) });
  }
  const sig = out[0]?.sig as Uint8Array;
  const r = sig.subarray(0, 32);
  const s = sig.subarray(32, 64);
  const edges: Array<[Uint8Array, Uint8Array]> = [
    [new Uint8Array(32), s],
    [r, new Uint8Array(32)],
    [uint256(SECP256K1_N), s],
    [r, uint256(SECP256K1_N)],
    [uint256(SECP256K1_N - 1n), s],
    [r, uint256(SECP256K1_N - 1n)],
    [uint256(2n ** 256n - 1n), s],
    [uint256(5n), s], // x = 5 is not on the curve
  ];
  for (const [er, es] of edges) {
    const edge = new Uint8Array(64);
    edge.set(er, 0);
    edge.set(es, 32);
    for (const recid of [0, 1, 2, 3]) out.push({ digest: out[0]?.digest as Uint8Array, sig: edge, recid });
  }
  return out;
}

describe("native addon", () => {
  it("reports the libsecp256k1 it was built from and the packing strides", () => {
    expect(nativeAddon.libsecp256k1Version).toBe("0.2.0");
    expect(nativeAddon.requestStride).toBe(97);
    expect(nativeAddon.responseStride).toBe(21);
  });

  it("hashes like the keccak package at every length around the block size", () => {
    for (let len = 0; len <= 300; len++) {
      const data = new Uint8Array(len).map((_, i) => (i * 131 + len * 7) & 0xff);
      expect(toHex(nativeAddon.keccak256(data))).toBe(referenceKeccak(data));
    }
  });

  it("recovers the same senders as the npm secp256k1 binding, valid and invalid, one by one and in a batch", () => {
    const all = cases(500);
    const want = all.map((c) => referenceSender(c.digest, c.sig, c.recid));
    expect(want.filter((w) => w !== null).length).toBeGreaterThan(900);
    expect(want.filter((w) => w === null).length).toBeGreaterThan(100);

    const one = all.map((c) => recoverAddress(c.digest, c.sig, c.recid));
    expect(one.map((a) => (a === null ? null : a.slice(-40)))).toEqual(want);

    const requests = new Uint8Array(all.length * 97);
    all.forEach((c, i) => {
      requests.set(c.digest, i * 97);
      requests.set(c.sig, i * 97 + 32);
      requests[i * 97 + 96] = c.recid;
    });
    const responses = new Uint8Array(all.length * 21).fill(0xaa);
    nativeAddon.recoverSenders(requests, responses);
    const batch = all.map((_, i) => {
      const o = i * 21;
      if (responses[o] === 0) {
        expect(responses.subarray(o + 1, o + 21).every((b) => b === 0)).toBe(true);
        return null;
      }
      expect(responses[o]).toBe(1);
      return toHex(responses.subarray(o + 1, o + 21)).slice(2);
    });
    expect(batch).toEqual(want);
  });

  it("refuses a recid above 3 and malformed arguments", () => {
    const [c] = cases(1) as [Case];
    expect(recoverAddress(c.digest, c.sig, 4)).toBeNull();
    expect(recoverAddress(c.digest, c.sig, -1)).toBeNull();
    expect(recoverAddress(c.digest.subarray(1), c.sig, c.recid)).toBeNull();
    expect(recoverAddress(c.digest, c.sig.subarray(1), c.recid)).toBeNull();
    expect(nativeAddon.recoverSender(c.digest, c.sig, 4)).toBeNull();
    expect(() => nativeAddon.recoverSender(c.digest, c.sig.subarray(1), c.recid)).toThrow(TypeError);
    expect(() => nativeAddon.recoverSenders(new Uint8Array(96), new Uint8Array(0))).toThrow(/multiple of 97/);
    expect(() => nativeAddon.recoverSenders(new Uint8Array(97), new Uint8Array(20))).toThrow(/21 per request/);
    expect(() => nativeAddon.recoverSenders(new Uint8Array(97) as never, [] as never)).toThrow(TypeError);
    expect(() => nativeAddon.keccak256("abc" as never)).toThrow(TypeError);
  });
});
