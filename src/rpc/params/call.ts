import { z } from "zod";
import type { Address } from "../../crypto/index.js";
import { bytesEqual } from "../../lib/index.js";
import type { CallRequest, StateOverrides } from "../backend.js";
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

/**
 * eth_call / eth_estimateGas's third argument (geth's StateOverride): per account, a balance and/or
 * a nonce to assume for the simulation. Code and storage overrides have nothing to apply to
 * (system modules are not EVM contracts) and are refused rather than ignored.
 */
export const zStateOverrides = z
  .record(
    z.string(),
    z.object(
      {
        balance: zQuantity.nullish(),
        nonce: zUint64.nullish(),
        code: z.unknown().optional(),
        state: z.unknown().optional(),
        stateDiff: z.unknown().optional(),
      },
      { error: "cannot unmarshal non-object into Go value of type ethapi.OverrideAccount" },
    ),
    { error: "cannot unmarshal non-object into Go value of type ethapi.StateOverride" },
  )
  .transform((o, ctx): StateOverrides => {
    const out = new Map<Address, { balance?: bigint; nonce?: bigint }>();
    for (const [key, v] of Object.entries(o)) {
      const address = zAddress.safeParse(key);
      if (!address.success) {
        ctx.addIssue({ code: "custom", message: `invalid account ${JSON.stringify(key)} in state override` });
        return z.NEVER;
      }
      if (v.code != null || v.state != null || v.stateDiff != null) {
        ctx.addIssue({
          code: "custom",
          message: "code and storage overrides are not supported: system modules are not EVM contracts",
        });
        return z.NEVER;
      }
      out.set(address.data, {
        ...(v.balance == null ? {} : { balance: v.balance }),
        ...(v.nonce == null ? {} : { nonce: v.nonce }),
      });
    }
    return out;
  })
  .optional();
