import type { CallContext, CallHandler } from "../../state/index.js";
import { fundingDeadline, inspectionDeadline } from "./deadlines.js";
import type { EscrowBank } from "./deps.js";
import { deadlinePassed, unknownEscrow, wrongCaller, wrongState, wrongValue } from "./errors.js";
import { openEscrow } from "./open.js";
import { releaseEscrow, settle } from "./settle.js";
import { type Escrow, EscrowState, readEscrow, stateName, writeEscrow } from "./state.js";

type Role = "payer" | "payee";

/** Load escrow `args[0]` and check the caller's role and the state for `action`. */
function load(ctx: CallContext, args: readonly unknown[], action: string, role: Role, states: EscrowState[]): Escrow {
  const id = args[0] as bigint;
  const e = readEscrow(ctx.store, id);
  if (!e) throw unknownEscrow(id);
  if (ctx.sender !== e[role]) throw wrongCaller(action, `the ${role}`);
  if (!states.includes(e.state)) throw wrongState(action, stateName(e.state));
  return e;
}

/** Payee posts its deposit, equal to the payer's, before the delivery deadline. */
function fund(ctx: CallContext, args: readonly unknown[]): void {
  const e = load(ctx, args, "fund", "payee", [EscrowState.Open]);
  if (ctx.block.time >= e.deliveryDeadline) throw deadlinePassed();
  if (ctx.value !== e.deposit) throw wrongValue(e.deposit, ctx.value);
  writeEscrow(ctx.store, { ...e, state: EscrowState.Funded });
  ctx.deadlines.cancel(e.deliveryDeadline, fundingDeadline(e.id));
  ctx.emit("Funded", { id: e.id, payee: e.payee });
}

/** The escrow's calls (everything but `open` takes the escrow id). */
export function escrowCalls(bank: EscrowBank): Record<string, CallHandler> {
  return {
    open: openEscrow,
    fund,
    acceptEscrow: fund,
    cancel(ctx, args) {
      const e = load(ctx, args, "cancel", "payer", [EscrowState.Open]);
      ctx.deadlines.cancel(e.deliveryDeadline, fundingDeadline(e.id));
      settle(ctx, bank, e, EscrowState.Cancelled, e.amount + e.deposit, 0n);
      ctx.emit("Cancelled", { id: e.id });
    },
    decline(ctx, args) {
      const e = load(ctx, args, "decline", "payee", [EscrowState.Open]);
      ctx.deadlines.cancel(e.deliveryDeadline, fundingDeadline(e.id));
      settle(ctx, bank, e, EscrowState.Declined, e.amount + e.deposit, 0n);
      ctx.emit("Declined", { id: e.id });
    },
    confirmDelivery(ctx, args) {
      const id = args[0] as bigint;
      const e = readEscrow(ctx.store, id);
      if (!e) throw unknownEscrow(id);
      if (ctx.sender !== e.payer && !e.carriers.includes(ctx.sender)) {
        throw wrongCaller("confirm delivery", "the payer or an accepted carrier");
      }
      if (e.state !== EscrowState.Funded) throw wrongState("confirm delivery of", stateName(e.state));
      const inspectionEnds = ctx.block.time + e.inspectionWindowMs;
      writeEscrow(ctx.store, { ...e, state: EscrowState.Delivered, inspectionEnds });
      ctx.deadlines.schedule(inspectionEnds, inspectionDeadline(e.id));
      ctx.emit("DeliveryConfirmed", { id: e.id, by: ctx.sender, inspectionEnds });
    },
    accept(ctx, args) {
      const e = load(ctx, args, "accept", "payer", [EscrowState.Funded, EscrowState.Delivered]);
      if (e.state === EscrowState.Delivered) ctx.deadlines.cancel(e.inspectionEnds, inspectionDeadline(e.id));
      releaseEscrow(ctx, bank, e);
    },
    refund(ctx, args) {
      const e = load(ctx, args, "refund", "payee", [EscrowState.Funded, EscrowState.Delivered]);
      if (e.state === EscrowState.Delivered) ctx.deadlines.cancel(e.inspectionEnds, inspectionDeadline(e.id));
      settle(ctx, bank, e, EscrowState.Refunded, e.amount + e.deposit, e.deposit);
      ctx.emit("Refunded", { id: e.id });
    },
    reject(ctx, args) {
      const e = load(ctx, args, "reject", "payer", [EscrowState.Delivered]);
      ctx.deadlines.cancel(e.inspectionEnds, inspectionDeadline(e.id));
      writeEscrow(ctx.store, { ...e, state: EscrowState.Disputed });
      ctx.emit("Disputed", { id: e.id, by: ctx.sender });
    },
    dispute(ctx, args) {
      const id = args[0] as bigint;
      const e = readEscrow(ctx.store, id);
      if (!e) throw unknownEscrow(id);
      if (ctx.sender !== e.payer && ctx.sender !== e.payee) throw wrongCaller("dispute", "the payer or the payee");
      if (e.state !== EscrowState.Funded && e.state !== EscrowState.Delivered) {
        throw wrongState("dispute", stateName(e.state));
      }
      if (e.state === EscrowState.Delivered) ctx.deadlines.cancel(e.inspectionEnds, inspectionDeadline(e.id));
      writeEscrow(ctx.store, { ...e, state: EscrowState.Disputed });
      ctx.emit("Disputed", { id: e.id, by: ctx.sender });
    },
  };
}
