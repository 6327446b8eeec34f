import { z } from "zod";
import { bytesEqual } from "../../lib/index.js";
import type { CallRequest } from "../backend.js";
import { zAddress, zData, zQuantity, zUint64 } from "./hex.js";

/**
 * The transaction-like object of eth_call / eth_estimateGas (geth's TransactionArgs). Unknown
 * fields (nonce, type, chainId, accessList, ...) are accepted and ignored, as a simulation of
 * the latest state does not need them.
 */
export const zCallRequest = z
  .object(
    {
      from: zAddress.nullish(),
      to: zAddress.nullish(),
      gas: zUint64.nullish(),
      gasPrice: zQuantity.nullish(),
      maxFeePerGas: zQuantity.nullish(),
      maxPriorityFeePerGas: zQuantity.nullish(),
      value: zQuantity.nullish(),
      data: zData.nullish(),
      input: zData.nullish(),
    },
    { error: "cannot unmarshal non-object into Go value of type ethapi.TransactionArgs" },
  )
  .transform((o, ctx): CallRequest => {
    if (o.data != null && o.input != null && !bytesEqual(o.data, o.input)) {
      ctx.addIssue({
        code: "custom",
        message: 'both "data" and "input" are set and not equal. Please use "input" to pass transaction call data',
      });
      return z.NEVER;
    }
    if (o.gasPrice != null && (o.maxFeePerGas != null || o.maxPriorityFeePerGas != null)) {
      ctx.addIssue({ code: "custom", message: "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified" });
      return z.NEVER;
    }
    return {
      from: o.from ?? null,
      to: o.to ?? null,
      gas: o.gas ?? null,
      // An EIP-1559 call is priced at its fee cap, the most it could pay.
      gasPrice: o.gasPrice ?? o.maxFeePerGas ?? null,
      value: o.value ?? 0n,
      data: o.input ?? o.data ?? new Uint8Array(0),
    };
  });
