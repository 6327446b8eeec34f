import { z } from "zod";
import { toHex, toQuantity } from "../../lib/index.js";
import { assertLatestState } from "../blocks.js";
import { executionReverted } from "../errors.js";
import { LATEST, zAddress, zBlockNumberOrHash, zCallRequest, zStorageKey } from "../params/index.js";
import { type Method, method } from "./method.js";

const zTag = zBlockNumberOrHash.optional();
const ZERO_WORD = `0x${"00".repeat(32)}`;

/** eth_call's third argument: state overrides are not supported, so only an empty one passes. */
const zNoOverrides = z
  .record(z.string(), z.unknown(), { error: "state overrides are not supported" })
  .refine((o) => Object.keys(o).length === 0, { error: "state overrides are not supported" })
  .optional();

/** Account state and simulation, answered at the latest committed state only. */
export const stateMethods: Record<string, Method> = {
  eth_getBalance: method([zAddress, zTag], ([address, tag = LATEST], { backend }) => {
    // No pending state exists: "pending" balance is the committed one.
    if (tag.kind !== "pending") assertLatestState(backend, tag);
    return toQuantity(backend.balance(address));
  }),
  eth_getTransactionCount: method([zAddress, zTag], ([address, tag = LATEST], { backend }) => {
    if (tag.kind === "pending") return toQuantity(backend.pendingNonce(address));
    assertLatestState(backend, tag);
    return toQuantity(backend.nonce(address));
  }),
  eth_getCode: method([zAddress, zTag], ([address, tag = LATEST], { backend }) => {
    if (tag.kind !== "pending") assertLatestState(backend, tag);
    return toHex(backend.code(address));
  }),
  // Module state is not EVM storage; no slot is readable through this method.
  eth_getStorageAt: method([zAddress, zStorageKey, zTag], ([, , tag = LATEST], { backend }) => {
    if (tag.kind !== "pending") assertLatestState(backend, tag);
    return ZERO_WORD;
  }),
  eth_call: method([zCallRequest, zTag, zNoOverrides], ([req, tag = LATEST], { backend }) => {
    if (tag.kind !== "pending") assertLatestState(backend, tag);
    const result = backend.call(req);
    if (result.status === 0) throw executionReverted(result.output, result.revertReason);
    return toHex(result.output);
  }),
  eth_estimateGas: method([zCallRequest, zTag, zNoOverrides], ([req, tag = LATEST], { backend }) => {
    if (tag.kind !== "pending") assertLatestState(backend, tag);
    return toQuantity(backend.estimateGas(req));
  }),
};
