import { describe, expect, it } from "vitest";
import { keccak256, privateKeyToAddress, SECP256K1_N } from "../crypto/index.js";
import { bigintToFixed, bytesToBigint, concatBytes, fromHex, type Hex, toHex, utf8 } from "../lib/index.js";
import {
  type Commit,
  ConsensusWireError,
  decodeCommit,
  decodeConsensusMessage,
  decodeEvidence,
  decodeProposal,
  decodeVote,
  encodeCommit,
  encodeConsensusMessage,
  encodeEvidence,
  encodeProposal,
  encodeVote,
  makeEvidence,
  proposalSigner,
  type SignedVote,
  signProposal,
  signVote,
  verifyCommit,
  verifyEvidence,
  voteSigner,
} from "./consensus.js";
import { rlpDecode, rlpEncode } from "./rlp.js";

const CHAIN = 1818n;
const keys = [1, 2, 3, 4].map((i) => fromHex(`0x${i.toString(16).padStart(2, "0").repeat(32)}`));
const addrs = keys.map((k) => privateKeyToAddress(k));
const validators = addrs.map((address) => ({ address, power: 10n }));
const HASH: Hex = toHex(keccak256(utf8("block 5")));
const OTHER: Hex = toHex(keccak256(utf8("block 5b")));

const precommit = (i: number, value: Hex | null = HASH, round = 0): SignedVote =>
  signVote({ type: "precommit", height: 5, round, value, validator: addrs[i]! }, keys[i]!, CHAIN);

function commitOf(signers: number[], round = 0): Commit {
  return {
    height: 5,
    round,
    blockHash: HASH,
    signatures: signers.map((i) => ({ validator: addrs[i]!, signature: precommit(i, HASH, round).signature })),
  };
}

describe("consensus wire formats", () => {
  it("votes round-trip and recover their signer; a vote signed for another chain or altered does not", () => {
    const v = precommit(1);
    const back = decodeVote(encodeVote(v));
    expect(back).toEqual(v);
    expect(decodeVote(Buffer.from(encodeVote(v)))).toEqual(v); // what a socket hands over
    expect(voteSigner(back, CHAIN)).toBe(addrs[1]);
    expect(voteSigner(back, CHAIN + 1n)).toBeNull();
    expect(voteSigner({ ...back, value: OTHER }, CHAIN)).toBeNull();
    expect(voteSigner({ ...back, type: "prevote" }, CHAIN)).toBeNull();
    // Claiming someone else's vote: the signature recovers to validator 1, not 2.
    expect(voteSigner({ ...back, validator: addrs[2]! }, CHAIN)).toBeNull();
    const nil = precommit(0, null);
    expect(decodeVote(encodeVote(nil)).value).toBeNull();
    expect(voteSigner(decodeVote(encodeVote(nil)), CHAIN)).toBe(addrs[0]);
  });

  it("proposals carry the block; swapping the block bytes breaks the signature", () => {
    const block = utf8("the block bytes");
    const p = signProposal(
      { height: 5, round: 2, validRound: 1, blockHash: HASH, block, proposer: addrs[3]! },
      keys[3]!,
      CHAIN,
    );
    const back = decodeProposal(encodeProposal(p));
    expect(back).toEqual(p);
    expect(proposalSigner(back, CHAIN)).toBe(addrs[3]);
    expect(proposalSigner({ ...back, block: utf8("other bytes") }, CHAIN)).toBeNull();
    expect(proposalSigner({ ...back, validRound: -1 }, CHAIN)).toBeNull();
    const fresh = signProposal({ ...p, round: 0, validRound: -1 }, keys[3]!, CHAIN);
    expect(decodeProposal(encodeProposal(fresh)).validRound).toBe(-1);
  });

  it("strict decoders refuse bad RLP, wrong lengths, high s, trailing bytes and impossible rounds", () => {
    const v = precommit(0);
    const fields = rlpDecode(encodeVote(v)) as Uint8Array[];
    const reencode = (i: number, x: Uint8Array) => rlpEncode(fields.map((f, j) => (j === i ? x : f)));
    expect(() => decodeVote(utf8("not rlp"))).toThrow(ConsensusWireError);
    expect(() => decodeVote(concatBytes(encodeVote(v), Uint8Array.of(0)))).toThrow(ConsensusWireError);
    expect(() => decodeVote(reencode(3, new Uint8Array(31)))).toThrow(/0 or 32 bytes/);
    expect(() => decodeVote(reencode(4, new Uint8Array(19)))).toThrow(/validator must be 20 bytes/);
    expect(() => decodeVote(reencode(5, v.signature.subarray(0, 64)))).toThrow(/signature must be 65 bytes/);
    expect(() => decodeVote(reencode(0, Uint8Array.of(3)))).toThrow(/unknown vote type/);
    expect(() => decodeVote(reencode(1, new Uint8Array(0)))).toThrow(/height must be at least 1/);
    // The same signature with s' = n - s (and the other recovery id) is valid ECDSA but not canonical.
    const s = bytesToBigint(v.signature.subarray(32, 64));
    const highS = concatBytes(
      v.signature.subarray(0, 32),
      bigintToFixed(SECP256K1_N - s, 32),
      Uint8Array.of(1 - v.signature[64]!),
    );
    expect(() => decodeVote(reencode(5, highS))).toThrow(/high s/);
    expect(voteSigner({ ...v, signature: highS }, CHAIN)).toBeNull();
    const p = signProposal(
      { height: 5, round: 1, validRound: 0, blockHash: HASH, block: utf8("b"), proposer: addrs[0]! },
      keys[0]!,
      CHAIN,
    );
    const pf = rlpDecode(encodeProposal(p)) as Uint8Array[];
    pf[2] = Uint8Array.of(2); // validRound 1 in round 1
    expect(() => decodeProposal(rlpEncode(pf))).toThrow(/validRound 1 must be below round 1/);
    expect(() => decodeConsensusMessage(Uint8Array.of(9, 0xc0))).toThrow(/unknown consensus message kind/);
    expect(() => decodeConsensusMessage(new Uint8Array(0))).toThrow(ConsensusWireError);
  });

  it("gossip messages of each kind round-trip", () => {
    const block = utf8("blk");
    const evidence = makeEvidence(precommit(2, HASH), precommit(2, OTHER));
    const messages = [
      { kind: "vote", vote: precommit(0) },
      {
        kind: "proposal",
        proposal: signProposal(
          { height: 5, round: 0, validRound: -1, blockHash: HASH, block, proposer: addrs[0]! },
          keys[0]!,
          CHAIN,
        ),
      },
      { kind: "commit", commit: commitOf([0, 1, 2]), block },
      { kind: "evidence", evidence },
    ] as const;
    for (const m of messages) expect(decodeConsensusMessage(encodeConsensusMessage(m))).toEqual(m);
    expect(decodeCommit(encodeCommit(commitOf([0, 1, 2])))).toEqual(commitOf([0, 1, 2]));
    expect(decodeEvidence(encodeEvidence(evidence))).toEqual(evidence);
  });

  it("verifyCommit accepts > 2/3 of distinct valid precommits and refuses forged, short or duplicated ones", () => {
    expect(verifyCommit(commitOf([0, 1, 2]), validators, CHAIN)).toEqual({ ok: true, power: 30n });
    expect(verifyCommit(commitOf([3, 1, 0, 2]), validators, CHAIN)).toEqual({ ok: true, power: 40n });
    // 2 of 4 equal validators: exactly 1/2, not enough.
    expect(verifyCommit(commitOf([0, 1]), validators, CHAIN)).toMatchObject({ ok: false, reason: /20 of 40/ });
    const dup = commitOf([0, 1, 1]);
    expect(verifyCommit(dup, validators, CHAIN)).toMatchObject({ ok: false, reason: /duplicate precommit/ });
    // Validator 2's signature of a different round, claimed for round 0.
    const forged: Commit = {
      ...commitOf([0, 1]),
      signatures: [
        ...commitOf([0, 1]).signatures,
        { validator: addrs[2]!, signature: precommit(2, HASH, 1).signature },
      ],
    };
    expect(verifyCommit(forged, validators, CHAIN)).toMatchObject({ ok: false, reason: /invalid precommit signature/ });
    // The right signatures under another block hash.
    expect(verifyCommit({ ...commitOf([0, 1, 2]), blockHash: OTHER }, validators, CHAIN).ok).toBe(false);
    // A signer outside the set (validator 3 removed).
    expect(verifyCommit(commitOf([0, 1, 3]), validators.slice(0, 3), CHAIN)).toMatchObject({
      ok: false,
      reason: /is not a validator/,
    });
    // Power, not head count: one validator with 7 of 10.
    const weighted = validators.map((v, i) => ({ ...v, power: i === 3 ? 7n : 1n }));
    expect(verifyCommit(commitOf([3]), weighted, CHAIN)).toEqual({ ok: true, power: 7n });
    expect(verifyCommit(commitOf([0, 1, 2]), weighted, CHAIN).ok).toBe(false);
    expect(verifyCommit(commitOf([0, 1, 2]), validators, CHAIN + 1n).ok).toBe(false);
  });

  it("verifyEvidence accepts two different signed votes of one validator for one step, and nothing else", () => {
    const e = makeEvidence(precommit(2, HASH), precommit(2, null));
    expect(verifyEvidence(e, validators, CHAIN)).toEqual({ ok: true, power: 10n });
    expect(makeEvidence(e.second, e.first)).toEqual(e);
    expect(verifyEvidence(makeEvidence(precommit(2), precommit(2)), validators, CHAIN).ok).toBe(false);
    expect(verifyEvidence(makeEvidence(precommit(2), precommit(3, OTHER)), validators, CHAIN)).toMatchObject({
      reason: /different validators/,
    });
    expect(verifyEvidence(makeEvidence(precommit(2), precommit(2, OTHER, 1)), validators, CHAIN)).toMatchObject({
      reason: /different heights, rounds or types/,
    });
    const forged = { ...e, second: { ...e.second, signature: precommit(1, e.second.value).signature } };
    expect(verifyEvidence(forged, validators, CHAIN)).toMatchObject({ reason: /signature is invalid/ });
    expect(verifyEvidence(e, validators.slice(0, 2), CHAIN)).toMatchObject({ reason: /not a validator/ });
  });
});
