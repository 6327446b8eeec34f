/** Configuration of the JSON-RPC server. */
export interface RpcServerOptions {
  /** Interface to bind; loopback by default (DESIGN §9). */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Largest HTTP body or WebSocket message accepted, in bytes. */
  maxBodyBytes?: number;
  /** Most requests in one JSON-RPC batch. */
  maxBatch?: number;
  /** Most simultaneous TCP connections (HTTP and WebSocket); null or absent: unlimited. */
  maxConnections?: number | null;
  /** Widest block range one eth_getLogs query may span. */
  logsBlockRange?: number;
}

/** Options with every default filled in. */
export type ResolvedRpcOptions = Required<Omit<RpcServerOptions, "maxConnections">> & { maxConnections: number | null };

/** Geth's default HTTP body limit is 5 MiB; we use the same so geth-sized payloads fit. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Geth's default `--rpc.batch-request-limit`. */
export const DEFAULT_MAX_BATCH = 1000;
/** Widest eth_getLogs range, as on most public endpoints. */
export const DEFAULT_LOGS_BLOCK_RANGE = 10_000;
/** Geth's filter timeout: a filter not polled for 5 minutes is removed. */
export const FILTER_TTL_MS = 5 * 60 * 1000;

/** Fill in defaults. */
export function resolveOptions(o: RpcServerOptions): ResolvedRpcOptions {
  return {
    host: o.host ?? "127.0.0.1",
    port: o.port,
    maxBodyBytes: o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxBatch: o.maxBatch ?? DEFAULT_MAX_BATCH,
    maxConnections: o.maxConnections ?? null,
    logsBlockRange: o.logsBlockRange ?? DEFAULT_LOGS_BLOCK_RANGE,
  };
}
