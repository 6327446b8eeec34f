import { toHex, toQuantity } from "../../lib/index.js";
import { stateHeight } from "../blocks.js";
import { executionReverted } from "../errors.js";
import { LATEST, zAddress, zBlockNumberOrHash, zCallRequest, zStateOverrides, zStorageKey } from "../params/index.js";
import { type Method, method } from "./method.js";

const zTag = zBlockNumberOrHash.optional();
const ZERO_WORD = `0x${"00".repeat(32)}`;

/**
 * Account state and simulation, at the latest committed state or at an earlier block the node
 * still keeps the state of ("pending" is the latest, except for the next nonce).
 */
export const stateMethods: Record<string, Method> = {
  eth_getBalance: method([zAddress, zTag], ([address, tag = LATEST], { backend }) =>
    toQuantity(backend.balance(address, stateHeight(backend, tag))),
  ),
  eth_getTransactionCount: method([zAddress, zTag], ([address, tag = LATEST], { backend }) => {
    if (tag.kind === "pending") return toQuantity(backend.pendingNonce(address));
    return toQuantity(backend.nonce(address, stateHeight(backend, tag)));
  }),
  eth_getCode: method([zAddress, zTag], ([address, tag = LATEST], { backend }) => {
    stateHeight(backend, tag);
    return toHex(backend.code(address));
  }),
  // Module state is not EVM storage; no slot is readable through this method.
  eth_getStorageAt: method([zAddress, zStorageKey, zTag], ([, , tag = LATEST], { backend }) => {
    stateHeight(backend, tag);
    return ZERO_WORD;
  }),
  eth_call: method([zCallRequest, zTag, zStateOverrides], ([req, tag = LATEST, overrides], { backend }) => {
    const result = backend.call(req, stateHeight(backend, tag), overrides);
    if (result.status === 0) throw executionReverted(result.output, result.revertReason);
    return toHex(result.output);
  }),
  eth_estimateGas: method([zCallRequest, zTag, zStateOverrides], ([req, tag = LATEST, overrides], { backend }) =>
    toQuantity(backend.estimateGas(req, stateHeight(backend, tag), overrides)),
  ),
};
