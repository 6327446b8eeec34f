import { type Address, addressFromBytes, keccak256 } from "../crypto/index.js";
import { fromHex, type Hex, toHex } from "../lib/index.js";
import { expectBytes, expectList, expectUint, rlpDecodeView, rlpEncode } from "./rlp.js";

/** A block header. `stateRoot` is the root after executing this block (Ethereum's convention). */
export interface BlockHeader {
  chainId: bigint;
  height: bigint;
  /** Block time in milliseconds since the Unix epoch, chosen by the proposer. */
  time: bigint;
  parentHash: Hex;
  proposer: Address;
  txRoot: Hex;
  receiptsRoot: Hex;
  stateRoot: Hex;
  /** Hash of the validator set that signs this height. */
  validatorsHash: Hex;
  /** keccak256 of the block's `lastCommit` bytes (the previous height's commit certificate). */
  lastCommitHash: Hex;
  /** keccak256 of the RLP list of the block's evidence items. */
  evidenceHash: Hex;
  gasLimit: bigint;
  gasUsed: bigint;
  baseFeePerGas: bigint;
  logsBloom: Uint8Array;
}

/**
 * A block: header, raw transactions, the commit certificate of the previous height (encoded by
 * the consensus wire format; empty at height 1 and on a single-proposer chain) and double-sign
 * evidence items (each encoded by the consensus wire format).
 */
export interface Block {
  header: BlockHeader;
  txs: Uint8Array[];
  lastCommit: Uint8Array;
  evidence: Uint8Array[];
}

function headerFields(h: BlockHeader): unknown[] {
  return [
    h.chainId,
    h.height,
    h.time,
    fromHex(h.parentHash),
    fromHex(h.proposer),
    fromHex(h.txRoot),
    fromHex(h.receiptsRoot),
    fromHex(h.stateRoot),
    fromHex(h.validatorsHash),
    fromHex(h.lastCommitHash),
    fromHex(h.evidenceHash),
    h.gasLimit,
    h.gasUsed,
    h.baseFeePerGas,
    h.logsBloom,
  ];
}

/** The block hash: keccak256 of the RLP-encoded header. */
export function blockHash(h: BlockHeader): Hex {
  return toHex(keccak256(rlpEncode(headerFields(h))));
}

/** Encode a whole block. */
export function encodeBlock(b: Block): Uint8Array {
  return rlpEncode([headerFields(b.header), b.txs, b.lastCommit, b.evidence]);
}

/**
 * Decode a whole block. Its byte strings (transactions above all) are views into one private copy
 * of `bytes`: a proposal of thousands of transactions is one copy, not one per item.
 */
export function decodeBlock(bytes: Uint8Array): Block {
  const [h, txs, lastCommit, evidence] = expectList(rlpDecodeView(new Uint8Array(bytes)), 4, "block");
  const f = expectList(h ?? [], 15, "header");
  if (!Array.isArray(txs)) throw new TypeError("block txs must be a list");
  if (!Array.isArray(evidence)) throw new TypeError("block evidence must be a list");
  const hash = (i: number) => toHex(expectBytes(f[i], "hash"));
  return {
    header: {
      chainId: expectUint(f[0], "chainId"),
      height: expectUint(f[1], "height"),
      time: expectUint(f[2], "time"),
      parentHash: hash(3),
      proposer: addressFromBytes(expectBytes(f[4], "proposer")),
      txRoot: hash(5),
      receiptsRoot: hash(6),
      stateRoot: hash(7),
      validatorsHash: hash(8),
      lastCommitHash: hash(9),
      evidenceHash: hash(10),
      gasLimit: expectUint(f[11], "gasLimit"),
      gasUsed: expectUint(f[12], "gasUsed"),
      baseFeePerGas: expectUint(f[13], "baseFeePerGas"),
      logsBloom: expectBytes(f[14], "logsBloom"),
    },
    txs: txs.map((t) => expectBytes(t, "tx")),
    lastCommit: expectBytes(lastCommit, "lastCommit"),
    evidence: evidence.map((e) => expectBytes(e, "evidence")),
  };
}

/** The all-zero 32-byte hash (parent of block 1). */
export const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;

/** keccak256 of a block's lastCommit bytes (the header's `lastCommitHash`). */
export function lastCommitHash(lastCommit: Uint8Array): Hex {
  return toHex(keccak256(lastCommit));
}

/** keccak256 of the RLP list of evidence items (the header's `evidenceHash`). */
export function evidenceHash(evidence: readonly Uint8Array[]): Hex {
  return toHex(keccak256(rlpEncode([...evidence])));
}
