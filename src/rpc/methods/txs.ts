import { formatBlockTx, formatReceipt, formatTx } from "../format/index.js";
import { zData, zHash } from "../params/index.js";
import { type Method, method } from "./method.js";

/** The method whose batches go to the backend in one call (DESIGN §6). */
export const SEND_RAW_TRANSACTION = "eth_sendRawTransaction";

/** Transactions: lookup (mined or pending), receipts, submission. */
export const txMethods: Record<string, Method> = {
  eth_getTransactionByHash: method([zHash], ([hash], { backend }) => {
    const at = backend.txLocation(hash);
    if (at !== null) {
      const view = backend.blockByHeight(at.height);
      return view === null ? null : formatBlockTx(view, at.index);
    }
    const pending = backend.pendingTx(hash);
    return pending === null ? null : formatTx(pending.tx, pending.sender, null);
  }),
  eth_getTransactionReceipt: method([zHash], ([hash], { backend }) => {
    const at = backend.txLocation(hash);
    if (at === null) return null;
    const view = backend.blockByHeight(at.height);
    return view === null ? null : formatReceipt(view, at.index);
  }),
  [SEND_RAW_TRANSACTION]: method([zData], ([raw], { backend }) => backend.sendRawTransaction(raw)),
};
