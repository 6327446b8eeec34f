export { ADMISSION_MESSAGES, type AdmissionCode, MempoolError, MempoolErrorCode } from "./errors.js";
export type { AccountView, PooledTx, SenderRecovery } from "./interface.js";
export {
  DEFAULT_MAX_NONCE_GAP,
  DEFAULT_MAX_PER_SENDER,
  DEFAULT_MAX_TOTAL,
  DEFAULT_MAX_TOTAL_BYTES,
  DEFAULT_MAX_TX_BYTES,
  DEFAULT_PRICE_BUMP_PERCENT,
  type MempoolOptions,
  type ResolvedMempoolOptions,
} from "./options.js";
export type { CommittedTxs, MempoolContent, MempoolDeps, MempoolStats } from "./pool.js";
export { Mempool } from "./pool.js";
export * from "./recovery/index.js";
