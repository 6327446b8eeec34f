export * from "./backend.js";
export { RpcError, RpcErrorCode, type RpcErrorObject } from "./errors.js";
export type { RpcBlock, RpcHeader, RpcLog, RpcReceipt, RpcTransaction } from "./format/index.js";
export {
  DEFAULT_LOGS_BLOCK_RANGE,
  DEFAULT_MAX_BATCH,
  DEFAULT_MAX_BODY_BYTES,
  type RpcServerOptions,
} from "./options.js";
export { type RpcEndpoints, RpcServer } from "./server.js";
