import { concatBytes } from "../../lib/index.js";
import type { ModuleContext } from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import { ModuleAddress } from "../addresses.js";
import type { StakingBank } from "./deps.js";
import { deleteRedelegation, deleteUnbonding, readRedelegation, readUnbonding } from "./state.js";

/** Kinds of deadline item (first byte of the item id). */
const UNBONDING = 1;
const REDELEGATION = 2;

export const unbondingItem = (id: bigint) => concatBytes(Uint8Array.of(UNBONDING), u64Key(id));
export const redelegationItem = (id: bigint) => concatBytes(Uint8Array.of(REDELEGATION), u64Key(id));

/** A matured unbonding pays its (possibly slashed) balance out; a matured redelegation is forgotten. */
export function onStakingDeadline(ctx: ModuleContext, bank: StakingBank, raw: Uint8Array): void {
  const id = readU64(raw, 1);
  if (raw[0] === UNBONDING) {
    const u = readUnbonding(ctx.store, id);
    if (!u) return;
    deleteUnbonding(ctx.store, u);
    bank.send(ctx.kv, ModuleAddress.staking, u.delegator, u.balance);
  } else if (raw[0] === REDELEGATION) {
    const d = readRedelegation(ctx.store, id);
    if (d) deleteRedelegation(ctx.store, d);
  }
}
