import { concatBytes } from "../../lib/index.js";
import type { ModuleContext } from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import type { EscrowBank } from "./deps.js";
import { releaseEscrow, settle } from "./settle.js";
import { EscrowState, readEscrow } from "./state.js";

/** Kinds of deadline an escrow queues (first byte of the item id). */
const FUNDING = 1;
const INSPECTION = 2;

function item(kind: number, id: bigint): Uint8Array {
  return concatBytes(Uint8Array.of(kind), u64Key(id));
}

/** The payee must fund before the delivery deadline, else the payer is refunded. */
export const fundingDeadline = (id: bigint) => item(FUNDING, id);
/** Without a rejection, the end of the inspection window releases the escrow. */
export const inspectionDeadline = (id: bigint) => item(INSPECTION, id);

/** Handle one due deadline; a stale item (the escrow moved on) does nothing. */
export function onEscrowDeadline(ctx: ModuleContext, bank: EscrowBank, raw: Uint8Array): void {
  const e = readEscrow(ctx.store, readU64(raw, 1));
  if (!e) return;
  if (raw[0] === FUNDING && e.state === EscrowState.Open) {
    settle(ctx, bank, e, EscrowState.Expired, e.amount + e.deposit, 0n);
    ctx.emit("Expired", { id: e.id });
  } else if (raw[0] === INSPECTION && e.state === EscrowState.Delivered) {
    releaseEscrow(ctx, bank, e);
  }
}
