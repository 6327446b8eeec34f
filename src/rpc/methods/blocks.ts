import { toQuantity } from "../../lib/index.js";
import type { BlockView } from "../backend.js";
import { blockOf } from "../blocks.js";
import { formatBlock, formatBlockTx, formatReceipt, receiptCount } from "../format/index.js";
import { zBlockNumber, zBlockNumberOrHash, zBool, zHash, zUint64 } from "../params/index.js";
import { type Method, method } from "./method.js";

const zFull = zBool.optional();

function txAt(view: BlockView | null, index: bigint) {
  return view === null || index >= BigInt(view.txs.length) ? null : formatBlockTx(view, Number(index));
}

function txCount(view: BlockView | null) {
  return view === null ? null : toQuantity(view.txs.length);
}

/** Blocks and their transactions by number, tag or hash; an unknown block is null. */
export const blockMethods: Record<string, Method> = {
  eth_getBlockByNumber: method([zBlockNumber, zFull], ([tag, full = false], { backend }) => {
    const view = blockOf(backend, tag);
    return view === null ? null : formatBlock(view, full);
  }),
  eth_getBlockByHash: method([zHash, zFull], ([hash, full = false], { backend }) => {
    const view = backend.blockByHash(hash);
    return view === null ? null : formatBlock(view, full);
  }),
  eth_getBlockTransactionCountByNumber: method([zBlockNumber], ([tag], { backend }) => txCount(blockOf(backend, tag))),
  eth_getBlockTransactionCountByHash: method([zHash], ([hash], { backend }) => txCount(backend.blockByHash(hash))),
  eth_getTransactionByBlockNumberAndIndex: method([zBlockNumber, zUint64], ([tag, index], { backend }) =>
    txAt(blockOf(backend, tag), index),
  ),
  eth_getTransactionByBlockHashAndIndex: method([zHash, zUint64], ([hash, index], { backend }) =>
    txAt(backend.blockByHash(hash), index),
  ),
  eth_getBlockReceipts: method([zBlockNumberOrHash], ([tag], { backend }) => {
    const view = blockOf(backend, tag);
    // The block logs' receipt, if any, comes last (format/receipt.ts).
    return view === null ? null : Array.from({ length: receiptCount(view) }, (_, i) => formatReceipt(view, i));
  }),
  // Blocks never have uncles under BFT.
  eth_getUncleCountByBlockNumber: method([zBlockNumber], ([tag], { backend }) =>
    blockOf(backend, tag) === null ? null : "0x0",
  ),
  eth_getUncleCountByBlockHash: method([zHash], ([hash], { backend }) =>
    backend.blockByHash(hash) === null ? null : "0x0",
  ),
};
