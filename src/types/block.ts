import { type Address, addressFromBytes, keccak256 } from "../crypto/index.js";
import { fromHex, type Hex, toHex } from "../lib/index.js";
import { expectBytes, expectList, expectUint, rlpDecode, rlpEncode } from "./rlp.js";

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
  /** Hash of the previous height's commit certificate (a placeholder until BFT consensus). */
  lastCommitHash: Hex;
  gasLimit: bigint;
  gasUsed: bigint;
  baseFeePerGas: bigint;
  logsBloom: Uint8Array;
}

/** A block: header, raw transactions, and the commit certificate of the previous height. */
export interface Block {
  header: BlockHeader;
  txs: Uint8Array[];
  lastCommit: Uint8Array;
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
  return rlpEncode([headerFields(b.header), b.txs, b.lastCommit]);
}

/** Decode a whole block. */
export function decodeBlock(bytes: Uint8Array): Block {
  const [h, txs, lastCommit] = expectList(rlpDecode(bytes), 3, "block");
  const f = expectList(h ?? [], 14, "header");
  if (!Array.isArray(txs)) throw new TypeError("block txs must be a list");
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
      gasLimit: expectUint(f[10], "gasLimit"),
      gasUsed: expectUint(f[11], "gasUsed"),
      baseFeePerGas: expectUint(f[12], "baseFeePerGas"),
      logsBloom: expectBytes(f[13], "logsBloom"),
    },
    txs: txs.map((t) => expectBytes(t, "tx")),
    lastCommit: expectBytes(lastCommit, "lastCommit"),
  };
}

/** The all-zero 32-byte hash (parent of block 1). */
export const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;
