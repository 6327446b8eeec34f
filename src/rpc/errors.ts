import { decodeErrorResult } from "viem";
import { type Hex, toHex } from "../lib/index.js";
import { TxError } from "../types/index.js";
import { ExecutionRevertedError } from "./backend.js";

/** EIP-1474 error codes (plus 3, "execution reverted", as geth answers eth_call). */
export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  Server: -32000,
  ExecutionReverted: 3,
} as const;

/** The `error` member of a JSON-RPC response. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** An error answered to the client as-is: code, geth's message, optional data. */
export class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = "RpcError";
    this.code = code;
    this.data = data;
  }

  /** The wire form. */
  toJSON(): RpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** -32000 with geth's wording: the generic "server error" wallets show verbatim. */
export function serverError(message: string): RpcError {
  return new RpcError(RpcErrorCode.Server, message);
}

/** -32602 "invalid argument i: ..." as geth words it. */
export function invalidArgument(index: number, message: string): RpcError {
  return new RpcError(RpcErrorCode.InvalidParams, `invalid argument ${index}: ${message}`);
}

/** -32601 for an unknown method. */
export function methodNotFound(method: string): RpcError {
  return new RpcError(RpcErrorCode.MethodNotFound, `the method ${method} does not exist/is not available`);
}

// Geth's panic reasons (accounts/abi/abi.go), keyed by Solidity panic code.
const PANIC_REASONS: Record<string, string> = {
  "0": "generic panic",
  "1": "assert(false)",
  "17": "arithmetic underflow or overflow",
  "18": "division or modulo by zero",
  "33": "enum overflow",
  "34": "invalid encoded storage byte array accessed",
  "49": "out-of-bounds array access; popping on an empty array",
  "50": "out-of-bounds access of an array or bytesN",
  "65": "out of memory",
  "81": "uninitialized function",
};

function decodeReason(output: Uint8Array): string | null {
  if (output.length < 4) return null;
  try {
    const { errorName, args } = decodeErrorResult({ abi: [], data: toHex(output) });
    if (errorName === "Error") return String(args[0]);
    if (errorName === "Panic") {
      const code = BigInt(args[0] as bigint);
      return PANIC_REASONS[code.toString()] ?? `unknown panic code: 0x${code.toString(16)}`;
    }
  } catch {
    // Custom error or garbage: no readable reason, the data still goes to the client.
  }
  return null;
}

/** Code 3 "execution reverted[: reason]" with the revert data, as geth answers eth_call. */
export function executionReverted(output: Uint8Array, reason: string | null): RpcError {
  const why = reason ?? decodeReason(output);
  const data: Hex = toHex(output);
  return new RpcError(
    RpcErrorCode.ExecutionReverted,
    why === null ? "execution reverted" : `execution reverted: ${why}`,
    data,
  );
}

/**
 * Map anything thrown by a method to its wire error: RpcError as is, TxError → -32000 with its
 * (geth) message, ExecutionRevertedError → 3; anything else is a bug → -32603, reported to `onBug`.
 */
export function toRpcError(err: unknown, onBug: (err: unknown) => void): RpcErrorObject {
  if (err instanceof RpcError) return err.toJSON();
  if (err instanceof TxError) return { code: RpcErrorCode.Server, message: err.message };
  if (err instanceof ExecutionRevertedError) return executionReverted(err.output, err.reason).toJSON();
  onBug(err);
  return { code: RpcErrorCode.Internal, message: "internal error" };
}
