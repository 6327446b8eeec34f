export { LruCache } from "./lru.js";
export {
  DEFAULT_RECOVERY_CACHE_SIZE,
  DEFAULT_RECOVERY_MAX_BATCH,
  defaultRecoveryThreads,
  type RecoveryOptions,
} from "./options.js";
export { RecoveryPool } from "./recovery-pool.js";
