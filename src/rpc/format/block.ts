import type { Address } from "../../crypto/index.js";
import { type Hex, toHex, toQuantity } from "../../lib/index.js";
import type { BlockView } from "../backend.js";
import { formatTx, type RpcTransaction } from "./tx.js";

/** keccak256(rlp([])): the uncles hash of a block without uncles. */
export const EMPTY_UNCLES_HASH: Hex = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
const ZERO_32: Hex = `0x${"00".repeat(32)}`;
/** BFT has no proof of work: the PoW nonce is always zero. */
const ZERO_NONCE: Hex = "0x0000000000000000";

/** A header as geth renders it (newHeads payload and the head of every block). */
export interface RpcHeader {
  number: Hex;
  hash: Hex;
  parentHash: Hex;
  nonce: Hex;
  mixHash: Hex;
  sha3Uncles: Hex;
  logsBloom: Hex;
  stateRoot: Hex;
  miner: Address;
  difficulty: Hex;
  extraData: Hex;
  gasLimit: Hex;
  gasUsed: Hex;
  timestamp: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  baseFeePerGas: Hex;
}

/** A block as eth_getBlockBy* returns it: hashes or full transactions. */
export interface RpcBlock extends RpcHeader {
  totalDifficulty: Hex;
  size: Hex;
  uncles: Hex[];
  transactions: Hex[] | RpcTransaction[];
}

/** Render a header; `timestamp` is in seconds (headers keep milliseconds). */
export function formatHeader(view: BlockView): RpcHeader {
  const h = view.block.header;
  return {
    number: toQuantity(h.height),
    hash: view.hash,
    parentHash: h.parentHash,
    nonce: ZERO_NONCE,
    mixHash: ZERO_32,
    sha3Uncles: EMPTY_UNCLES_HASH,
    logsBloom: toHex(h.logsBloom),
    stateRoot: h.stateRoot,
    miner: h.proposer,
    difficulty: "0x0",
    extraData: "0x",
    gasLimit: toQuantity(h.gasLimit),
    gasUsed: toQuantity(h.gasUsed),
    timestamp: toQuantity(h.time / 1000n),
    transactionsRoot: h.txRoot,
    receiptsRoot: h.receiptsRoot,
    baseFeePerGas: toQuantity(h.baseFeePerGas),
  };
}

/** Render the transaction at `index` of a block. */
export function formatBlockTx(view: BlockView, index: number): RpcTransaction | null {
  const tx = view.txs[index];
  const from = view.senders[index];
  if (tx === undefined || from === undefined) return null;
  const h = view.block.header;
  return formatTx(tx, from, { blockHash: view.hash, blockNumber: h.height, index, baseFeePerGas: h.baseFeePerGas });
}

/** Render a block with transaction hashes or, when `fullTxs`, full transaction objects. */
export function formatBlock(view: BlockView, fullTxs: boolean): RpcBlock {
  const transactions = fullTxs
    ? view.txs.map((_, i) => formatBlockTx(view, i) as RpcTransaction)
    : view.txs.map((tx) => tx.hash);
  return {
    ...formatHeader(view),
    totalDifficulty: "0x0",
    size: toQuantity(view.size),
    uncles: [],
    transactions,
  };
}
