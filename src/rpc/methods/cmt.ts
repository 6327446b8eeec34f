import { toQuantity } from "../../lib/index.js";
import { zAddress } from "../params/index.js";
import { type Method, method } from "./method.js";

/** The `cmt_` namespace: chain status and vesting, quantities in hex like the `eth_` ones. */
export const cmtMethods: Record<string, Method> = {
  cmt_status: method([], (_, { backend }) => {
    const s = backend.status();
    return {
      chainId: toQuantity(s.chainId),
      height: toQuantity(s.height),
      blockHash: s.blockHash,
      stateRoot: s.stateRoot,
      blockTime: toQuantity(s.blockTime),
      validators: s.validators.map((v) => ({ address: v.address, power: toQuantity(v.power) })),
      mempool: { pending: toQuantity(s.mempool.pending), queued: toQuantity(s.mempool.queued) },
      version: s.version,
    };
  }),
  cmt_vesting: method([zAddress], ([address], { backend }) => {
    const v = backend.vesting(address);
    if (v === null) return null;
    return {
      beneficiary: v.beneficiary,
      label: v.label,
      total: toQuantity(v.total),
      vested: toQuantity(v.vested),
      released: toQuantity(v.released),
      releasable: toQuantity(v.releasable),
      start: toQuantity(v.start),
      nextReleaseTime: v.nextReleaseTime === null ? null : toQuantity(v.nextReleaseTime),
    };
  }),
};
