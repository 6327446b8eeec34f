import { concatBytes } from "../../lib/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import type { EscrowEnv } from "./env.js";
import { EscrowState, readEscrow } from "./state.js";
import { expire, lapse, release } from "./transitions.js";

/** Kinds of deadline an escrow queues (first byte of the item id; part of the state layout). */
const FUNDING = 1;
const INSPECTION = 2;
const SHIPPING = 3;

function item(kind: number, id: bigint): Uint8Array {
  return concatBytes(Uint8Array.of(kind), u64Key(id));
}

/** The payee must fund before `fundBy`, else the payer is refunded. */
export const fundingDeadline = (id: bigint) => item(FUNDING, id);
/** Without a rejection, the end of the inspection window releases the escrow. */
export const inspectionDeadline = (id: bigint) => item(INSPECTION, id);
/** A funded escrow not shipped by `shipBy` lapses to the payer. */
export const shippingDeadline = (id: bigint) => item(SHIPPING, id);

/** Handle one due deadline; a stale item (the escrow moved on) does nothing. */
export function onEscrowDeadline(env: EscrowEnv, raw: Uint8Array): void {
  const e = readEscrow(env.store, readU64(raw, 1));
  if (!e) return;
  if (raw[0] === FUNDING && e.state === EscrowState.Open) expire(env, e);
  else if (raw[0] === SHIPPING && e.state === EscrowState.Funded) lapse(env, e);
  else if (raw[0] === INSPECTION && e.state === EscrowState.Delivered) release(env, e);
}

/**
 * Settle `e` now if its running stage's deadline has passed (same outcome as the sweep). Lets a
 * controlling module act on a deadline whatever order the modules' sweeps run in.
 */
export function settleIfDue(env: EscrowEnv, e: { id: bigint }): void {
  const cur = readEscrow(env.store, e.id);
  if (!cur) return;
  const now = env.block.time;
  if (cur.state === EscrowState.Open && now >= cur.fundBy) expire(env, cur);
  else if (cur.state === EscrowState.Funded && cur.shipBy > 0n && now >= cur.shipBy) lapse(env, cur);
  else if (cur.state === EscrowState.Delivered && now >= cur.inspectionEnds) release(env, cur);
}
