// Every move of an escrow, whoever drives it: escrow's own calls (actor = the transaction's
// sender) and a controlling module's keeper calls (actor = the party the module vouches for).
import type { Address } from "../../crypto/index.js";
import { fundingDeadline, inspectionDeadline, shippingDeadline } from "./deadlines.js";
import { type EscrowEnv, pay } from "./env.js";
import { deadlinePassed, noArbitrator, wrongCaller, wrongState, wrongValue } from "./errors.js";
import { type Escrow, EscrowState, stateName, writeEscrow } from "./state.js";

type Role = "payer" | "payee";

/** Check the actor's role, the state and the running stage's deadline for `action`. */
function check(env: EscrowEnv, e: Escrow, actor: Address, action: string, roles: Role[], states: EscrowState[]) {
  if (!roles.some((r) => e[r] === actor)) throw wrongCaller(action, roles.map((r) => `the ${r}`).join(" or "));
  checkState(env, e, action, states);
}

function checkState(env: EscrowEnv, e: Escrow, action: string, states: EscrowState[]): void {
  if (!states.includes(e.state)) throw wrongState(action, stateName(e.state));
  // At or after a stage's deadline the end-block sweep settles the escrow in this same block;
  // no call may race it (transactions run before the sweep).
  const now = env.block.time;
  if (e.state === EscrowState.Open && now >= e.fundBy) throw deadlinePassed("funding deadline");
  if (e.state === EscrowState.Funded && e.shipBy > 0n && now >= e.shipBy) throw deadlinePassed("shipping deadline");
  if (e.state === EscrowState.Delivered && now >= e.inspectionEnds) throw deadlinePassed("inspection window");
}

/** Drop the deadline of the stage the escrow is leaving (a stale item would do nothing anyway). */
function leaveStage(env: EscrowEnv, e: Escrow): void {
  if (e.state === EscrowState.Open) env.deadlines.cancel(e.fundBy, fundingDeadline(e.id));
  if (e.state === EscrowState.Funded && e.shipBy > 0n) env.deadlines.cancel(e.shipBy, shippingDeadline(e.id));
  if (e.state === EscrowState.Delivered) env.deadlines.cancel(e.inspectionEnds, inspectionDeadline(e.id));
}

/** Close an escrow in a final `state`, paying each party what it gets. */
export function settle(env: EscrowEnv, e: Escrow, state: EscrowState, toPayer: bigint, toPayee: bigint): Escrow {
  const next = { ...e, state };
  writeEscrow(env.store, next);
  pay(env, e.payer, toPayer);
  pay(env, e.payee, toPayee);
  return next;
}

const LIVE_FUNDED = [EscrowState.Funded, EscrowState.Shipped, EscrowState.Delivered];

/** The payee posts its equal deposit (`paid`) before the funding deadline. */
export function fund(env: EscrowEnv, e: Escrow, actor: Address, paid: bigint): void {
  check(env, e, actor, "fund", ["payee"], [EscrowState.Open]);
  if (paid !== e.deposit) throw wrongValue(e.deposit, paid);
  leaveStage(env, e);
  const shipBy = e.shipWindowMs > 0n ? env.block.time + e.shipWindowMs : 0n;
  writeEscrow(env.store, { ...e, state: EscrowState.Funded, shipBy });
  if (shipBy > 0n) env.deadlines.schedule(shipBy, shippingDeadline(e.id));
  env.emit("Funded", { id: e.id, payee: e.payee });
}

/** The payer withdraws before the payee's deposit: full refund. */
export function cancel(env: EscrowEnv, e: Escrow, actor: Address): void {
  check(env, e, actor, "cancel", ["payer"], [EscrowState.Open]);
  leaveStage(env, e);
  settle(env, e, EscrowState.Cancelled, e.amount + e.deposit, 0n);
  env.emit("Cancelled", { id: e.id });
}

/** The payee refuses before depositing: the payer is fully refunded. */
export function decline(env: EscrowEnv, e: Escrow, actor: Address): void {
  check(env, e, actor, "decline", ["payee"], [EscrowState.Open]);
  leaveStage(env, e);
  settle(env, e, EscrowState.Declined, e.amount + e.deposit, 0n);
  env.emit("Declined", { id: e.id });
}

/** The payee marks the goods shipped, with the carrier's tracking hash, before the shipping deadline. */
export function ship(env: EscrowEnv, e: Escrow, actor: Address, trackingHash: `0x${string}`): void {
  check(env, e, actor, "ship", ["payee"], [EscrowState.Funded]);
  leaveStage(env, e);
  writeEscrow(env.store, { ...e, state: EscrowState.Shipped, trackingHash });
  env.emit("Shipped", { id: e.id, trackingHash });
}

/** The payer or an accepted carrier confirms delivery: the inspection window starts. */
export function confirmDelivery(env: EscrowEnv, e: Escrow, actor: Address): bigint {
  if (actor !== e.payer && !e.carriers.includes(actor)) {
    throw wrongCaller("confirm delivery", "the payer or an accepted carrier");
  }
  checkState(env, e, "confirm delivery of", [EscrowState.Funded, EscrowState.Shipped]);
  leaveStage(env, e);
  const inspectionEnds = env.block.time + e.inspectionWindowMs;
  writeEscrow(env.store, { ...e, state: EscrowState.Delivered, inspectionEnds });
  env.deadlines.schedule(inspectionEnds, inspectionDeadline(e.id));
  env.emit("DeliveryConfirmed", { id: e.id, by: actor, inspectionEnds });
  return inspectionEnds;
}

/** Release: the payment to the payee, each deposit back to its owner. */
export function release(env: EscrowEnv, e: Escrow): void {
  settle(env, e, EscrowState.Released, e.deposit, e.amount + e.deposit);
  env.emit("Released", { id: e.id, payee: e.payee });
}

/** The payer accepts the goods. */
export function accept(env: EscrowEnv, e: Escrow, actor: Address): void {
  check(env, e, actor, "accept", ["payer"], LIVE_FUNDED);
  leaveStage(env, e);
  release(env, e);
}

/** The payee gives up: payment and both deposits back to their owners. */
export function refund(env: EscrowEnv, e: Escrow, actor: Address): void {
  check(env, e, actor, "refund", ["payee"], LIVE_FUNDED);
  leaveStage(env, e);
  settle(env, e, EscrowState.Refunded, e.amount + e.deposit, e.deposit);
  env.emit("Refunded", { id: e.id });
}

/** Hand the escrow to the arbitrator ("the automated arbitration process begins"); returns the case id. */
function toArbitration(env: EscrowEnv, e: Escrow, by: Address): bigint {
  if (!env.arbitrator) throw noArbitrator();
  leaveStage(env, e);
  const caseId = env.arbitrator.createDispute(env.ctx, {
    arbitrable: "escrow",
    externalId: e.id,
    payer: e.payer,
    payee: e.payee,
    amount: e.amount,
    deposit: e.deposit,
    category: e.category,
  });
  writeEscrow(env.store, { ...e, state: EscrowState.Disputed, caseId });
  env.emit("Disputed", { id: e.id, by, caseId });
  return caseId;
}

/** The payer rejects the goods during inspection. */
export function reject(env: EscrowEnv, e: Escrow, actor: Address): bigint {
  check(env, e, actor, "reject", ["payer"], [EscrowState.Delivered]);
  return toArbitration(env, e, actor);
}

/** Either party disputes while the escrow is funded, shipped or under inspection. */
export function dispute(env: EscrowEnv, e: Escrow, actor: Address): bigint {
  check(env, e, actor, "dispute", ["payer", "payee"], LIVE_FUNDED);
  return toArbitration(env, e, actor);
}

/** Funding deadline: the payee never deposited; the payer gets amount + deposit back. */
export function expire(env: EscrowEnv, e: Escrow): void {
  settle(env, e, EscrowState.Expired, e.amount + e.deposit, 0n);
  env.emit("Expired", { id: e.id });
}

/**
 * Shipping deadline: the payee took the order and never shipped. The payer gets the payment, its
 * deposit and the payee's deposit (a payee that cannot ship refunds in time and keeps its own).
 */
export function lapse(env: EscrowEnv, e: Escrow): void {
  settle(env, e, EscrowState.Lapsed, e.amount + 2n * e.deposit, 0n);
  env.emit("Lapsed", { id: e.id });
}
