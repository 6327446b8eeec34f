import {
  type Address,
  addressFromBytes,
  keccak256,
  recoverAddress,
  SECP256K1_HALF_N,
  SECP256K1_N,
  signDigest,
} from "../crypto/index.js";
import { bytesToBigint, CmtError, concatBytes, fromHex, type Hex, toHex, utf8 } from "../lib/index.js";
import { expectBytes, expectUint, type RlpItem, rlpDecode, rlpEncode } from "./rlp.js";

// Consensus wire formats: signed votes and proposals, commit certificates, double-sign evidence.
// Sign bytes carry a domain tag and the chain id, so a vote is never a valid transaction signature
// (a tx signing payload is a 6- or 9-item RLP list or starts with a type byte) nor valid on another chain.

/** A signed prevote or precommit; `value` is the block hash, null for nil. Structurally a consensus `Vote`. */
export interface SignedVote {
  readonly type: "prevote" | "precommit";
  readonly height: number;
  readonly round: number;
  readonly value: Hex | null;
  readonly validator: Address;
  /** 65 bytes: r ‖ s ‖ recovery id, low-s. */
  readonly signature: Uint8Array;
}

/** ⟨PROPOSAL, h, r, v, vr⟩ signed by the proposer, carrying the full encoded block. */
export interface SignedProposal {
  readonly height: number;
  readonly round: number;
  /** -1 when the proposer has no valid value from an earlier round. */
  readonly validRound: number;
  readonly blockHash: Hex;
  readonly block: Uint8Array;
  readonly proposer: Address;
  readonly signature: Uint8Array;
}

/** One precommit of a commit certificate: the vote is (precommit, height, round, blockHash, validator). */
export interface CommitSig {
  readonly validator: Address;
  readonly signature: Uint8Array;
}

/** The commit certificate of a height: precommits for `blockHash` in `round` (block H+1's `lastCommit`). */
export interface Commit {
  readonly height: number;
  readonly round: number;
  readonly blockHash: Hex;
  readonly signatures: readonly CommitSig[];
}

/** Two conflicting signed votes of one validator for the same height, round and type. */
export interface DoubleSignEvidence {
  readonly first: SignedVote;
  readonly second: SignedVote;
}

/** What validators gossip; `commit` carries the decided block so a lagging node can commit it. */
export type ConsensusMessage =
  | { readonly kind: "proposal"; readonly proposal: SignedProposal }
  | { readonly kind: "vote"; readonly vote: SignedVote }
  | { readonly kind: "commit"; readonly commit: Commit; readonly block: Uint8Array }
  | { readonly kind: "evidence"; readonly evidence: DoubleSignEvidence };

/** A validator and its voting power, as the verifiers need it. */
export interface VotingPower {
  readonly address: string;
  readonly power: bigint;
}

/** The verdict of `verifyCommit` / `verifyEvidence`. */
export type WireCheck = { readonly ok: true; readonly power: bigint } | { readonly ok: false; readonly reason: string };

/** A consensus message that does not decode or is out of range. */
export class ConsensusWireError extends CmtError<"BAD_CONSENSUS_MESSAGE"> {
  constructor(message: string, options?: { cause?: unknown }) {
    super("BAD_CONSENSUS_MESSAGE", message, {}, options);
  }
}

const VOTE_TAG = utf8("CyberMiles/vote/v1");
const PROPOSAL_TAG = utf8("CyberMiles/proposal/v1");
/** Rounds beyond 2^31 never happen (timeouts grow linearly); the bound keeps numbers exact. */
const MAX_ROUND = 2 ** 31 - 1;
const VOTE_TYPE_CODE = { prevote: 1, precommit: 2 } as const;
/** Message kind prefixes on the wire (first byte of `encodeConsensusMessage`). */
const KIND_CODE = { proposal: 1, vote: 2, commit: 3, evidence: 4 } as const;

/** The bytes a validator signs for `vote` (digest: keccak256 of them). */
export function voteSignBytes(vote: Omit<SignedVote, "signature">, chainId: bigint): Uint8Array {
  return rlpEncode([
    VOTE_TAG,
    chainId,
    VOTE_TYPE_CODE[vote.type],
    vote.height,
    vote.round,
    vote.value === null ? new Uint8Array(0) : fromHex(vote.value),
    fromHex(vote.validator),
  ]);
}

/** The bytes a proposer signs: they bind the block hash and keccak256 of the block bytes (no relay can swap them). */
export function proposalSignBytes(p: Omit<SignedProposal, "signature">, chainId: bigint): Uint8Array {
  return rlpEncode([
    PROPOSAL_TAG,
    chainId,
    p.height,
    p.round,
    p.validRound + 1,
    fromHex(p.blockHash),
    keccak256(p.block),
    fromHex(p.proposer),
  ]);
}

/** Sign raw sign bytes: 65 bytes r ‖ s ‖ recid (libsecp256k1 always gives low s). */
export function signBytes(bytes: Uint8Array, privateKey: Uint8Array): Uint8Array {
  const { signature, recid } = signDigest(keccak256(bytes), privateKey);
  return concatBytes(signature, Uint8Array.of(recid));
}

/** Sign a vote with a raw key. Validators go through the consensus signing guard (`PrivValidator`), not this. */
export function signVote(vote: Omit<SignedVote, "signature">, privateKey: Uint8Array, chainId: bigint): SignedVote {
  return { ...vote, signature: signBytes(voteSignBytes(vote, chainId), privateKey) };
}

/** Sign a proposal with a raw key (validators use `PrivValidator`). */
export function signProposal(
  p: Omit<SignedProposal, "signature">,
  privateKey: Uint8Array,
  chainId: bigint,
): SignedProposal {
  return { ...p, signature: signBytes(proposalSignBytes(p, chainId), privateKey) };
}

/** The address that signed `bytes`, or null for a malformed or high-s signature. */
export function recoverSigner(bytes: Uint8Array, signature: Uint8Array): Address | null {
  if (signatureProblem(signature) !== null) return null;
  return recoverAddress(keccak256(bytes), signature.subarray(0, 64), signature[64]!);
}

/** The vote's signer when the signature is valid and by `vote.validator`, else null. */
export function voteSigner(vote: SignedVote, chainId: bigint): Address | null {
  const signer = recoverSigner(voteSignBytes(vote, chainId), vote.signature);
  return signer === vote.validator ? signer : null;
}

/** The proposal's signer when the signature is valid and by `p.proposer`, else null. */
export function proposalSigner(p: SignedProposal, chainId: bigint): Address | null {
  const signer = recoverSigner(proposalSignBytes(p, chainId), p.signature);
  return signer === p.proposer ? signer : null;
}

/** The precommit a commit entry stands for. */
export function commitVote(c: Commit, sig: CommitSig): SignedVote {
  return {
    type: "precommit",
    height: c.height,
    round: c.round,
    value: c.blockHash,
    validator: sig.validator,
    signature: sig.signature,
  };
}

/** Check a commit certificate: distinct validators of the set, valid signatures, more than 2/3 of the power. */
export function verifyCommit(commit: Commit, validators: readonly VotingPower[], chainId: bigint): WireCheck {
  const powers = new Map(validators.map((v) => [v.address, v.power]));
  let total = 0n;
  for (const v of validators) total += v.power;
  const seen = new Set<string>();
  let power = 0n;
  for (const sig of commit.signatures) {
    const p = powers.get(sig.validator);
    if (p === undefined) return { ok: false, reason: `${sig.validator} is not a validator of height ${commit.height}` };
    if (seen.has(sig.validator)) return { ok: false, reason: `duplicate precommit from ${sig.validator}` };
    seen.add(sig.validator);
    if (voteSigner(commitVote(commit, sig), chainId) === null) {
      return { ok: false, reason: `invalid precommit signature of ${sig.validator}` };
    }
    power += p;
  }
  if (power * 3n <= total * 2n) return { ok: false, reason: `precommits hold ${power} of ${total} power, need > 2/3` };
  return { ok: true, power };
}

/** Check double-sign evidence: one validator of the set signed two different votes for one (height, round, type). */
export function verifyEvidence(e: DoubleSignEvidence, validators: readonly VotingPower[], chainId: bigint): WireCheck {
  const { first: a, second: b } = e;
  if (a.validator !== b.validator) return { ok: false, reason: "votes are from different validators" };
  if (a.type !== b.type || a.height !== b.height || a.round !== b.round) {
    return { ok: false, reason: "votes are for different heights, rounds or types" };
  }
  if (a.value === b.value) return { ok: false, reason: "votes are for the same value" };
  const power = validators.find((v) => v.address === a.validator)?.power;
  if (power === undefined) return { ok: false, reason: `${a.validator} is not a validator of height ${a.height}` };
  if (voteSigner(a, chainId) === null || voteSigner(b, chainId) === null) {
    return { ok: false, reason: "a vote's signature is invalid" };
  }
  return { ok: true, power };
}

/** Evidence with its two votes in canonical order (by encoded bytes), so one offence has one encoding. */
export function makeEvidence(x: SignedVote, y: SignedVote): DoubleSignEvidence {
  return Buffer.compare(encodeVote(x), encodeVote(y)) <= 0 ? { first: x, second: y } : { first: y, second: x };
}

// ---- codecs ----

function voteFields(v: SignedVote): unknown[] {
  return [
    VOTE_TYPE_CODE[v.type],
    v.height,
    v.round,
    v.value === null ? new Uint8Array(0) : fromHex(v.value),
    fromHex(v.validator),
    v.signature,
  ];
}

function proposalFields(p: SignedProposal): unknown[] {
  return [p.height, p.round, p.validRound + 1, fromHex(p.blockHash), p.block, fromHex(p.proposer), p.signature];
}

function commitFields(c: Commit): unknown[] {
  return [c.height, c.round, fromHex(c.blockHash), c.signatures.map((s) => [fromHex(s.validator), s.signature])];
}

/** Encode a signed vote. */
export function encodeVote(v: SignedVote): Uint8Array {
  return rlpEncode(voteFields(v));
}

/** Encode a signed proposal (with its block). */
export function encodeProposal(p: SignedProposal): Uint8Array {
  return rlpEncode(proposalFields(p));
}

/** Encode a commit certificate (what block H+1 carries as `lastCommit`). */
export function encodeCommit(c: Commit): Uint8Array {
  return rlpEncode(commitFields(c));
}

/** Encode double-sign evidence (a block's evidence item). */
export function encodeEvidence(e: DoubleSignEvidence): Uint8Array {
  return rlpEncode([voteFields(e.first), voteFields(e.second)]);
}

/** Encode a gossip message: one kind byte, then the RLP of its body. */
export function encodeConsensusMessage(m: ConsensusMessage): Uint8Array {
  const body =
    m.kind === "proposal"
      ? encodeProposal(m.proposal)
      : m.kind === "vote"
        ? encodeVote(m.vote)
        : m.kind === "commit"
          ? rlpEncode([commitFields(m.commit), m.block])
          : encodeEvidence(m.evidence);
  return concatBytes(Uint8Array.of(KIND_CODE[m.kind]), body);
}

/** Decode a signed vote; throws ConsensusWireError on bad RLP, lengths or signature values. */
export function decodeVote(bytes: Uint8Array): SignedVote {
  return strict("vote", () => readVote(rlpDecode(plain(bytes))));
}

/** Decode a signed proposal. */
export function decodeProposal(bytes: Uint8Array): SignedProposal {
  return strict("proposal", () => readProposal(rlpDecode(plain(bytes))));
}

/** Decode a commit certificate. */
export function decodeCommit(bytes: Uint8Array): Commit {
  return strict("commit", () => readCommit(rlpDecode(plain(bytes))));
}

/** Decode double-sign evidence. */
export function decodeEvidence(bytes: Uint8Array): DoubleSignEvidence {
  return strict("evidence", () => readEvidence(rlpDecode(plain(bytes))));
}

/** Decode a gossip message written by `encodeConsensusMessage`. */
export function decodeConsensusMessage(bytes: Uint8Array): ConsensusMessage {
  if (bytes.length === 0) throw new ConsensusWireError("empty consensus message");
  const body = plain(bytes).subarray(1);
  switch (bytes[0]) {
    case KIND_CODE.proposal:
      return { kind: "proposal", proposal: decodeProposal(body) };
    case KIND_CODE.vote:
      return { kind: "vote", vote: decodeVote(body) };
    case KIND_CODE.commit:
      return strict("commit message", () => {
        const [c, block] = list(rlpDecode(body), 2, "commit message");
        return { kind: "commit", commit: readCommit(c!), block: expectBytes(block, "block") };
      });
    case KIND_CODE.evidence:
      return { kind: "evidence", evidence: decodeEvidence(body) };
    default:
      throw new ConsensusWireError(`unknown consensus message kind ${bytes[0]}`);
  }
}

/** A plain Uint8Array view of `bytes` (a Buffer's slices would decode as Buffers). */
function plain(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function strict<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ConsensusWireError) throw err;
    throw new ConsensusWireError(`bad ${what}: ${(err as Error).message}`, { cause: err });
  }
}

function list(item: RlpItem, n: number, what: string): RlpItem[] {
  if (!Array.isArray(item)) throw new ConsensusWireError(`${what}: expected an RLP list`);
  if (item.length !== n) throw new ConsensusWireError(`${what}: has ${item.length} fields, want ${n}`);
  return item;
}

function readNumber(item: RlpItem | undefined, what: string, max: number): number {
  const n = expectUint(item, what, 8);
  if (n > BigInt(max)) throw new ConsensusWireError(`${what} ${n} is out of range`);
  return Number(n);
}

function readHeight(item: RlpItem | undefined): number {
  const h = readNumber(item, "height", Number.MAX_SAFE_INTEGER);
  if (h < 1) throw new ConsensusWireError("height must be at least 1");
  return h;
}

function readFixed(item: RlpItem | undefined, what: string, length: number): Uint8Array {
  const b = expectBytes(item, what);
  if (b.length !== length) throw new ConsensusWireError(`${what} must be ${length} bytes, got ${b.length}`);
  return b;
}

function readSignature(item: RlpItem | undefined): Uint8Array {
  const sig = readFixed(item, "signature", 65);
  const problem = signatureProblem(sig);
  if (problem !== null) throw new ConsensusWireError(problem);
  return sig;
}

/** Why a 65-byte signature is unacceptable (null when it is well-formed): r, s in range, low s, recid 0 or 1. */
function signatureProblem(sig: Uint8Array): string | null {
  if (sig.length !== 65) return `signature must be 65 bytes, got ${sig.length}`;
  const r = bytesToBigint(sig.subarray(0, 32));
  const s = bytesToBigint(sig.subarray(32, 64));
  if (r === 0n || r >= SECP256K1_N || s === 0n) return "signature r or s out of range";
  if (s > SECP256K1_HALF_N) return "signature has a high s value (not canonical)";
  if (sig[64]! > 1) return "signature recovery id must be 0 or 1";
  return null;
}

function readVote(item: RlpItem): SignedVote {
  const [t, h, r, value, validator, sig] = list(item, 6, "vote");
  const code = readNumber(t, "vote type", 255);
  if (code !== 1 && code !== 2) throw new ConsensusWireError(`unknown vote type ${code}`);
  const v = expectBytes(value, "value");
  if (v.length !== 0 && v.length !== 32)
    throw new ConsensusWireError(`vote value must be 0 or 32 bytes, got ${v.length}`);
  return {
    type: code === 1 ? "prevote" : "precommit",
    height: readHeight(h),
    round: readNumber(r, "round", MAX_ROUND),
    value: v.length === 0 ? null : toHex(v),
    validator: addressFromBytes(readFixed(validator, "validator", 20)),
    signature: readSignature(sig),
  };
}

function readProposal(item: RlpItem): SignedProposal {
  const [h, r, vr, hash, block, proposer, sig] = list(item, 7, "proposal");
  const round = readNumber(r, "round", MAX_ROUND);
  const validRound = readNumber(vr, "validRound", MAX_ROUND) - 1;
  if (validRound >= round) throw new ConsensusWireError(`validRound ${validRound} must be below round ${round}`);
  return {
    height: readHeight(h),
    round,
    validRound,
    blockHash: toHex(readFixed(hash, "block hash", 32)),
    block: expectBytes(block, "block"),
    proposer: addressFromBytes(readFixed(proposer, "proposer", 20)),
    signature: readSignature(sig),
  };
}

function readCommit(item: RlpItem): Commit {
  const [h, r, hash, sigs] = list(item, 4, "commit");
  if (!Array.isArray(sigs)) throw new ConsensusWireError("commit signatures: expected an RLP list");
  return {
    height: readHeight(h),
    round: readNumber(r, "round", MAX_ROUND),
    blockHash: toHex(readFixed(hash, "block hash", 32)),
    signatures: sigs.map((s) => {
      const [validator, sig] = list(s, 2, "commit signature");
      return { validator: addressFromBytes(readFixed(validator, "validator", 20)), signature: readSignature(sig) };
    }),
  };
}

function readEvidence(item: RlpItem): DoubleSignEvidence {
  const [a, b] = list(item, 2, "evidence");
  return { first: readVote(a!), second: readVote(b!) };
}
